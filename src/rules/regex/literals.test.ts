import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern, exactLiterals, foldAsciiCase, type PatternType } from './index.ts';

test('foldAsciiCase folds A-Z only: not the Kelvin sign, not accented capitals', () => {
  assert.equal(foldAsciiCase('CloudTrail'), 'cloudtrail');
  assert.equal(foldAsciiCase('vpc'), 'vpc');
  assert.equal(foldAsciiCase('\u212Ams'), '\u212Ams');
  assert.equal(foldAsciiCase('KMS\u212A'), 'kms\u212A');
  assert.equal(foldAsciiCase('ÉTAT-É'), 'État-É');
  assert.equal(foldAsciiCase(''), '');
});

test('exactLiterals: anchored literal alternatives of OS_Regex and OS_Match, folded; nothing else', () => {
  const cases: [PatternType, string, string[] | undefined][] = [
    ['osregex', '^cloudtrail$', ['cloudtrail']],
    ['osregex', '^Inspector$|^inspector2$', ['inspector', 'inspector2']],
    ['osregex', '^aws.securityhub$', ['aws.securityhub']], // `.` is a literal in OS_Regex
    ['osregex', '^ConsoleLogin$|^consolelogin$', ['consolelogin']],
    ['osregex', '^svc:s3\\$$', ['svc:s3$']],
    ['osregex', '^$|^vpc$', ['vpc']], // an OS_Regex alternative without atoms never matches
    ['osregex', '^$', undefined],
    ['osregex', '^vpc', undefined],
    ['osregex', 'vpc$', undefined],
    ['osregex', '^v\\.c$', undefined],
    ['osregex', '^\\d+$', undefined],
    ['osregex', '^a$|b', undefined],
    ['osregex', '^(vpc)$', ['vpc']],
    ['osregex', '^bad\\q$', undefined],
    ['osmatch', '^CreateUser$', ['createuser']],
    ['osmatch', '^$', ['']],
    ['osmatch', '!^vpc$', undefined],
    ['osmatch', '^vpc$|', undefined],
    ['osmatch', '^a\\b$', ['a\\b']],
    ['pcre2', '^vpc$', undefined],
  ];
  assert.deepEqual(cases.map(([type, p]) => [type, p, exactLiterals(type, p)]), cases);
});

test('a pattern with exact literals matches an input exactly when the folded input is one of them', () => {
  const patterns: [PatternType, string][] = [
    ['osregex', '^cloudtrail$'], ['osregex', '^Inspector$|^inspector2$'], ['osregex', '^aws.securityhub$'],
    ['osregex', '^REST.GET.OBJECT$'], ['osregex', '^(vpc)$'], ['osmatch', '^CreateUser$'], ['osmatch', '^$|^ab$'],
    ['osregex', '^k\u00e9y$'],
  ];
  for (const [type, p] of patterns) {
    const lits = exactLiterals(type, p)!;
    const m = compilePattern(type, p);
    const inputs = new Set<string>(['', ' ', '\n', 'x']);
    for (const l of lits) {
      for (const v of [l, l.toUpperCase(), `${l}\n`, `\n${l}`, ` ${l}`, `${l} `, l.slice(1), l.slice(0, -1), `${l}x`, l.replace(/k/g, '\u212A'), l.replace(/\u00e9/g, '\u00c9'), l.repeat(200)]) inputs.add(v);
    }
    for (const input of inputs) assert.equal(lits.includes(foldAsciiCase(input)), m.test(input), `${type} ${p} on ${JSON.stringify(input)}`);
  }
});
