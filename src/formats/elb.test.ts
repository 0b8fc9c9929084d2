import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALB_ACCESS, CLB_ACCESS, NLB_ACCESS, parseElbLog, splitElbLine } from './index.ts';
import { all, rejectsWith, streamOf } from './test-helpers.ts';

const ctx = { bucket: 'lb-logs', key: 'AWSLogs/111122223333/elasticloadbalancing/us-east-1/2024/03/05/x.log.gz' };

test('values are split on spaces; quoted values keep their spaces and lose their quotes', () => {
  assert.deepEqual(splitElbLine('http 2024 "GET http://a/ HTTP/1.1" "-" x'), ['http', '2024', 'GET http://a/ HTTP/1.1', '-', 'x']);
  assert.deepEqual(splitElbLine('"" a ""'), ['', 'a', '']);
  assert.deepEqual(splitElbLine('a  b'), ['a', '', 'b']);
  assert.deepEqual(splitElbLine('a b '), ['a', 'b', '']);
});

test('doubled quotes, backslash-escaped quotes and text after a closing quote', () => {
  assert.deepEqual(splitElbLine('"say ""hi""" z'), ['say "hi"', 'z']);
  assert.deepEqual(splitElbLine(String.raw`"agent \"x\" y" z`), [String.raw`agent \"x\" y`, 'z']);
  assert.deepEqual(splitElbLine(String.raw`"ends with backslash\\" z`), [String.raw`ends with backslash\\`, 'z']);
  assert.deepEqual(splitElbLine('"ab"cd ef'), ['abcd', 'ef']);
  assert.deepEqual(splitElbLine('a"b c'), ['a"b', 'c']);
});

test('an unclosed quote is reported', () => {
  assert.deepEqual(splitElbLine('a "b c'), { error: 'the quoted value starting at column 3 is not closed' });
});

test('entries stream in batches with their lines; blank lines are skipped', async () => {
  const clb = '2024-03-05T10:00:00.000000Z web 203.0.113.1:5000 10.0.0.1:80 0.1 0.2 0.3 200 200 0 57 "GET http://web:80/ HTTP/1.1" "curl/8.0" - -';
  const batches = await all(parseElbLog(streamOf(`${clb}\n\n${clb}\r\n`, 7), ctx, CLB_ACCESS));
  assert.equal(batches.length, 1);
  assert.deepEqual(batches[0]!.lines, [clb, clb]);
  assert.equal(batches[0]!.firstLine, 1);
  assert.equal(batches[0]!.rows[1]![11], 'GET http://web:80/ HTTP/1.1');
  assert.equal(batches[0]!.rows[1]!.length, 15);
});

test('too few fields or an unclosed quote fail with FORMAT_LB_COLUMNS naming the line', async () => {
  const nlb = 'tls 2.0 2024-03-05T10:00:00 net/n/1 l 1.2.3.4:5 6.7.8.9:443 1 2 3 4 - - - - - - -';
  await rejectsWith(
    () => all(parseElbLog(streamOf(`${nlb}\nhello world\n`), ctx, NLB_ACCESS)),
    'FORMAT_LB_COLUMNS',
    `bucket 'lb-logs', key '${ctx.key}', line 2: not a valid NLB access log entry: 2 fields, expected at least 18`,
  );
  await rejectsWith(
    () => all(parseElbLog(streamOf('https 2024 "GET /\n'), ctx, ALB_ACCESS)),
    'FORMAT_LB_COLUMNS',
    /line 1: not a valid ALB access log entry: the quoted value starting at column 12 is not closed$/,
  );
});
