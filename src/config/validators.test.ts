import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileDiscardRegex } from './discard-regex.ts';
import { parseOnlyLogsAfter as parseOnlyLogsAfterPublic } from './index.ts';
import { ConfigError } from '../core/errors.ts';
import { classifyRegion } from './regions.ts';
import { parseEndpoint, parseInterval, parseOnlyLogsAfter, parsePath, parsePathSuffix, parseWday, suggest } from './validators.ts';

/** The compiled regex, failing the test when the pattern is rejected. */
function compiled(pattern: string): RegExp {
  const r = compileDiscardRegex(pattern);
  assert.ok(r.ok, `pattern ${pattern} was rejected`);
  return r.value;
}

test('discard_regex matches like Python re.match: anchored at the start only', () => {
  const r = compiled('Describe|List');
  assert.deepEqual(['DescribeInstances', 'ListBuckets', 'GetObject', 'xDescribe'].map((s) => r.test(s)), [true, true, false, false]);
  // The m flag must not let the match start after a newline.
  const m = compiled('(?m)b');
  assert.deepEqual([m.test('a\nb'), m.test('b\na')], [false, true]);
  // Repeated use gives the same answer: no lastIndex state.
  assert.deepEqual([r.test('ListX'), r.test('ListX')], [true, true]);
});

test('discard_regex translates Python-only syntax', () => {
  assert.equal(compiled('(?i)low').test('LOW severity'), true);
  assert.equal(compiled('(?P<x>a+)-(?P=x)').test('aa-aa'), true);
  assert.equal(compiled('(?P<x>a+)-(?P=x)').test('aa-ab'), false);
  assert.equal(compiled('\\Aabc\\Z').test('abc'), true);
  assert.equal(compiled('\\Aabc\\Z').test('abcd'), false);
  assert.equal(compiled('[]a]+$').test(']a]'), true);
  assert.equal(compiled('[\\A]').test('A'), true);
});

test('discard_regex rejects empty, invalid and untranslatable patterns', () => {
  const expected = 'a regular expression, matched from the start of the value as Python re.match does';
  assert.deepEqual(compileDiscardRegex(''), { ok: false, reason: 'is empty', expected });
  assert.deepEqual(compileDiscardRegex('a)|(b'), { ok: false, reason: 'is not a valid regular expression (Unmatched \')\')', expected });
  assert.deepEqual(compileDiscardRegex('(?x)a b'), { ok: false, reason: 'uses the Python flag (?x), which has no JavaScript equivalent', expected });
});

test('regions: known, plausible unknown, invalid', () => {
  assert.deepEqual(
    ['us-east-1', 'il-central-1', 'us-gov-west-1', 'cn-northwest-1', 'us-isob-east-1', 'xx-west-3', 'us-east-9x', 'useast1', ''].map(classifyRegion),
    ['known', 'known', 'known', 'known', 'unknown', 'unknown', 'invalid', 'invalid', 'invalid'],
  );
});

test('endpoints: URLs kept, host names become https, others rejected', () => {
  assert.deepEqual(parseEndpoint('http://127.0.0.1:5000'), { ok: true, value: 'http://127.0.0.1:5000' });
  assert.deepEqual(parseEndpoint('vpce-1a2b.sts.us-east-1.vpce.amazonaws.com'), { ok: true, value: 'https://vpce-1a2b.sts.us-east-1.vpce.amazonaws.com' });
  assert.deepEqual(parseEndpoint('localhost:4566'), { ok: true, value: 'https://localhost:4566' });
  assert.deepEqual(parseEndpoint('https://user:pw@example.com'), { ok: false, reason: 'holds credentials', expected: 'an endpoint URL without user or password' });
  assert.equal(parseEndpoint('http://').ok, false);
  assert.equal(parseEndpoint('-bad-.com').ok, false);
});

test('interval, only_logs_after, path, path_suffix and wday values', () => {
  assert.deepEqual(['1', '90s', '3m', '0', '1.5h', '5y', '-1'].map((v) => { const r = parseInterval(v); return r.ok ? r.value : null; }),
    [1, 90, 180, null, null, null, null]);
  assert.deepEqual(['2018-AUG-21', '2024-feb-29', '2019-Dec-1', '2023-FEB-29', '2018-AUGUST-21', '18-AUG-21'].map((v) => {
    const r = parseOnlyLogsAfter(v);
    return r.ok ? r.value : null;
  }), ['2018-08-21', '2024-02-29', '2019-12-01', null, null, null]);
  assert.deepEqual(parsePath('AWSLogs/prod'), { ok: true, value: 'AWSLogs/prod/' });
  assert.deepEqual(parsePath('AWSLogs/prod/'), { ok: true, value: 'AWSLogs/prod/' });
  assert.deepEqual(parsePath('/'), { ok: false, reason: "starts with '/', but S3 keys never do", expected: 'no <path> at all' });
  assert.equal(parsePath('a|b').ok, false);
  assert.equal(parsePath('a;b').ok, false);
  assert.deepEqual(parsePathSuffix('eu-west-1'), { ok: true, value: 'eu-west-1/' });
  assert.deepEqual(['Monday', 'SUN', 'wed', 'mo'].map((v) => { const r = parseWday(v); return r.ok ? r.value : null; }),
    ['monday', 'sunday', 'wednesday', null]);
});

test('did-you-mean hints: typos and truncations, nothing for unrelated names', () => {
  const options = ['regions', 'remove_from_bucket', 'aws_profile', 'name'];
  assert.deepEqual(['regoins', 'Regions', 'aws_profil', 'remove', 'colour'].map((n) => suggest(n, options)),
    ['regions', 'regions', 'aws_profile', 'remove_from_bucket', undefined]);
});

test('the public parseOnlyLogsAfter returns YYYY-MM-DD or throws CONFIG_INVALID', () => {
  assert.equal(parseOnlyLogsAfterPublic('2018-AUG-21'), '2018-08-21');
  assert.throws(() => parseOnlyLogsAfterPublic('2018-13-01'), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.code, 'CONFIG_INVALID');
    assert.deepEqual(err.problems, ["only_logs_after '2018-13-01' is not a date (expected a date YYYY-MMM-DD, e.g. 2018-AUG-21)"]);
    return true;
  });
});
