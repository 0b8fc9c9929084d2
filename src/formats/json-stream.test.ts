import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonObjects, peekFirstChar } from './index.ts';
import { all, rejectsWith, streamOf } from './test-helpers.ts';
import { textChunks } from './text.ts';

const ctx = { bucket: 'b', key: 'k' };

test('objects back to back (Firehose) and one per line, split across every chunk boundary', async () => {
  const text = '{"a":1,"s":"x}{\\"y"}{"b":{"c":[1,{"d":"}"}]}}\n{"e":null}\r\n\n  {"f":"é€😀"}';
  for (const size of [1, 3, 7, 65536]) {
    const batches = await all(parseJsonObjects(streamOf(text, size), ctx));
    assert.deepEqual(batches, [{
      records: [{ a: 1, s: 'x}{"y' }, { b: { c: [1, { d: '}' }] } }, { e: null }, { f: 'é€😀' }],
      firstRecord: 1,
      lines: [1, 1, 2, 4],
    }], `chunk size ${size}`);
  }
});

test('objects spread over several lines (pretty-printed) and a bad line after good ones', async () => {
  const text = '{"a":1}\n{\n  "b": [\n    2\n  ]\n}\n{"c":3}\n';
  for (const size of [1, 5, 65536]) {
    const [batch] = await all(parseJsonObjects(streamOf(text, size), ctx));
    assert.deepEqual([batch!.records, batch!.lines], [[{ a: 1 }, { b: [2] }, { c: 3 }], [1, 2, 7]], `chunk size ${size}`);
  }
  await rejectsWith(() => all(parseJsonObjects(streamOf('{"a":1}\n{"b":2}\n{"c":}\n'), ctx)), 'FORMAT_BAD_JSON', /^bucket 'b', key 'k', line 3, record 3: invalid JSON/);
});

test('batches carry their first record number', async () => {
  const text = Array.from({ length: 5 }, (_, i) => `{"n":${i + 1}}`).join('\n');
  const batches = await all(parseJsonObjects(streamOf(text, 4), ctx, 2));
  assert.deepEqual(batches.map((b) => [b.firstRecord, b.records.map((r) => r['n']), b.lines]), [[1, [1, 2], [1, 2]], [3, [3, 4], [3, 4]], [5, [5], [5]]]);
});

test('bad input names the record and line', async () => {
  await rejectsWith(() => all(parseJsonObjects(streamOf('{"a":1}\n{"b":tru}\n'), ctx)), 'FORMAT_BAD_JSON', /^bucket 'b', key 'k', line 2, record 2: invalid JSON/);
  await rejectsWith(() => all(parseJsonObjects(streamOf('{"a":1}\n[1,2]'), ctx)), 'FORMAT_BAD_JSON', "bucket 'b', key 'k', line 2, record 2: expected a JSON object, found \"[1,2]\"");
  await rejectsWith(() => all(parseJsonObjects(streamOf('{"a":1}{"b":"cut'), ctx)), 'FORMAT_BAD_JSON', "bucket 'b', key 'k', line 1, record 2: the object stream ends inside a JSON object (truncated object?)");
  await rejectsWith(() => all(parseJsonObjects(streamOf(`{"a":"${'x'.repeat(3000)}"}`, 100), { ...ctx, maxRecordBytes: 1000 })), 'FORMAT_RECORD_TOO_LARGE', /record 1: JSON object is longer than 1000 bytes/);
});

test('an empty or blank object yields nothing', async () => {
  assert.deepEqual(await all(parseJsonObjects(streamOf(' \n\n'), ctx)), []);
});

test('peekFirstChar finds the first non-blank character and replays the whole stream', async () => {
  const { first, text } = await peekFirstChar(streamOf('  \n  {"a":1}', 2));
  assert.equal(first, '{');
  assert.equal((await all(textChunks(text))).join(''), '  \n  {"a":1}');
  const empty = await peekFirstChar(streamOf(''));
  assert.equal(empty.first, undefined);
});
