import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pythonRepr, pythonStr, reformat, shouldDiscard } from './index.ts';

test('reformat: nulls dropped, one-element lists unwrapped, tags wrapped, source_ip_address appended', () => {
  const out = reformat({ a: null, b: [1], c: { d: null, e: ['x'] }, tags: 'k=v', sourceIPAddress: '1.2.3.4', f: [] });
  assert.equal(JSON.stringify(out), '{"b":1,"c":{"e":"x"},"tags":{"value":"k=v"},"sourceIPAddress":"1.2.3.4","f":[],"source_ip_address":"1.2.3.4"}');
  assert.equal(JSON.stringify(reformat({ tags: { a: 1 } })), '{"tags":{"a":1}}');
});

test('pythonStr matches Python str() for JSON values', () => {
  assert.equal(pythonStr('text'), 'text');
  assert.equal(pythonStr(false), 'False');
  assert.equal(pythonStr(42), '42');
  assert.equal(pythonStr(0.5), '0.5');
  assert.equal(pythonStr(1e-5), '1e-05');
  assert.equal(pythonStr(1.5e17), '1.5e+17');
  assert.equal(pythonStr(['a', 1, null, true, { 'k"': 'v\n' }]), `['a', 1, None, True, {'k"': 'v\\n'}]`);
  assert.equal(pythonRepr(`it's`), `"it's"`);
  assert.equal(pythonRepr(`it's "q"`), `'it\\'s "q"'`);
  assert.equal(pythonRepr('tab\t\u0001 é\u00a0'), `'tab\\t\\x01 é\\xa0'`);
});

test('discard: dotted field in the raw record, lists element-wise, anchored at the start', () => {
  const record = { eventName: 'GetObject', userIdentity: { type: 'AWSService' }, resources: [{ type: 'AWS::S3::Object' }, { type: 'AWS::KMS::Key' }], tags: ['a', 'b'], n: 5 };
  assert.equal(shouldDiscard(record, { field: 'eventName', regex: /Get/ }), true);
  assert.equal(shouldDiscard(record, { field: 'eventName', regex: /Object/ }), false, 're.match anchors at the start');
  assert.equal(shouldDiscard(record, { field: 'userIdentity.type', regex: /AWSService$/ }), true);
  assert.equal(shouldDiscard(record, { field: 'resources.type', regex: /AWS::KMS/ }), true);
  assert.equal(shouldDiscard(record, { field: 'resources.type', regex: /AWS::EC2/ }), false);
  assert.equal(shouldDiscard(record, { field: 'tags', regex: /b/ }), true);
  assert.equal(shouldDiscard(record, { field: 'n', regex: /5/ }), true);
  assert.equal(shouldDiscard(record, { field: 'missing.path', regex: /.*/ }), false);
  assert.equal(shouldDiscard(record, { field: 'eventName.x', regex: /.*/ }), false);
  assert.equal(shouldDiscard(record, { regex: /.*/ }), false);
  assert.equal(shouldDiscard(record, undefined), false);
  const global = /Get/g;
  assert.equal(shouldDiscard(record, { field: 'eventName', regex: global }), true);
  assert.equal(shouldDiscard(record, { field: 'eventName', regex: global }), true, 'no lastIndex state leaks between calls');
});
