/**
 * What PCRE2 and RE2 spell differently, and what awsmon refuses: the shared tables of the PCRE2
 * translation (pcre2-translate.ts, pcre2-escapes.ts).
 */

export type Range = readonly [number, number];

export const MAX_CODE = 0x10ffff;
/** PCRE2's `\s`: space, \t \n \v(VT) \f \r (RE2's `\s` lacks the vertical tab). */
const SPACE: readonly Range[] = [[0x09, 0x0d], [0x20, 0x20]];
/** PCRE2's `\h`: horizontal white space. */
const HSPACE: readonly Range[] = [[0x09, 0x09], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x180e, 0x180e], [0x2000, 0x200a], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000]];
/** PCRE2's `\v`: vertical white space (not the vertical-tab character it is in RE2). */
export const VSPACE: readonly Range[] = [[0x0a, 0x0d], [0x85, 0x85], [0x2028, 0x2029]];

/** RE2 spelling of one character code. */
export function hex(c: number): string {
  return `\\x{${c.toString(16)}}`;
}

/** Class-body text for ranges. */
export function rangesBody(ranges: readonly Range[]): string {
  return ranges.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('');
}

/** The code points not in `ranges` (sorted, disjoint). */
function complement(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [a, b] of ranges) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_CODE) out.push([next, MAX_CODE]);
  return out;
}

/** Class-body text (without brackets) for the PCRE2 escapes RE2 spells differently. */
export const CLASS_BODY: Readonly<Record<string, string>> = {
  s: rangesBody(SPACE),
  S: rangesBody(complement(SPACE)),
  h: rangesBody(HSPACE),
  H: rangesBody(complement(HSPACE)),
  v: rangesBody(VSPACE),
  V: rangesBody(complement(VSPACE)),
};

export const REFUSE = {
  lookahead: 'uses a lookahead (?=...) or (?!...), which cannot run in linear time; awsmon does not run it',
  lookbehind: 'uses a lookbehind (?<=...) or (?<!...), which cannot run in linear time; awsmon does not run it',
  atomic: 'uses an atomic group (?>...), which cannot run in linear time; awsmon does not run it',
  possessive: 'uses a possessive quantifier (*+, ++, ?+ or {n,m}+), which cannot run in linear time; awsmon does not run it',
  backref: 'uses a backreference (\\1, \\g{n}, \\k<name> or (?P=name)), which cannot run in linear time; awsmon does not run it',
  recursion: 'uses recursion or a subroutine call ((?R), (?1), (?&name), \\g<name>), which cannot run in linear time; awsmon does not run it',
  conditional: 'uses a conditional group (?(...)...), which cannot run in linear time; awsmon does not run it',
  callout: 'uses a callout (?C...), which awsmon does not run',
  scriptRun: 'uses a script run (*sr:...), which cannot run in linear time; awsmon does not run it',
} as const;

/** Alphabetic assertion names of PCRE2 (`(*pla:...)`) and what they are. */
export const ALPHA_ASSERTIONS: Readonly<Record<string, keyof typeof REFUSE>> = {
  pla: 'lookahead', positive_lookahead: 'lookahead', nla: 'lookahead', negative_lookahead: 'lookahead',
  napla: 'lookahead', non_atomic_positive_lookahead: 'lookahead',
  plb: 'lookbehind', positive_lookbehind: 'lookbehind', nlb: 'lookbehind', negative_lookbehind: 'lookbehind',
  naplb: 'lookbehind', non_atomic_positive_lookbehind: 'lookbehind',
  atomic: 'atomic', sr: 'scriptRun', script_run: 'scriptRun', asr: 'scriptRun', atomic_script_run: 'scriptRun',
};

/** Start-of-pattern settings that do not change what matches here (UTF-16 strings, no JIT). */
export const HARMLESS_SETTINGS = /^(UTF8?|NO_AUTO_POSSESS|NO_START_OPT|NO_DOTSTAR_ANCHOR|NO_JIT|LIMIT_(MATCH|DEPTH|HEAP|RECURSION)=\d+)$/;

export interface Scope {
  x: boolean;
  xx: boolean;
}

export const PCRE_SPACE = /[ \t\n\x0b\f\r]/;
export const HEX = /[0-9a-fA-F]/;
export const OCT = /[0-7]/;


/** A literal character outside a class, escaped when RE2 would read it as an operator. */
export function hexOrPunct(ch: string): string {
  return /[\\.+*?()|[\]{}^$]/.test(ch) ? '\\' + ch : ch;
}

/** A literal character inside a class. */
export function classLiteral(ch: string): string {
  return /[\\\][^-]/.test(ch) ? '\\' + ch : ch;
}
