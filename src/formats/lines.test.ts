import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from './index.ts';
import { all, rejectsWith, streamOf } from './test-helpers.ts';

const ctx = { bucket: 'b', key: 'k' };

test('splits lines across chunk boundaries, with CRLF and multi-byte characters', async () => {
  const text = 'one\r\ntwo é€\n\nfour 😀\nfive';
  assert.deepEqual(await all(lines(streamOf(text, 1), ctx)), [{ lines: ['one', 'two é€', '', 'four 😀', 'five'], firstLine: 1 }]);
});

test('a final newline does not make an extra line', async () => {
  assert.deepEqual(await all(lines(streamOf('a\nb\n', 2), ctx)), [{ lines: ['a', 'b'], firstLine: 1 }]);
});

test('batches carry their first line number', async () => {
  const text = Array.from({ length: 4500 }, (_, i) => `line ${i + 1}`).join('\n');
  const batches = await all(lines(streamOf(text, 100), ctx));
  assert.deepEqual(batches.map((b) => [b.firstLine, b.lines.length, b.lines[0]]), [[1, 2000, 'line 1'], [2001, 2000, 'line 2001'], [4001, 500, 'line 4001']]);
});

test('a line over maxRecordBytes fails with FORMAT_RECORD_TOO_LARGE naming the line', async () => {
  const text = `short\n${'x'.repeat(3000)}\nshort\n`;
  await rejectsWith(() => all(lines(streamOf(text, 256), { ...ctx, maxRecordBytes: 1000 })), 'FORMAT_RECORD_TOO_LARGE', "bucket 'b', key 'k', line 2: line is longer than 1000 bytes");
  await rejectsWith(() => all(lines(streamOf(`ok\n${'€'.repeat(500)}\n`), { ...ctx, maxRecordBytes: 1000 })), 'FORMAT_RECORD_TOO_LARGE', /line 2:/);
});
