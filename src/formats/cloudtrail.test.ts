import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloudTrailFileKind, parseCloudTrail } from './index.ts';
import type { ParseContext } from './index.ts';
import { all, rejectsWith, streamOf } from './test-helpers.ts';

const ctx = { bucket: 'trail', key: 'AWSLogs/123456789012/CloudTrail/us-east-1/2024/01/02/f.json.gz' };
const r1 = { eventVersion: '1.08', eventName: 'ConsoleLogin', sourceIPAddress: '1.2.3.4', n: 1 };
const r2 = { eventVersion: '1.08', eventName: 'GetObject', requestParameters: { bucketName: 'x' }, n: 2 };

async function records(text: string, chunkSize = 65536, c: ParseContext = ctx): Promise<Record<string, unknown>[]> {
  return (await all(parseCloudTrail(streamOf(text, chunkSize), c))).flat();
}

test('classifies CloudTrail keys', () => {
  assert.equal(cloudTrailFileKind(ctx.key), 'events');
  assert.equal(cloudTrailFileKind('AWSLogs/123/CloudTrail-Digest/us-east-1/2024/01/02/d.json.gz'), 'digest');
  assert.equal(cloudTrailFileKind('AWSLogs/123/CloudTrail-Insight/us-east-1/2024/01/02/i.json.gz'), 'insight');
  assert.equal(cloudTrailFileKind('CloudTrail-Digest/x.json.gz'), 'digest');
});

test('a compact file yields its records in order', async () => {
  assert.deepEqual(await records(JSON.stringify({ Records: [r1, r2] })), [r1, r2]);
});

test('a pretty-printed file with CRLF line ends', async () => {
  assert.deepEqual(await records(JSON.stringify({ Records: [r1, r2] }, null, 4).replaceAll('\n', '\r\n') + '\r\n'), [r1, r2]);
});

test('Records after other keys, and other keys after Records', async () => {
  const text = `{"a": {"x": [1, "]}"]}, "b": "str\\"ing", "c": 12.5, "d": null, "Records": [${JSON.stringify(r1)}], "e": true}`;
  assert.deepEqual(await records(text, 3), [r1]);
});

test('batches of 500 records', async () => {
  const many = Array.from({ length: 1234 }, (_, n) => ({ n }));
  const batches = await all(parseCloudTrail(streamOf(JSON.stringify({ Records: many }), 1000), ctx));
  assert.deepEqual(batches.map((b) => b.length), [500, 500, 234]);
  assert.deepEqual(batches.flat(), many);
});

test('empty Records yields nothing', async () => {
  assert.deepEqual(await all(parseCloudTrail(streamOf('{"Records": [ ]}'), ctx)), []);
});

test('JSON without Records fails with FORMAT_NO_RECORDS', async () => {
  await rejectsWith(
    () => records('{"foo": [1, 2]}'),
    'FORMAT_NO_RECORDS',
    `bucket 'trail', key '${ctx.key}': the JSON document has no "Records" array (not a CloudTrail log file)`,
  );
  await rejectsWith(() => records('{"Records": {"a": 1}}'), 'FORMAT_NO_RECORDS', /"Records" is not an array$/);
  await rejectsWith(() => records('[1, 2]'), 'FORMAT_NO_RECORDS', /is an array, not an object/);
});

test('digest files yield nothing, by key or by content', async () => {
  const digest = JSON.stringify({ awsAccountId: '1', digestStartTime: '2024-01-02T00:00:00Z', digestSignatureAlgorithm: 'SHA256withRSA', logFiles: [{ s3Object: 'k' }] });
  assert.deepEqual(await records(digest), []);
  assert.deepEqual(await records('not even json', 64, { bucket: 'trail', key: 'AWSLogs/1/CloudTrail-Digest/us-east-1/2024/01/02/d.json.gz' }), []);
});

test('insight files yield their records as events', async () => {
  const insight = { eventVersion: '1.08', eventType: 'AwsCloudTrailInsight', eventCategory: 'Insight', insightDetails: { state: 'Start' } };
  const c = { bucket: 'trail', key: 'AWSLogs/1/CloudTrail-Insight/us-east-1/2024/01/02/i.json.gz' };
  assert.deepEqual(await records(JSON.stringify({ Records: [insight] }), 7, c), [insight]);
});

test('invalid JSON in the middle names the record (1-based) and the byte offset', async () => {
  const first = JSON.stringify({ ...r1, userAgent: '€ 😀 ü' });
  const text = `{"Records":[${first},{"eventName": "é", "bad": tru},${JSON.stringify(r2)}]}`;
  const offset = Buffer.byteLength(`{"Records":[${first},`);
  assert.equal(offset, `{"Records":[${first},`.length + 2 + 2 + 1);
  await rejectsWith(
    () => records(text, 5),
    'FORMAT_BAD_JSON',
    new RegExp(`^bucket 'trail', key '[^']+', record 2: invalid JSON in the record starting at byte offset ${offset}: .*not valid JSON$`),
  );
});

test('a record that is not an object, a missing comma, a truncated file', async () => {
  await rejectsWith(() => records('{"Records":[{"a":1}, 5]}'), 'FORMAT_BAD_JSON', /record 2: the record is not a JSON object \(byte offset 21\)$/);
  await rejectsWith(() => records('{"Records":[{"a":1} {"b":2}]}'), 'FORMAT_BAD_JSON', /expected ',' or '\]' after record 1 \(byte offset 20\)$/);
  await rejectsWith(() => records('{"Records":[{"a":1}, {"b":'), 'FORMAT_BAD_JSON', /the document ends early inside record 2 \(truncated\?\)/);
  await rejectsWith(() => records('   '), 'FORMAT_BAD_JSON', /the document is empty/);
  await rejectsWith(() => records('{"Records":[]} x'), 'FORMAT_BAD_JSON', /unexpected text after the end of the document \(byte offset 15\)$/);
});

test('a record over maxRecordBytes fails with FORMAT_RECORD_TOO_LARGE', async () => {
  const big = { eventName: 'x', blob: 'y'.repeat(5000) };
  await rejectsWith(
    () => records(JSON.stringify({ Records: [r1, big] }), 512, { ...ctx, maxRecordBytes: 4096 }),
    'FORMAT_RECORD_TOO_LARGE',
    `bucket 'trail', key '${ctx.key}', record 2: the record is larger than 4096 bytes`,
  );
  // Multi-byte characters count in bytes, not characters.
  const wide = { s: '€'.repeat(2000) };
  await rejectsWith(() => records(JSON.stringify({ Records: [wide] }), 65536, { ...ctx, maxRecordBytes: 4096 }), 'FORMAT_RECORD_TOO_LARGE', /record 1:/);
});

test('strings with brackets, quotes, escapes and multi-byte characters, fed one byte at a time', async () => {
  const tricky = [
    { a: ']}', b: '"{[', c: 'back\\slash\\', d: '\\"', e: 'tab\t\u0001 é € 😀 日本', f: [{ g: '}' }], h: '\\\\"]' },
    { userAgent: 'Mozilla/5.0 "quoted" \\ ] } [ {', n: -1.5e3, t: true, z: null },
  ];
  const text = JSON.stringify({ Records: tricky }, null, 1);
  assert.deepEqual(await records(text, 1), tricky);
});

test('a leading UTF-8 byte order mark is accepted', async () => {
  assert.deepEqual(await records(`\ufeff${JSON.stringify({ Records: [r1] })}`), [r1]);
});
