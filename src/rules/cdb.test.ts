import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { addressLookup, parseCdbList, resolveListPath } from './cdb.ts';
import { writeTree } from './test-helpers.ts';

test('CDB text format: key:value, key:, quoted keys with colons, first duplicate wins, CRLF', () => {
  const list = parseCdbList('ConsoleLogin:signin\r\nCreateUser:\n"a0:b1:c2":mac\n\nCreateUser:again\n', 'l');
  assert.deepEqual([...list], [['ConsoleLogin', 'signin'], ['CreateUser', ''], ['a0:b1:c2', 'mac']]);
});

test('a malformed list line is RULE_BAD_LIST naming file and line', () => {
  assert.throws(() => parseCdbList('ok:\nno colon here\n', 'lists/x'), { code: 'RULE_BAD_LIST', message: "lists/x:2: malformed list line 'no colon here' (expected key:value or key:)" });
  assert.throws(() => parseCdbList('"open:key\n', 'lists/x'), { code: 'RULE_BAD_LIST', message: `lists/x:1: malformed list line '"open:key' (a quoted key must be followed by ':', e.g. "a0:b1":value)` });
});

test('address lookups try the address, then its dotted network prefixes', () => {
  const list = parseCdbList('10.1.:net\n192.168.7.7:host\n', 'l');
  assert.deepEqual(['10.1.2.3', '10.10.2.3', '192.168.7.7', '192.168.7.70'].map((a) => addressLookup(list, a)), ['net', undefined, 'host', undefined]);
});

test('list paths resolve as <dir>/<path>, then <dir>/lists/<path without etc/lists/>, directories in order', () => {
  const a = writeTree({ 'etc/lists/amazon/x': 'k:', 'lists/amazon/y': 'k:' });
  const b = writeTree({ 'lists/amazon/x': 'k:', 'amazon/z': 'k:' });
  assert.equal(resolveListPath('etc/lists/amazon/x', [a, b]), join(a, 'etc/lists/amazon/x'));
  assert.equal(resolveListPath('etc/lists/amazon/x', [b, a]), join(b, 'lists/amazon/x'));
  assert.equal(resolveListPath('etc/lists/amazon/y.cdb', [b, a]), join(a, 'lists/amazon/y'));
  assert.equal(resolveListPath('etc/lists/amazon/z', [a, b]), join(b, 'amazon/z'));
  assert.equal(resolveListPath('etc/lists/amazon/none', [a, b]), undefined);
});
