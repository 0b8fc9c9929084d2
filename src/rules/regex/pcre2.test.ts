import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pcre2ToRe2 } from './pcre2-translate.ts';
import { pcre2Engines } from './pcre2.ts';
import { checkPattern, syntaxReason } from './test-helpers.ts';

const check = (pattern: string, cases: ReadonlyArray<readonly [string, boolean]>): void => checkPattern('pcre2', pattern, cases);
const reason = (pattern: string): string => syntaxReason('pcre2', pattern);

test('case-sensitive unless (?i), as Wazuh documents: post matches (?i)POST|GET|PUT, not POST|GET|PUT', () => {
  check('POST|GET|PUT', [['post', false], ['POST', true]]);
  check('(?i)POST|GET|PUT', [['post', true], ['get', true]]);
  check('a(?i)b', [['aB', true], ['AB', false]]);
  check('(?i:a)b', [['Ab', true], ['AB', false]]);
});

test('Wazuh documentation examples: https?, \\d{4}, \\d{2,}, IPv4 with {1,3}', () => {
  check('https?', [['http', true], ['https', true], ['htp', false]]);
  check('^\\d{4}$', [['1000', true], ['999', false], ['10000', false]]);
  check('^\\d{2,}$', [['12', true], ['12345', true], ['1', false]]);
  check('^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$', [['10.0.0.1', true], ['1000.0.0.1', false], ['10.0.0', false]]);
  check('^(\\d{1,3}\\.?){4}$', [['192.168.1.20', true], ['19216812', true], ['1.2.3', false]]);
  check('from=<(.*?@(.*?))>', [['from=<a@b.c>, size=9', true], ['from=<>', false]]);
});

test('. does not match a newline unless (?s); ^ and $ are line anchors with (?m)', () => {
  check('a.c', [['abc', true], ['a\nc', false]]);
  check('(?s)a.c', [['a\nc', true]]);
  check('^b', [['a\nb', false]]);
  check('(?m)^b$', [['a\nb\nc', true]]);
});

test('$ and \\Z also match before a final newline; \\z only at the very end', () => {
  check('a$', [['a', true], ['a\n', true], ['a\n\n', false], ['ab', false]]);
  check('a\\Z', [['a\n', true], ['a\nb', false]]);
  check('a\\z', [['a', true], ['a\n', false]]);
  check('^abc$', [['abc', true], ['abc\n', true], ['xabc', false]]);
});

test('\\s includes the vertical tab (RE2 lacks it); \\h, \\v, \\R, \\N as PCRE2 defines them', () => {
  check('^\\s$', [[' ', true], ['\t', true], ['\x0b', true], ['\n', true], ['\u00a0', false], ['a', false]]);
  check('^\\S$', [['\x0b', false], ['a', true]]);
  check('^[\\s]$', [['\x0b', true], ['a', false]]);
  check('^[^\\S]$', [['\x0b', true], ['a', false]]);
  check('^a\\hb$', [['a\tb', true], ['a\u00a0b', true], ['a\u3000b', true], ['a\nb', false]]);
  check('^a\\Hb$', [['axb', true], ['a b', false]]);
  check('^a\\vb$', [['a\nb', true], ['a\x0bb', true], ['a\u2028b', true], ['a b', false]]);
  check('^a\\Rb$', [['a\r\nb', true], ['a\nb', true], ['a\rb', true], ['a\n\nb', false]]);
  check('^a\\Nb$', [['axb', true], ['a\nb', false]]);
});

test('escapes of single characters: hex, octal, control, \\e, \\Q...\\E, escaped punctuation', () => {
  check('^\\x41\\x{263a}\\101\\o{101}\\cA\\e$', [['A\u263aAA\x01\x1b', true], ['A\u263aAA\x02\x1b', false]]);
  check('^\\0$', [['\0', true]]);
  check('^\\Qa.b*\\E+$', [['a.b**', true], ['axbb', false]]);
  check('^\\Qa|b', [['a|b', true], ['a', false]]);
  check('^\\/api\\/v1\\.0$', [['/api/v1.0', true], ['/api/v1x0', false]]);
  check('^[\\b]$', [['\b', true]]);
  check('^[\\x41-\\x43]+$', [['ABC', true], ['ABD', false]]);
});

