import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsmonError } from '../../core/index.ts';
import { compilePattern, PatternSyntaxError, type PatternType } from './index.ts';

test('a pattern is compiled once per type: the same matcher comes back', () => {
  const a = compilePattern('osregex', '^\\d+$');
  assert.equal(compilePattern('osregex', '^\\d+$'), a);
  assert.notEqual(compilePattern('pcre2', '^\\d+$'), a);
  assert.equal(compilePattern('pcre2', '^\\d+$').type, 'pcre2');
});

test('the same text means different things in the three languages', () => {
  const input = 'a.b';
  assert.deepEqual(
    (['osmatch', 'osregex', 'pcre2'] as const).map((t) => [t, compilePattern(t, '^A\\.B$').test(input)]),
    [
      ['osmatch', false], // literal backslash
      ['osregex', true], // \. is any character, letters fold
      ['pcre2', false], // case-sensitive
    ],
  );
});

test('PatternSyntaxError is an AwsmonError with code RULE_BAD_PATTERN, and an unknown type is one too', () => {
  assert.throws(
    () => compilePattern('glob' as PatternType, '*.log'),
    (err: unknown) =>
      err instanceof PatternSyntaxError &&
      err instanceof AwsmonError &&
      err.code === 'RULE_BAD_PATTERN' &&
      err.name === 'PatternSyntaxError' &&
      err.message === "pattern '*.log': has the unknown pattern type 'glob' (expected osregex, osmatch or pcre2)",
  );
});

test('a refused pattern is not cached: it throws again', () => {
  assert.throws(() => compilePattern('pcre2', '(a)\\1'), PatternSyntaxError);
  assert.throws(() => compilePattern('pcre2', '(a)\\1'), PatternSyntaxError);
});
