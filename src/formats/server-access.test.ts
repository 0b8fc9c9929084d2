import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerAccess, SERVER_ACCESS_FIELDS, splitServerAccessRecord } from './index.ts';
import { all, rejectsWith, streamOf } from './test-helpers.ts';

const ctx = { bucket: 'b', key: 'k' };

// AWS's documented example record (LogFormat.html), with the three newest fields appended.
const LINE = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be amzn-s3-demo-bucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /amzn-s3-demo-bucket1?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com TLSV1.2 arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP Yes us-east-1';

test('every field of the current format, brackets and quotes stripped, - kept', () => {
  const values = splitServerAccessRecord(LINE)!;
  assert.equal(values.length, SERVER_ACCESS_FIELDS.length);
  assert.deepEqual(values.slice(0, 4), ['79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be', 'amzn-s3-demo-bucket1', '06/Feb/2019:00:00:38 +0000', '192.0.2.3']);
  assert.deepEqual(values.slice(7, 11), ['-', 'GET /amzn-s3-demo-bucket1?versioning HTTP/1.1', '200', '-']);
  assert.deepEqual(values.slice(15, 17), ['-', 'S3Console/0.4']);
  assert.deepEqual(values.slice(24), ['arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP', 'Yes', 'us-east-1']);
});

test('a quoted value may hold quotes and brackets that do not end it', () => {
  assert.deepEqual(splitServerAccessRecord('a "ua "quoted"x [y] z" [t 1] b'), ['a', 'ua "quoted"x [y] z', 't 1', 'b']);
});

test('records map values to names; older logs with fewer columns and newer ones with more', async () => {
  const short = LINE.slice(0, LINE.indexOf(' TLSV1.2'));
  const longer = `${LINE} future-field another`;
  const [batch] = await all(parseServerAccess(streamOf(`${short}\n\n${longer}\n`), ctx));
  assert.deepEqual(batch!.lines, [1, 3]);
  const [a, b] = batch!.records;
  assert.deepEqual(Object.keys(a!), SERVER_ACCESS_FIELDS.slice(0, 23));
  assert.deepEqual(Object.keys(b!), [...SERVER_ACCESS_FIELDS]);
  assert.equal(b!['source_region'], 'us-east-1');
  assert.equal(b!['object_sent'], '-');
  assert.equal(b!['bytes_sent'], '113');
});

test('bad lines name the line and the problem', async () => {
  await rejectsWith(() => all(parseServerAccess(streamOf(`${LINE}\nowner bucket [06/Feb/2019:00:00:38 +0000 1.2.3.4\n`), ctx)), 'FORMAT_BAD_RECORD', "bucket 'b', key 'k', line 2: unterminated quoted or bracketed field");
  await rejectsWith(() => all(parseServerAccess(streamOf('just some text\n'), ctx)), 'FORMAT_BAD_RECORD', "bucket 'b', key 'k', line 1: 3 fields, expected at least 10 (bucket_owner ... http_status)");
});
