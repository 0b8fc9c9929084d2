import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from './index.ts';
import { all, rejectsWith, streamOf } from './test-helpers.ts';

const ctx = { bucket: 'b', key: 'k' };

/** The fields of a one-record object. */
async function fields(record: string, delimiter: string): Promise<string[] | undefined> {
  const [batch] = await all(parseCsv(streamOf(record), ctx, delimiter));
  return batch?.rows[0];
}

test('splits fields as Python csv does: quotes, doubled quotes, empty fields, text after a closing quote', async () => {
  assert.deepEqual(await fields('"a","b,c","",d,', ','), ['a', 'b,c', '', 'd', '']);
  assert.deepEqual(await fields('"say ""hi""",x"y",z', ','), ['say "hi"', 'x"y"', 'z']);
  assert.deepEqual(await fields('"ab"cd,e', ','), ['abcd', 'e']);
  assert.deepEqual(await fields('a b  c', ' '), ['a', 'b', '', 'c']);
  await rejectsWith(() => fields('"open,x', ','), 'FORMAT_BAD_CSV', "bucket 'b', key 'k', line 1: a quoted field is not closed before the end of the object");
});

test('an unclosed quote before many lines fails at once, not after rescanning every line (it was quadratic)', async () => {
  const text = `a,b\n"open\n${'x,y\n'.repeat(100_000)}`;
  const started = performance.now();
  await rejectsWith(() => all(parseCsv(streamOf(text), ctx)), 'FORMAT_BAD_CSV', "bucket 'b', key 'k', line 2: a quoted field is not closed before the end of the object");
  // Linear: well under a second here (the rescanning version took minutes on this input).
  assert.ok(performance.now() - started < 5_000, `took ${Math.round(performance.now() - started)} ms`);
});

test('rows with the line each starts on; quoted fields across lines; blank lines skipped', async () => {
  const text = '"h1","h2"\n\n"a","multi\nline"\r\nb,c\n';
  assert.deepEqual(await all(parseCsv(streamOf(text, 3), ctx)), [{ rows: [['h1', 'h2'], ['a', 'multi\nline'], ['b', 'c']], lines: [1, 3, 5] }]);
});

test('a quoted field never closed fails with FORMAT_BAD_CSV naming its line', async () => {
  await rejectsWith(() => all(parseCsv(streamOf('a,b\n"c,d\ne,f\n'), ctx)), 'FORMAT_BAD_CSV', "bucket 'b', key 'k', line 2: a quoted field is not closed before the end of the object");
});
