import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pythonJsonDumps } from './python-json.ts';

test("pythonJsonDumps writes what Python's json.dumps writes with its defaults", () => {
  // Expected texts produced by CPython 3: json.dumps(value)
  assert.equal(pythonJsonDumps({ a: 1, b: [true, false, null], c: { d: 'x' }, e: [] , f: {} }), '{"a": 1, "b": [true, false, null], "c": {"d": "x"}, "e": [], "f": {}}');
  assert.equal(pythonJsonDumps('caf\u00e9 \u2603 \ud83d\ude00'), '"caf\\u00e9 \\u2603 \\ud83d\\ude00"');
  assert.equal(pythonJsonDumps('q"b\\s/\n\r\t\b\f\u0001\u007f<>&'), '"q\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001\\u007f<>&"');
  assert.equal(pythonJsonDumps([0.5, 1e-5, 1e16, 123456789.125, -0.25, 3]), '[0.5, 1e-05, 1e+16, 123456789.125, -0.25, 3]');
});
