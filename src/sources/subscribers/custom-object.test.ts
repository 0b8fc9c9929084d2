import type { WazuhMessage } from '../../core/index.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { readCustomObject } from './custom-object.ts';
import { SUBSCRIBER_HANDLERS } from './handlers.ts';
import { all, streamOf } from '../../formats/test-helpers.ts';
import type { DiscardRegex } from '../../config/index.ts';

async function read(key: string, body: string | Buffer, discard?: DiscardRegex): Promise<string[]> {
  let reopened = 0;
  const batches = await all(readCustomObject(streamOf(body, 7), {
    bucket: 'b', key, discard,
    reopen: () => {
      reopened++;
      return Promise.resolve(streamOf(body));
    },
  }));
  const out = batches.flat().map((e) => JSON.stringify((e.message as WazuhMessage).aws).replace('{"log_info":{"log_file":"' + key + '","s3bucket":"b"},', '{'));
  return reopened > 0 ? [`reopened ${reopened}`, ...out] : out;
}

test('text that only starts with { is read again as lines', async () => {
  assert.deepEqual(await read('x.txt', '{braces} are not JSON 1\nnext line 2\n'), [
    'reopened 1', '{"full_log":"{braces} are not JSON 1","source":"custom"}', '{"full_log":"next line 2","source":"custom"}',
  ]);
});

test('a later bad JSON record is an error naming it', async () => {
  await assert.rejects(read('x.json', '{"a":1} {"b":2} [3]'), { code: 'FORMAT_BAD_JSON', message: "bucket 'b', key 'x.json', record 3: the value is not a JSON object (it starts with '[3]')" });
  await assert.rejects(read('x.json', '{"a":1} {"b":'), { code: 'FORMAT_BAD_JSON', message: "bucket 'b', key 'x.json', record 2: the object ends inside a JSON record (truncated)" });
});

test('CSV: the header decides the names, a long row keeps its extra values under null; tab-separated too', async () => {
  assert.deepEqual(await read('t.tsv', 'user\tip\nann\t10.0.0.1\textra\tmore\n'), ['{"user":"ann","ip":"10.0.0.1","null":["extra","more"],"source":"custom"}']);
});

test('discard_regex: plain lines by their text from the start, JSON records by field', async () => {
  const regex = (pattern: string, field?: string): DiscardRegex => ({ field, pattern, regex: new RegExp(pattern) });
  assert.deepEqual(await read('a.log', 'DEBUG 1 x\nINFO 2 DEBUG\n', regex('DEBUG')), ['{"full_log":"INFO 2 DEBUG","source":"custom"}']);
  assert.deepEqual(await read('a.json', '{"level":"debug","n":1}{"level":"info","n":2}', regex('deb', 'level')), ['{"level":"info","n":2,"source":"custom"}']);
  assert.deepEqual(await read('a.json', '{"level":"debug","n":1}', regex('deb')), ['{"level":"debug","n":1,"source":"custom"}'], 'no field: JSON records are kept');
});

test('gzip and JSON lines; an empty object gives nothing', async () => {
  assert.deepEqual(await read('l.jsonl.gz', gzipSync('{"a":{"b":null,"c":[null]}}\n')), ['{"a":{"c":[null]},"source":"custom"}']);
  await assert.rejects(read('l.jsonl.gz', gzipSync('{"a":1}\n[1]\n')), { code: 'FORMAT_BAD_JSON', message: "bucket 'b', key 'l.jsonl.gz', line 2: the line is not a JSON object" });
  assert.deepEqual(await read('e.log', ''), []);
  assert.deepEqual(await read('e.log', '\n\n'), []);
});

test('security_hub objects that are not Security Hub events are errors naming the record', async () => {
  const body = JSON.stringify({ 'detail-type': 'Security Hub Findings - Imported', detail: { findings: [] } }) + JSON.stringify({ 'detail-type': 'x' });
  await assert.rejects(all(SUBSCRIBER_HANDLERS.security_hub.readObject(streamOf(body), { bucket: 'b', key: 'h', reopen: () => Promise.resolve(streamOf(body)) })), {
    code: 'FORMAT_BAD_JSON', message: "bucket 'b', key 'h', record 2: the event has no \"detail\" object (not a Security Hub EventBridge event)",
  });
});
