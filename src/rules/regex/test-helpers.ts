/** Test helpers shared by the pattern tests. */
import assert from 'node:assert/strict';
import { compilePattern, PatternSyntaxError } from './index.ts';
import type { PatternType } from './index.ts';

/** Asserts, for each [input, expected] pair, what the pattern of `type` answers. */
export function checkPattern(type: PatternType, pattern: string, cases: ReadonlyArray<readonly [string, boolean]>): void {
  const m = compilePattern(type, pattern);
  assert.equal(m.type, type);
  assert.equal(m.source, pattern);
  assert.deepEqual(
    cases.map(([input]) => [input, m.test(input)]),
    cases.map(([input, expected]) => [input, expected]),
    `pattern ${JSON.stringify(pattern)}`,
  );
}

/** Why `pattern` does not compile; asserts the error's code, pattern and message shape. */
export function syntaxReason(type: PatternType, pattern: string): string {
  try {
    compilePattern(type, pattern);
  } catch (err) {
    assert.ok(err instanceof PatternSyntaxError, String(err));
    assert.equal(err.code, 'RULE_BAD_PATTERN');
    assert.equal(err.pattern, pattern);
    assert.equal(err.message, `pattern '${pattern}': ${err.reason}`);
    return err.reason;
  }
  assert.fail(`${JSON.stringify(pattern)} compiled`);
}
