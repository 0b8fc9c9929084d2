import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CODES } from './error-codes.ts';

test('docs/errors.md documents exactly the error codes the code defines', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const documented = [...doc.matchAll(/^### ([A-Z0-9_]+)\s*$/gm)].map((m) => m[1]).sort();
  const defined = Object.keys(ERROR_CODES).sort();
  assert.deepEqual(documented.filter((c) => !defined.includes(c!)), [], 'stale codes in docs/errors.md');
  assert.deepEqual(defined.filter((c) => !documented.includes(c)), [], 'codes missing from docs/errors.md');
});
