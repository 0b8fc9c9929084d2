import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern, PatternSyntaxError } from './index.ts';
import { checkPattern } from './test-helpers.ts';

const check = (pattern: string, cases: ReadonlyArray<readonly [string, boolean]>): void => checkPattern('osmatch', pattern, cases);

test('literal text found anywhere, ASCII case-insensitively', () => {
  check('Accepted password', [['sshd: Accepted password for root', true], ['ACCEPTED PASSWORD', true], ['Accepted  password', false], ['', false]]);
});

test('no special characters but ^ $ | and a leading !: dots, backslashes, stars and brackets are literal', () => {
  check('a.b', [['a.b', true], ['axb', false]]);
  check('C:\\Windows\\*', [['c:\\windows\\*.exe', true], ['C:\\Windows\\x', false]]);
  check('[error] (x)+', [['[ERROR] (x)+ y', true], ['[error] xx', false]]);
  check('a!b', [['a!b', true], ['ab', false]]);
});

test('^ anchors an alternative to the start, $ to the end, both to the whole value', () => {
  check('^Create', [['CreateUser', true], ['xCreate', false]]);
  check('User$', [['CreateUser', true], ['Users', false]]);
  check('^CreateUser$', [['createuser', true], ['CreateUser2', false], ['ACreateUser', false]]);
  check('^$', [['', true], ['x', false]]);
});

test('alternatives each carry their own anchors', () => {
  check('^Create|Delete$|^Get$|Put', [['CreateBucket', true], ['xCreate', false], ['BucketDelete', true], ['Deletex', false], ['GET', true], ['GetX', false], ['xputx', true], ['List', false]]);
});

test('^ and $ elsewhere are literal', () => {
  check('a^b$c', [['a^b$c', true], ['abc', false]]);
});

test('a leading ! negates the whole pattern', () => {
  check('!amazonaws.com$', [['signin.amazonaws.com', false], ['evil.example', true], ['AMAZONAWS.COM', false]]);
  check('!^root$|^admin$', [['root', false], ['ADMIN', false], ['alice', true]]);
  check('!', [['', false], ['x', false]]);
  check('x!', [['x!', true], ['x', false]]);
});

test('an empty alternative (or one of only ^ or $) matches everything, as Wazuh compares an empty string', () => {
  check('', [['', true], ['anything', true]]);
  check('foo|', [['bar', true]]);
  check('^', [['x', true]]);
  check('$', [['x', true]]);
  check('!foo|', [['bar', false], ['foo', false]]);
  check('^$|foo', [['', true], ['xfoo', true], ['bar', false]]);
  check('!^$', [['', false], ['x', true]]);
});

test('only ASCII letters fold: other characters compare exactly', () => {
  check('café', [['CAFé', true], ['CAFÉ', false]]);
  check('k', [['K', true], ['\u212a', false]]);
  check('^ß$', [['ß', true], ['SS', false]]);
});

test('long inputs (beyond the native path budget) answer the same', () => {
  const long = `${'x'.repeat(100_000)}CreateUser`;
  check('createuser', [[long, true], [long.slice(0, -1), false]]);
  check('^createuser', [[long, false]]);
  check('user$', [[long, true]]);
});

test('a pattern longer than Wazuh accepts is refused', () => {
  const pattern = 'a'.repeat(2049);
  assert.throws(
    () => compilePattern('osmatch', pattern),
    (err: unknown) =>
      err instanceof PatternSyntaxError &&
      err.reason === "is 2049 characters long; OS_Match patterns may have at most 2048 (Wazuh's limit)" &&
      err.message === `pattern '${pattern}': ${err.reason}`,
  );
});
