import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RE2JS } from 're2js';
import { compilePattern } from './index.ts';
import { parseOsRegex, type AtomSet, type Branch } from './osregex-parse.ts';
import { Automaton } from './automaton.ts';
import { branchesNfa } from './osregex.ts';
import { checkPattern, syntaxReason } from './test-helpers.ts';

const check = (pattern: string, cases: ReadonlyArray<readonly [string, boolean]>): void => checkPattern('osregex', pattern, cases);
const reason = (pattern: string): string => syntaxReason('osregex', pattern);

test('Wazuh documentation example: ^\\d\\d\\d matches 333 and 222, not f44', () => {
  check('^\\d\\d\\d', [['333', true], ['f44', false], ['222', true], ['1234', true], ['x333', false]]);
});

test('\\w is A-Z a-z 0-9 - @ _ (Wazuh adds - @ _ to the usual word characters)', () => {
  check('^\\w$', [['a', true], ['Z', true], ['7', true], ['-', true], ['@', true], ['_', true], ['.', false], [' ', false], ['é', false], ['/', false]]);
});

test('\\d is 0-9 only', () => {
  check('^\\d$', [['0', true], ['9', true], ['a', false], ['٣', false], ['/', false], [':', false]]);
});

test('\\s is the space only: not a tab or a newline', () => {
  check('a\\sb', [['a b', true], ['a\tb', false], ['a\nb', false], ['ab', false]]);
});

test('\\t is the tab', () => {
  check('a\\tb', [['a\tb', true], ['a b', false]]);
});

test('\\p is exactly the punctuation Wazuh lists: ()*+,-.:;<=>?[]!"\'#$%&|{}', () => {
  const listed = '()*+,-.:;<=>?[]!"\'#$%&|{}';
  const m = compilePattern('osregex', '^\\p$');
  for (const ch of listed) assert.equal(m.test(ch), true, ch);
  for (const ch of '/\\^_`~@ aZ09é\t') assert.equal(m.test(ch), false, ch);
});

test('\\W \\D \\S are the complements, including characters above ASCII', () => {
  check('^\\W$', [['.', true], ['é', true], [' ', true], ['a', false], ['_', false], ['@', false], ['-', false]]);
  check('^\\D$', [['a', true], ['é', true], ['5', false]]);
  check('^\\S$', [['a', true], ['\t', true], ['é', true], [' ', false]]);
});

test('\\. is any character (newline included) while a plain . is a literal dot', () => {
  check('^a\\.c$', [['abc', true], ['a.c', true], ['a\nc', true], ['ac', false]]);
  check('^a.c$', [['a.c', true], ['abc', false]]);
});

test('escaped specials are literal: \\$ \\( \\) \\\\ \\| \\<', () => {
  check('^\\$\\(\\)\\\\\\|\\<$', [['$()\\|<', true], ['$()\\|>', false]]);
  check('cost \\$5', [['the cost $5 total', true], ['cost 5', false]]);
});

test('case-insensitive for ASCII letters only, as Wazuh folds with its charmap', () => {
  check('ConsoleLogin', [['consolelogin', true], ['CONSOLELOGIN', true], ['xConSoLeLoGiNx', true], ['Console Login', false]]);
  check('^é$', [['é', true], ['É', false]]);
  // The Kelvin sign and the long s upper-case to ASCII letters in Unicode; Wazuh compares bytes.
  check('^k$', [['K', true], ['\u212a', false]]);
  check('^s$', [['S', true], ['\u017f', false]]);
});

test('+ repeats the escape before it one or more times, * zero or more times', () => {
  check('^\\d+$', [['1', true], ['123456', true], ['', false], ['12a', false]]);
  check('^a\\d*b$', [['ab', true], ['a1b', true], ['a123b', true], ['a1xb', false]]);
  check('^\\$+x', [['$$$x', true], ['x', false]]);
});

test('+ and * after a plain character or a group are literal characters, as Wazuh compares them', () => {
  check('a+', [['a+', true], ['aa', false], ['a', false]]);
  check('^+x', [['+x', true], ['x', false]]);
  check('(\\d)+', [['1+', true], ['11', false]]);
  check('\\d++', [['12+', true], ['12', false]]);
});

test('anchors: ^ first and $ last anchor their own alternative; elsewhere they are literal', () => {
  check('^abc|xyz$', [['abcd', true], ['zabc', false], ['wxyz', true], ['xyzw', false]]);
  check('^abc$|^def', [['abc', true], ['abcd', false], ['defg', true], ['xdef', false]]);
  check('a^b', [['a^b', true], ['ab', false]]);
  check('a$b', [['a$b', true], ['ab', false]]);
});