test('{ that is not a quantifier is a literal brace; lazy quantifiers keep their meaning', () => {
  check('^a{$', [['a{', true]]);
  check('^a{,3}$', [['a{,3}', true], ['aaa', false]]);
  check('^x{2,3}?$', [['xx', true], ['xxx', true], ['x', false]]);
  check('^a]b}$', [['a]b}', true]]);
});

test('group forms that do not change what matches: named, branch reset, comments, options', () => {
  check('^(?<year>\\d{4})-(?\'m\'\\d\\d)-(?P<d>\\d\\d)$', [['2024-01-31', true], ['2024-1-31', false]]);
  check('^(?|(a)|(b))c$', [['ac', true], ['bc', true], ['cc', false]]);
  check('^a(?#a comment)b$', [['ab', true]]);
  check('(?n)^(a)+$', [['aaa', true]]);
  check('(?^i)ABC', [['abc', true]]);
  check('(?i)(?^)ABC', [['abc', false], ['ABC', true]]);
  check('(*UTF)(*NO_JIT)^a$', [['a', true]]);
});

test('extended mode (?x) ignores white space and # comments, also when scoped', () => {
  check('(?x) ^ a  b # comment\n c $', [['abc', true], ['a b c', false]]);
  check('(?x: a b ) c', [['ab c', true], ['abc', false]]);
  check('(?x)a\\ b', [['a b', true]]);
  check('(?x)[ ]', [[' ', true]]);
  check('(?xx)^[a b]$', [[' ', false], ['b', true]]);
});

test('\\K and \\G: the first only moves the reported start, the second is the start of the subject here', () => {
  check('foo\\Kbar', [['foobar', true], ['bar', false]]);
  check('\\Gab', [['abc', true], ['cab', false]]);
});

test('octal escapes beyond the groups: \\12 is a newline when there are fewer than 12 groups', () => {
  check('^a\\12b$', [['a\nb', true]]);
});

test('POSIX classes and Unicode properties pass through', () => {
  check('^[[:alpha:]]+$', [['abc', true], ['ab1', false]]);
  check('^\\p{Lu}', [['Abc', true], ['abc', false]]);
});

test('constructs that cannot run in linear time are refused with the reason', () => {
  const lookahead = 'uses a lookahead (?=...) or (?!...), which cannot run in linear time; awsmon does not run it';
  const lookbehind = 'uses a lookbehind (?<=...) or (?<!...), which cannot run in linear time; awsmon does not run it';
  const atomic = 'uses an atomic group (?>...), which cannot run in linear time; awsmon does not run it';
  const possessive = 'uses a possessive quantifier (*+, ++, ?+ or {n,m}+), which cannot run in linear time; awsmon does not run it';
  const backref = 'uses a backreference (\\1, \\g{n}, \\k<name> or (?P=name)), which cannot run in linear time; awsmon does not run it';
  const recursion = 'uses recursion or a subroutine call ((?R), (?1), (?&name), \\g<name>), which cannot run in linear time; awsmon does not run it';
  const conditional = 'uses a conditional group (?(...)...), which cannot run in linear time; awsmon does not run it';
  const expected: ReadonlyArray<readonly [string, string]> = [
    ['foo(?=bar)', lookahead],
    ['foo(?!bar)', lookahead],
    ['(*pla:foo)', lookahead],
    ['(*negative_lookahead:foo)', lookahead],
    ['(?*foo)', lookahead],
    ['(?<=foo)bar', lookbehind],
    ['(?<!foo)bar', lookbehind],
    ['(*nlb:foo)bar', lookbehind],
    ['(?>a+)b', atomic],
    ['(*atomic:a+)b', atomic],
    ['a*+b', possessive],
    ['a++b', possessive],
    ['a?+b', possessive],
    ['a{2,5}+b', possessive],
    // Wazuh's PCRE2 page shows this backreference; awsmon refuses it at load time instead.
    ['^(\\d+\\.\\d+\\.\\d+\\.\\d+) \\1', backref],
    ['(a)\\1', backref],
    ['(\\d)\\g1', backref],
    ['(\\d)\\g{-1}', backref],
    ['(?<x>a)\\k<x>', backref],
    ["(?<x>a)\\k'x'", backref],
    ['(?P<x>a)(?P=x)', backref],
    ['^\\9', backref],
    ['(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10', backref],
    ['a(?R)?b', recursion],
    ['(a)(?1)', recursion],
    ['(a)(?-1)', recursion],
    ['(?<x>a)(?&x)', recursion],
    ['(?P<x>a)(?P>x)', recursion],
    ['(?<x>a)\\g<x>', recursion],
    ['(a)?(?(1)b|c)', conditional],
    ['a(?C1)b', 'uses a callout (?C...), which awsmon does not run'],
    ['a(*SKIP)b', 'uses the backtracking control verb or setting (*SKIP...), which awsmon does not run'],
    ['a(*FAIL)|b', 'uses the backtracking control verb or setting (*FAIL...), which awsmon does not run'],
    ['(*sr:\\d+)', 'uses a script run (*sr:...), which cannot run in linear time; awsmon does not run it'],
    ['(*CRLF)a$', 'starts with the setting (*CRLF), which changes newline or matching conventions; awsmon does not support it'],
    ['\\X', 'uses \\X, which the linear-time engine cannot run; awsmon does not support it'],
    ['[[:<:]]word', 'uses the word-boundary class [[:<:]] or [[:>:]], which needs a lookaround; write \\b instead'],
  ];
  assert.deepEqual(
    expected.map(([pattern]) => [pattern, reason(pattern)]),
    expected,
  );
});

