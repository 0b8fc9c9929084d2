import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Each pattern/input pair below takes a backtracking engine (V8's RegExp, PCRE2 without limits)
// longer than the age of the universe: `(a+)+$` alone doubles its work with every extra `a`.
// They run in a child process with a hard time limit, so a regression that reintroduces
// backtracking fails this test instead of hanging the suite.
const HOSTILE_LENGTH = 100_000;
const CASES: ReadonlyArray<readonly [type: string, pattern: string, input: string, expected: boolean]> = [
  ['pcre2', '(a+)+$', 'aaaa!', false],
  ['pcre2', '(a|aa)+$', 'aaaa!', false],
  ['pcre2', '(\\w|a)*\\d$', 'aaaa!', false],
  ['pcre2', '^(a+)+b', 'aaaa!', false],
  ['pcre2', '(.*a){12}$', 'aaaa!', false],
  ['pcre2', '(a+)+!$', 'aaaa!', true],
  ['osregex', '\\.+\\.+\\.+\\.+x', 'aaaa!', false],
  ['osregex', '\\w+\\w+\\w+\\w+\\w+$', 'aaaa!', false],
  ['osregex', '^\\w*\\w*\\w*\\w*\\w*\\d', 'aaaa!', false],
  ['osregex', '(\\w+)+$', 'aaaa!', false],
  ['osregex', '\\.*\\.*\\.*\\.*!$', 'aaaa!', true],
  ['osmatch', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab', 'aaaa!', false],
];


interface Timed {
  pattern: string;
  result: boolean;
  expected: boolean;
  ms: number;
}

/** Runs `script` in a child process killed after 60 s (a stalled matcher cannot hang the suite); its printed results. */
function runIsolated(script: string): Timed[] {
  const cwd = fileURLToPath(new URL('../../..', import.meta.url));
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd, encoding: 'utf8', timeout: 60_000 });
  assert.equal(child.signal, null, `the matcher process was killed after 60 s (${child.signal}): a pattern stalled`);
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as Timed[];
}

test('no pattern stalls on hostile input: 100 KB inputs that make backtracking engines run for ages finish with the right answer', () => {
  const moduleUrl = new URL('./index.ts', import.meta.url).href;
  const script = `
    import { compilePattern } from ${JSON.stringify(moduleUrl)};
    const cases = ${JSON.stringify(CASES)};
    const out = [];
    for (const [type, pattern, sample, expected] of cases) {
      // The sample's last character ends an input of ${HOSTILE_LENGTH} characters of its first.
      const input = sample[0].repeat(${HOSTILE_LENGTH} - 1) + sample[sample.length - 1];
      const m = compilePattern(type, pattern);
      const start = performance.now();
      const result = m.test(input);
      out.push({ pattern, result, expected, ms: performance.now() - start });
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const results = runIsolated(script);
  assert.deepEqual(
    results.map((r) => [r.pattern, r.result]),
    CASES.map(([, pattern, , expected]) => [pattern, expected]),
  );
  // Linear matchers take milliseconds here; a generous bound still catches polynomial blow-ups
  // (a quadratic matcher needs 10^10 steps for these inputs).
  for (const r of results) assert.ok(r.ms < 5_000, `${r.pattern} took ${r.ms.toFixed(0)} ms`);
});

test('a pattern whose DFA would be exponential, on 100 KB of random text, stays linear with its bounded cache', () => {
  const moduleUrl = new URL('./index.ts', import.meta.url).href;
  // "the 1001st character from the end is an `a`": 2^1000 DFA states; each character of random
  // text reaches a new one, so the state cache is dropped and rebuilt again and again.
  const script = `
    import { compilePattern } from ${JSON.stringify(moduleUrl)};
    let seed = 1;
    let input = '';
    for (let i = 0; i < ${HOSTILE_LENGTH}; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      input += (seed >> 16) % 3 === 0 ? 'a' : 'b';
    }
    const out = [];
    for (const [type, pattern] of [['osregex', 'a' + '\\\\.'.repeat(1000) + '$'], ['pcre2', 'a.{1000}$'], ['pcre2', '(a|b)*a(a|b){20}$']]) {
      const m = compilePattern(type, pattern);
      const start = performance.now();
      out.push({ pattern: pattern.slice(0, 12), result: m.test(input), expected: input[input.length - (pattern.includes('{20}') ? 21 : 1001)] === 'a', ms: performance.now() - start });
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const results = runIsolated(script);
  assert.equal(results.length, 3);
  for (const r of results) {
    assert.equal(r.result, r.expected, r.pattern);
    assert.ok(r.ms < 5_000, `${r.pattern} took ${r.ms.toFixed(0)} ms`);
  }
});