test('unanchored patterns match anywhere, and alternatives are tried each on its own', () => {
  check('Failure|Denied', [['AccessDenied', true], ['Failure: x', true], ['ok', false]]);
  check('user (\\w+) logged in', [['user ad-min@x_y logged in now', true], ['user  logged in', false]]);
});

test('groups do not change what matches', () => {
  check('^(\\d+)-(\\w+)$', [['12-ab', true], ['12-', false]]);
});

test('an alternative with nothing to match never matches, as in Wazuh', () => {
  check('', [['', false], ['x', false]]);
  check('^', [['', false], ['x', false]]);
  check('$', [['x', false]]);
  check('^$', [['', false]]);
  check('^$|b', [['', false], ['b', true]]);
});

test('an alternative that can match nothing makes the pattern match accordingly', () => {
  check('\\d*', [['', true], ['abc', true]]);
  check('\\d*$', [['abc', true]]);
  check('^\\d*$', [['', true], ['123', true], ['12a', false]]);
});

test('invalid patterns are refused with the reason', () => {
  assert.equal(reason('a\\q'), 'has the unknown escape \\q at offset 1 (OS_Regex knows \\w \\d \\s \\p \\W \\D \\S \\. \\t and the escaped characters \\$ \\( \\) \\\\ \\| \\<)');
  assert.equal(reason('a\\n'), 'has the unknown escape \\n at offset 1 (OS_Regex knows \\w \\d \\s \\p \\W \\D \\S \\. \\t and the escaped characters \\$ \\( \\) \\\\ \\| \\<)');
  assert.equal(reason('abc\\'), 'ends with a lone backslash (write \\\\ for a backslash)');
  assert.equal(reason('(a(b))'), "nests parentheses at offset 2; OS_Regex allows one level of groups");
  assert.equal(reason('a)'), "has an unbalanced ')' at offset 1");
  assert.equal(reason('(abc'), "has a '(' at offset 0 that is never closed");
  assert.equal(reason('(foo|bar)'), "has '|' inside parentheses at offset 4; OS_Regex allows '|' only between whole alternatives");
  assert.equal(reason('x'.repeat(2049)), 'is 2049 characters long; OS_Regex patterns may have at most 2048 (Wazuh\'s limit)');
  assert.equal(compilePattern('osregex', 'x'.repeat(2048)).test('x'.repeat(2048)), true);
});

test('the parser keeps anchors and quantifiers per branch', () => {
  assert.deepEqual(parseOsRegex('^a\\d+|b\\.*$'), [
    { anchorStart: true, anchorEnd: false, atoms: [{ set: { kind: 'lit', code: 0x61 }, repeat: 'one' }, { set: { kind: 'class', name: 'd' }, repeat: 'plus' }] },
    { anchorStart: false, anchorEnd: true, atoms: [{ set: { kind: 'lit', code: 0x62 }, repeat: 'one' }, { set: { kind: 'class', name: '.' }, repeat: 'star' }] },
  ]);
});

test('quantifier-free patterns answer the same on inputs beyond the native path budget', () => {
  // `^abc$|xyz` has 6 atoms: inputs above 2^18 / 6 characters go to the automaton.
  const long = `${'q'.repeat(50_000)}XyZ`;
  check('^abc$|xyz', [['ABC', true], ['abcd', false], [long, true], [long.slice(0, -1), false], [`abc${'q'.repeat(50_000)}`, false]]);
});

// An independent oracle: the same branches spelled in RE2 syntax and run by re2js.
const RE2_CLASS: Readonly<Record<string, string>> = { w: '[\\-0-9@A-Z_a-z]', d: '[0-9]', s: ' ', p: '[!-\\x27(-.:-?\\[\\]{|}]', W: '[^\\-0-9@A-Z_a-z]', D: '[^0-9]', S: '[^ ]', '.': '(?s:.)', t: '\\t' };
function re2Set(set: AtomSet): string {
  if (set.kind === 'class') return RE2_CLASS[set.name]!;
  const ch = String.fromCharCode(set.code);
  return /[a-z]/i.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : `\\x{${set.code.toString(16)}}`;
}
function oracle(branches: readonly Branch[]): (input: string) => boolean {
  const source = branches
    .filter((b) => b.atoms.length > 0)
    .map((b) => (b.anchorStart ? '^' : '') + b.atoms.map((a) => re2Set(a.set) + { one: '', plus: '+', star: '*' }[a.repeat]).join('') + (b.anchorEnd ? '$' : ''))
    .join('|');
  if (source === '') return () => false;
  const re = RE2JS.compile(source);
  return (input) => re.test(input);
}