test('syntax errors are refused with the reason', () => {
  assert.equal(reason('a\\'), 'ends with a lone backslash');
  assert.equal(reason('\\q'), 'has the unknown escape \\q at offset 0');
  assert.equal(reason('[\\q]'), 'has the unknown escape \\q inside a character class at offset 1');
  assert.equal(reason('[abc'), "has a '[' at offset 0 that is never closed");
  assert.equal(reason('[\\d-z]'), 'has an invalid range starting at \\d inside a character class at offset 1');
  assert.equal(reason('[\\s-z]'), 'has an invalid range starting at \\s inside a character class at offset 1');
  assert.equal(reason('\\x{zz}'), 'has a malformed \\x{...} escape at offset 0');
  assert.equal(reason('(?Q)'), "has an unknown group construct '(?Q' at offset 0");
  assert.equal(reason('(?#never closed'), 'has a comment (?#... that is never closed');
  assert.match(reason('(abc'), /^is not a valid PCRE2 pattern: .*missing closing \)/);
  assert.match(reason('a)'), /^is not a valid PCRE2 pattern: .*unexpected \)/);
  assert.match(reason('*a'), /^is not a valid PCRE2 pattern: .*missing argument to repetition operator/);
  assert.match(reason('[z-a]'), /^is not a valid PCRE2 pattern: .*invalid character class range/);
});

test('the translation into RE2 syntax', () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['a$', 'a(?:\\n?$)'],
    ['\\s', '[\\x{9}-\\x{d}\\x{20}]'],
    ['\\Z', '(?:\\n?\\z)'],
    ['(a)(?:b)(?<n>c)', '(?:a)(?:b)(?:c)'],
    ['(?x) a b # c\n c', 'abc'],
    ['(?^i)a', '(?i-ms)a'],
    ['\\Qa.b\\E', 'a\\.b'],
    ['a{,3}', 'a\\{,3\\}'],
    ['\\G\\Kx', '\\Ax'],
  ];
  assert.deepEqual(
    cases.map(([p]) => [p, pcre2ToRe2(p)]),
    cases,
  );
});

test('common pattern shapes run on the automaton, the others on re2js', () => {
  const native = (p: string): boolean => pcre2Engines(p).native !== null;
  assert.deepEqual(
    ['^(CreateUser|DeleteUser)$', '(?i)accessdenied', '^\\d{1,3}(\\.\\d{1,3}){3}$', 'a.b', '[^"]+', '\\bword\\b', '(?m)^a$', 'a(?i)b', '\\p{Lu}', '[[:alpha:]]', '(^a|b)'].map((p) => [p, native(p)]),
    [['^(CreateUser|DeleteUser)$', true], ['(?i)accessdenied', true], ['^\\d{1,3}(\\.\\d{1,3}){3}$', true], ['a.b', true], ['[^"]+', true], ['\\bword\\b', false], ['(?m)^a$', false], ['a(?i)b', false], ['\\p{Lu}', false], ['[[:alpha:]]', false], ['(^a|b)', false]],
  );
});

