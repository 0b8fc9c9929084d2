import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, splitCsvRecord } from './index.ts';
import { all, rejectsWith, streamOf } from './test-helpers.ts';

const ctx = { bucket: 'b', key: 'k' };

test('splits fields as Python csv does: quotes, doubled quotes, empty fields, text after a closing quote', () => {
  assert.deepEqual(splitCsvRecord('"a","b,c","",d,', ','), ['a', 'b,c', '', 'd', '']);
  assert.deepEqual(splitCsvRecord('"say ""hi""",x"y",z', ','), ['say "hi"', 'x"y"', 'z']);
  assert.deepEqual(splitCsvRecord('"ab"cd,e', ','), ['abcd', 'e']);
  assert.deepEqual(splitCsvRecord('a b  c', ' '), ['a', 'b', '', 'c']);
  assert.equal(splitCsvRecord('"open,x', ','), undefined);
});

test('rows with the line each starts on; quoted fields across lines; blank lines skipped', async () => {
  const text = '"h1","h2"\n\n"a","multi\nline"\r\nb,c\n';
  assert.deepEqual(await all(parseCsv(streamOf(text, 3), ctx)), [{ rows: [['h1', 'h2'], ['a', 'multi\nline'], ['b', 'c']], lines: [1, 3, 5] }]);
});

test('a quoted field never closed fails with FORMAT_BAD_CSV naming its line', async () => {
  await rejectsWith(() => all(parseCsv(streamOf('a,b\n"c,d\ne,f\n'), ctx)), 'FORMAT_BAD_CSV', "bucket 'b', key 'k', line 2: a quoted field is not closed before the end of the object");
});
