import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvRows, sniffDelimiter } from './csv.ts';
import type { LineBatch } from './lines.ts';

function batches(lines: string[]): LineBatch[] {
  return [{ lines, firstLine: 1 }];
}

async function rows(lines: string[], delimiter = ','): Promise<{ rows: string[][]; firstLine: number }[]> {
  const out = [];
  for await (const b of csvRows(batches(lines), delimiter, { bucket: 'b', key: 'k.csv' })) out.push(b);
  return out;
}

test('the delimiter is the candidate used most in the header, outside quotes', () => {
  assert.equal(sniffDelimiter('a,b,c'), ',');
  assert.equal(sniffDelimiter('a\tb\tc'), '\t');
  assert.equal(sniffDelimiter('"x,y";b;c'), ';');
  assert.equal(sniffDelimiter('a|b'), '|');
  assert.equal(sniffDelimiter('message'), ',');
});

test('quoted fields keep delimiters, doubled quotes and line breaks; blank lines are skipped', async () => {
  assert.deepEqual(await rows(['name,note', '', '"Doe, J","said ""hi"""', 'x,"two', 'lines"', 'y,']), [{
    rows: [['name', 'note'], ['Doe, J', 'said "hi"'], ['x', 'two\nlines'], ['y', '']],
    firstLine: 1,
  }]);
});

test('a quoted field never closed fails naming the line its row starts on', async () => {
  await assert.rejects(rows(['a,b', '1,"open', 'more']), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'FORMAT_BAD_CSV');
    assert.equal(err.message, "bucket 'b', key 'k.csv', line 2: a quoted field is never closed");
    return true;
  });
});