test('input with characters above U+FFFF answers as re2js does (code points, not code units)', () => {
  check('^.$', [['\u{1f600}', true], ['a', true], ['ab', false]]);
  check('^[^a]b$', [['\u{1f600}b', true]]);
  check('^\\S+$', [['x\u{1f600}y', true]]);
  check('^[\\x{1f600}-\\x{1f64f}]$', [['\u{1f600}', true], ['a', false]]);
});

test('random patterns and inputs: the automaton answers exactly as re2js does', () => {
  let seed = 424242;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  // Each atom with a character it matches, each quantifier with how many times to repeat it.
  const atoms: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['a', ['a']], ['b', ['b']], ['B', ['B']], ['.', ['x', 'é', '\u{1f600}']], ['\\d', ['5']], ['\\w', ['_', 'Q']], ['\\W', ['!', 'é']],
    ['\\s', [' ', '\n']], ['\\S', ['q']], ['[a-c]', ['c']], ['[^b]', ['z', '\u{1f600}']], ['[\\d.]', ['.', '7']], ['\\.', ['.']], ['é', ['é']],
    ['-', ['-']], [' ', [' ']], ['\\n', ['\n']],
  ];
  const quants: ReadonlyArray<readonly [string, number, number]> = [['', 1, 1], ['', 1, 1], ['', 1, 1], ['*', 0, 2], ['+', 1, 2], ['?', 0, 1], ['{2}', 2, 2], ['{0,2}', 0, 2], ['{1,}', 1, 3], ['*?', 0, 2]];
  const gen = (depth: number): [string, string] => {
    let pattern = '';
    let sample = '';
    for (let k = 1 + rnd(4); k > 0; k--) {
      let p: string;
      let one: () => string;
      if (depth < 2 && rnd(5) === 0) {
        const [a, sa] = gen(depth + 1);
        const [b, sb] = gen(depth + 1);
        const two = rnd(2) === 0;
        p = `(${a}${two ? `|${b}` : ''})`;
        one = () => (two && rnd(2) === 0 ? sb : sa);
      } else {
        const [text, chars] = atoms[rnd(atoms.length)]!;
        p = text;
        one = () => chars[rnd(chars.length)]!;
      }
      const [q, min, max] = quants[rnd(quants.length)]!;
      pattern += p + q;
      for (let n = min + rnd(max - min + 1); n > 0; n--) sample += one();
    }
    return [pattern, sample];
  };
  const alphabet = ['a', 'b', 'B', 'c', '1', '.', ' ', '\n', '\t', '-', 'é', '\u{1f600}', '"'];
  let compared = 0;
  let matched = 0;
  for (let iter = 0; iter < 800; iter++) {
    const branches: Array<[string, string]> = [];
    for (let b = 1 + rnd(2); b > 0; b--) {
      const [p, sample] = gen(0);
      const start = rnd(3) === 0;
      const end = rnd(3) === 0;
      branches.push([(start ? '^' : '') + p + (end ? '$' : ''), sample]);
    }
    const flags = rnd(4) === 0 ? '(?i)' : rnd(6) === 0 ? '(?s)' : '';
    const pattern = flags + branches.map(([p]) => p).join('|');
    const { re2, native } = pcre2Engines(pattern);
    assert.ok(native !== null, `${pattern} runs on the automaton`);
    for (let t = 0; t < 25; t++) {
      let input = '';
      if (t % 2 === 0) {
        for (let k = rnd(8); k > 0; k--) input += alphabet[rnd(alphabet.length)];
      } else {
        input = branches[rnd(branches.length)]![1];
        if (flags === '(?i)' && rnd(2) === 0) input = input.toUpperCase().replace(/É/g, 'é');
        if (rnd(3) === 0) input = alphabet[rnd(alphabet.length)]! + input;
        if (rnd(3) === 0) input += alphabet[rnd(alphabet.length)]!;
        if (rnd(4) === 0 && input.length > 0) {
          const at = rnd(input.length);
          input = input.slice(0, at) + alphabet[rnd(alphabet.length)]! + input.slice(at + 1);
        }
      }
      const want = re2(input);
      assert.equal(native(input), want, `${JSON.stringify(pattern)} on ${JSON.stringify(input)}`);
      compared++;
      if (want) matched++;
    }
  }
  assert.equal(compared, 20_000);
  assert.ok(matched > 4_000 && matched < 16_000, `a useful mix of matches and misses (${matched} matches)`);
});
