import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileAccessor, decodedFields, stringifyLeaf } from './fields.ts';

const origin = { location: 'Wazuh-AWS', hostname: 'h', agentId: '000' };

test("leaves are stringified like Wazuh's json decoder", () => {
  assert.deepEqual([5, -3, 2.5, 2147483648, 1e-7, true, false, null, ['a', 1, { b: null }], 's', {}].map(stringifyLeaf),
    ['5', '-3', '2.500000', '2147483648.000000', '0.000000', 'true', 'false', 'null', '["a",1,{"b":null}]', 's', undefined]);
});

test('dotted paths: exact keys, case-insensitive fallback, keys holding dots, objects are not fields', () => {
  const m = { aws: { userIdentity: { userName: 'eve' }, 'a.b': { c: 1 }, EventName: 'X', obj: { k: 1 }, list: [1] } };
  const get = (n: string) => compileAccessor(n, origin)(m);
  assert.deepEqual(['aws.userIdentity.userName', 'AWS.USERIDENTITY.username', 'aws.a.b.c', 'aws.eventName', 'aws.obj', 'aws.list', 'aws.missing', 'aws.list.0'].map(get),
    ['eve', 'eve', '1', 'X', undefined, '[1]', undefined, undefined]);
});

test('static fields read top-level keys only; user is dstuser; pseudo-fields come from the origin', () => {
  const m = { user: 'root', srcip: '1.2.3.4', systemname: 'sys', aws: { srcip: 'nested' } };
  assert.deepEqual(['dstuser', 'srcip', 'system_name', '@location', '@hostname', '@program_name'].map((n) => compileAccessor(n, origin)(m)), ['root', '1.2.3.4', 'sys', 'Wazuh-AWS', 'h', undefined]);
});

test('decodedFields lists every leaf in message order', () => {
  assert.deepEqual(decodedFields({ integration: 'aws', aws: { a: 1, b: { c: null }, d: [] } }), [['integration', 'aws'], ['aws.a', '1'], ['aws.b.c', 'null'], ['aws.d', '[]']]);
});