const SAMPLES: Readonly<Record<string, string>> = { w: 'aZ9-@_', d: '0123456789', s: ' ', p: '()*+,-.:;<=>?[]!"\'#$%&|{}', W: '.é !', D: 'aé-', S: 'aé\t', '.': 'aé \t!', t: '\t' };
function sample(set: AtomSet, rnd: (n: number) => number): string {
  if (set.kind === 'lit') {
    const ch = String.fromCharCode(set.code);
    return rnd(2) === 0 ? ch.toUpperCase() : ch.toLowerCase();
  }
  const chars = SAMPLES[set.name]!;
  return chars[rnd(chars.length)]!;
}

test('random patterns and inputs: the matcher agrees with an RE2 spelling of the same pattern', () => {
  const pieces = ['a', 'B', 'b', '.', '-', ' ', '\\w', '\\d', '\\s', '\\p', '\\W', '\\D', '\\S', '\\.', '\\t', '\\$', '\\(', '+', '*', 'é', '1', '_', '@', ':'];
  const alphabet = ['a', 'A', 'b', 'B', '1', '2', ' ', '\t', '-', '@', '_', '.', '(', '$', 'é', 'ü', ':', '+', '*', '!'];
  let seed = 20261122;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let compared = 0;
  let matched = 0;
  for (let iter = 0; iter < 1500; iter++) {
    const branches: string[] = [];
    for (let b = 1 + rnd(3); b > 0; b--) {
      let s = rnd(3) === 0 ? '^' : '';
      for (let k = rnd(6); k > 0; k--) {
        const p = pieces[rnd(pieces.length)]!;
        s += p + (p.startsWith('\\') ? ['', '', '+', '*'][rnd(4)]! : '');
      }
      branches.push(s + (rnd(3) === 0 ? '$' : ''));
    }
    const pattern = branches.join('|');
    const parsed = parseOsRegex(pattern);
    const expected = oracle(parsed);
    const m = compilePattern('osregex', pattern);
    for (let t = 0; t < 30; t++) {
      let input = '';
      const branch = parsed[rnd(parsed.length)]!;
      if (t % 2 === 0 || branch.atoms.length === 0) {
        for (let k = rnd(9); k > 0; k--) input += alphabet[rnd(alphabet.length)];
      } else {
        // Half the inputs are written from a branch, then sometimes padded or altered.
        for (const a of branch.atoms) {
          const count = a.repeat === 'one' ? 1 : a.repeat === 'plus' ? 1 + rnd(3) : rnd(3);
          for (let k = 0; k < count; k++) input += sample(a.set, rnd);
        }
        if (rnd(3) === 0) input = alphabet[rnd(alphabet.length)]! + input;
        if (rnd(3) === 0) input += alphabet[rnd(alphabet.length)]!;
        if (rnd(3) === 0 && input.length > 0) {
          const at = rnd(input.length);
          input = input.slice(0, at) + alphabet[rnd(alphabet.length)]! + input.slice(at + 1);
        }
      }
      const want = expected(input);
      assert.equal(m.test(input), want, `${JSON.stringify(pattern)} on ${JSON.stringify(input)}`);
      compared++;
      if (want) matched++;
    }
  }
  assert.equal(compared, 45_000);
  assert.ok(matched > 8_000 && matched < 37_000, `a useful mix of matches and misses (${matched} matches)`);
});

test('a pattern whose DFA is exponential drops and rebuilds its state cache and stays correct', () => {
  // "the 18th character from the end is an `a`" needs 2^17 DFA states, beyond the cache bound.
  const pattern = `a${'\\.'.repeat(17)}$`;
  const branches = parseOsRegex(pattern);
  const automaton = new Automaton(branchesNfa(branches));
  const expected = oracle(branches);
  let seed = 7;
  let input = '';
  for (let i = 0; i < 40_000; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    input += (seed >> 16) % 7 === 0 ? 'a' : 'b';
  }
  // Inputs that end early, mid-way and at the end exercise the automaton after several resets.
  for (const end of [5, 17, 18, 1000, 39_999, 40_000]) assert.equal(automaton.test(input.slice(0, end)), expected(input.slice(0, end)), `length ${end}`);
  assert.equal(automaton.test('b'.repeat(40_000)), false);
  assert.equal(automaton.test(`${'b'.repeat(40_000)}a${'b'.repeat(17)}`), true);
});

test('patterns Wazuh\'s greedy matcher documents as missing do match here (docs/patterns.md)', () => {
  check('\\p*\\d*\\s*\\w*:', [[':', true], ['x', false]]);
  check('^\\.\\.$', [['é', false], ['ab', true]]);
});
