/**
 * Translation of PCRE2 patterns (as Wazuh compiles them: no options, so case-sensitive, `.` not
 * matching `\n`, `$` also before a final newline) into the RE2 syntax of re2js.
 *
 * Constructs that mean the same in both are rewritten into RE2's spelling (`\s` with vertical
 * tab, `\h` `\v` `\R` `\N`, `\Z`, `$`, `\G`, `\K`, octal and control escapes, `\Q...\E`, named
 * and branch-reset groups, comments, extended mode `(?x)`, flag resets `(?^)`). Constructs that
 * need backtracking (backreferences, lookaround, atomic groups, possessive quantifiers, recursion
 * and subroutine calls, conditionals, backtracking verbs, callouts) are refused with the reason,
 * because a pattern that can stall the pipeline on hostile input must not load.
 */
import { PatternSyntaxError } from './errors.ts';

type Range = readonly [number, number];

const MAX_CODE = 0x10ffff;
/** PCRE2's `\s`: space, \t \n \v(VT) \f \r (RE2's `\s` lacks the vertical tab). */
const SPACE: readonly Range[] = [[0x09, 0x0d], [0x20, 0x20]];
/** PCRE2's `\h`: horizontal white space. */
const HSPACE: readonly Range[] = [[0x09, 0x09], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x180e, 0x180e], [0x2000, 0x200a], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000]];
/** PCRE2's `\v`: vertical white space (not the vertical-tab character it is in RE2). */
const VSPACE: readonly Range[] = [[0x0a, 0x0d], [0x85, 0x85], [0x2028, 0x2029]];

function hex(c: number): string {
  return `\\x{${c.toString(16)}}`;
}

function rangesBody(ranges: readonly Range[]): string {
  return ranges.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('');
}

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
const CLASS_BODY: Readonly<Record<string, string>> = {
  s: rangesBody(SPACE),
  S: rangesBody(complement(SPACE)),
  h: rangesBody(HSPACE),
  H: rangesBody(complement(HSPACE)),
  v: rangesBody(VSPACE),
  V: rangesBody(complement(VSPACE)),
};

const REFUSE = {
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
const ALPHA_ASSERTIONS: Readonly<Record<string, keyof typeof REFUSE>> = {
  pla: 'lookahead', positive_lookahead: 'lookahead', nla: 'lookahead', negative_lookahead: 'lookahead',
  napla: 'lookahead', non_atomic_positive_lookahead: 'lookahead',
  plb: 'lookbehind', positive_lookbehind: 'lookbehind', nlb: 'lookbehind', negative_lookbehind: 'lookbehind',
  naplb: 'lookbehind', non_atomic_positive_lookbehind: 'lookbehind',
  atomic: 'atomic', sr: 'scriptRun', script_run: 'scriptRun', asr: 'scriptRun', atomic_script_run: 'scriptRun',
};

/** Start-of-pattern settings that do not change what matches here (UTF-16 strings, no JIT). */
const HARMLESS_SETTINGS = /^(UTF8?|NO_AUTO_POSSESS|NO_START_OPT|NO_DOTSTAR_ANCHOR|NO_JIT|LIMIT_(MATCH|DEPTH|HEAP|RECURSION)=\d+)$/;

interface Scope {
  x: boolean;
  xx: boolean;
}

const PCRE_SPACE = /[ \t\n\x0b\f\r]/;
const HEX = /[0-9a-fA-F]/;
const OCT = /[0-7]/;

/** Translates a PCRE2 pattern into RE2 syntax; throws PatternSyntaxError for refused constructs. */
export function pcre2ToRe2(pattern: string): string {
  return new Translator(pattern).run();
}

class Translator {
  readonly #p: string;
  #i = 0;
  #out = '';
  #scopes: Scope[] = [{ x: false, xx: false }];
  /** Capture groups opened so far: `\10` is a backreference only when that many exist. */
  #captures = 0;

  constructor(pattern: string) {
    this.#p = pattern;
  }

  #fail(reason: string): never {
    throw new PatternSyntaxError(this.#p, reason);
  }

  get #scope(): Scope {
    return this.#scopes[this.#scopes.length - 1]!;
  }

  run(): string {
    const p = this.#p;
    this.#leadingSettings();
    while (this.#i < p.length) {
      const c = p[this.#i]!;
      if (this.#scope.x) {
        if (PCRE_SPACE.test(c)) {
          this.#i++;
          continue;
        }
        if (c === '#') {
          while (this.#i < p.length && p[this.#i] !== '\n') this.#i++;
          continue;
        }
      }
      switch (c) {
        case '\\':
          this.#escape();
          break;
        case '[':
          this.#charClass();
          break;
        case '(':
          this.#groupOpen();
          break;
        case ')':
          if (this.#scopes.length > 1) this.#scopes.pop();
          this.#out += ')';
          this.#i++;
          break;
        case '*':
        case '+':
        case '?':
          this.#out += c;
          this.#i++;
          this.#quantifierSuffix();
          break;
        case '{':
          this.#brace();
          break;
        case '$':
          // PCRE2's `$` also matches before a newline that ends the subject; RE2's does not.
          this.#out += '(?:\\n?$)';
          this.#i++;
          break;
        case ']':
        case '}':
          this.#out += '\\' + c;
          this.#i++;
          break;
        default:
          this.#out += c;
          this.#i++;
      }
    }
    return this.#out;
  }

  /** `(*UTF)`-style settings at the very start: harmless ones are dropped, others refused. */
  #leadingSettings(): void {
    const p = this.#p;
    for (;;) {
      const m = /^\(\*([A-Z_0-9]+(?:=\d+)?)\)/.exec(p.slice(this.#i));
      if (!m) return;
      if (!HARMLESS_SETTINGS.test(m[1]!)) {
        this.#fail(`starts with the setting (*${m[1]}), which changes newline or matching conventions; awsmon does not support it`);
      }
      this.#i += m[0].length;
    }
  }

  /** A lazy `?` after a quantifier is kept; a possessive `+` is refused. */
  #quantifierSuffix(): void {
    const n = this.#p[this.#i];
    if (n === '+') this.#fail(REFUSE.possessive);
    if (n === '?') {
      this.#out += '?';
      this.#i++;
    }
  }

  /** `{n}`, `{n,}`, `{n,m}` are quantifiers; any other `{` is a literal brace in PCRE2. */
  #brace(): void {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.#p.slice(this.#i));
    if (!m) {
      this.#out += '\\{';
      this.#i++;
      return;
    }
    this.#out += m[0];
    this.#i += m[0].length;
    this.#quantifierSuffix();
  }

  #groupOpen(): void {
    const p = this.#p;
    const rest = p.slice(this.#i);
    const push = (scope: Scope, text: string, len: number): void => {
      this.#scopes.push(scope);
      this.#out += text;
      this.#i += len;
    };
    const inherit = (): Scope => ({ ...this.#scope });
    if (rest.startsWith('(*')) {
      const m = /^\(\*([A-Za-z_]*)(:|\)|=)?/.exec(rest);
      const name = m?.[1] ?? '';
      const kind = ALPHA_ASSERTIONS[name];
      if (kind && m?.[2] === ':') this.#fail(REFUSE[kind]);
      this.#fail(`uses the backtracking control verb or setting (*${name}...), which awsmon does not run`);
    }
    if (!rest.startsWith('(?')) {
      // Captures are irrelevant to whether a pattern matches: every group is non-capturing.
      this.#captures++;
      push(inherit(), '(?:', 1);
      return;
    }
    const after = rest.slice(2);
    const ch = after[0];
    if (ch === '#') {
      const end = p.indexOf(')', this.#i);
      if (end < 0) this.#fail('has a comment (?#... that is never closed');
      this.#i = end + 1;
      return;
    }
    if (ch === ':' || ch === '|') return push(inherit(), '(?:', 3);
    if (ch === '>') this.#fail(REFUSE.atomic);
    if (ch === '=' || ch === '!') this.#fail(REFUSE.lookahead);
    if (ch === '*') this.#fail(REFUSE.lookahead);
    if (after.startsWith('<=') || after.startsWith('<!') || after.startsWith('<*')) this.#fail(REFUSE.lookbehind);
    if (ch === '(') this.#fail(REFUSE.conditional);
    if (ch === 'C') this.#fail(REFUSE.callout);
    if (ch === 'R' || ch === '&' || /^[+-]?\d/.test(after) || after.startsWith('P>')) this.#fail(REFUSE.recursion);
    if (after.startsWith('P=')) this.#fail(REFUSE.backref);
    const named = /^(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)'|P<([A-Za-z_]\w*)>)/.exec(after);
    if (named) {
      this.#captures++;
      return push(inherit(), '(?:', 2 + named[0].length);
    }
    const flags = /^(\^?)([imnsxJU]*)(?:-([imnsxJU]*))?([:)])/.exec(after);
    if (!flags) this.#fail(`has an unknown group construct '(?${after.slice(0, 1)}' at offset ${this.#i}`);
    const [whole, caret, on = '', off = '', close] = flags;
    const scope = close === ':' ? inherit() : this.#scope;
    const re2On = new Set<string>();
    const re2Off = new Set<string>();
    if (caret) {
      // (?^) unsets i, m, n, s and x before applying the letters that follow it.
      for (const f of 'ims') re2Off.add(f);
      scope.x = false;
      scope.xx = false;
    }
    const apply = (letters: string, value: boolean): void => {
      const xs = (letters.match(/x/g) ?? []).length;
      if (xs > 0) {
        scope.x = value;
        scope.xx = value && xs > 1;
      }
      for (const f of letters) {
        if (f !== 'i' && f !== 'm' && f !== 's' && f !== 'U') continue;
        (value ? re2On : re2Off).add(f);
        (value ? re2Off : re2On).delete(f);
      }
    };
    apply(on, true);
    apply(off, false);
    const spelled = [...re2On].join('') + (re2Off.size > 0 ? '-' + [...re2Off].join('') : '');
    if (close === ':') {
      push(scope, spelled ? `(?${spelled}:` : '(?:', 2 + whole.length);
    } else {
      this.#out += spelled ? `(?${spelled})` : '';
      this.#i += 2 + whole.length;
    }
  }

  /** An escape outside a character class. */
  #escape(): void {
    const p = this.#p;
    const e = p[this.#i + 1];
    if (e === undefined) this.#fail('ends with a lone backslash');
    const start = this.#i;
    this.#i += 2;
    switch (e) {
      case 'd': case 'D': case 'w': case 'W': case 'b': case 'B': case 'A': case 'z':
      case 'n': case 'r': case 't': case 'f': case 'a':
        this.#out += '\\' + e;
        return;
      case 's': case 'S': case 'h': case 'H': case 'v': case 'V':
        this.#out += `[${CLASS_BODY[e]}]`;
        return;
      case 'R':
        this.#out += `(?:\\r\\n|[${rangesBody(VSPACE)}])`;
        return;
      case 'N':
        if (p[this.#i] === '{') {
          this.#out += hex(this.#namedCodePoint());
          return;
        }
        this.#out += '[^\\n]';
        return;
      case 'Z':
        this.#out += '(?:\\n?\\z)';
        return;
      case 'G':
        // Each test starts at offset 0, where \G is the start of the subject.
        this.#out += '\\A';
        return;
      case 'K':
        // \K only moves the reported start of the match; whether it matches is unchanged.
        return;
      case 'E':
        return;
      case 'Q':
        this.#quoted(false);
        return;
      case 'p': case 'P':
        this.#out += p.slice(start, this.#propertyEnd());
        return;
      case 'g': {
        const n = p[this.#i];
        if (n === '<' || n === "'") this.#fail(REFUSE.recursion);
        this.#fail(REFUSE.backref);
        break;
      }
      case 'k':
        this.#fail(REFUSE.backref);
        break;
      case 'X': case 'C':
        this.#fail(`uses \\${e}, which the linear-time engine cannot run; awsmon does not support it`);
        break;
      default:
        if (e >= '1' && e <= '9') {
          this.#out += hex(this.#digitsEscape(e));
          return;
        }
    }
    const code = this.#codeEscape(e);
    if (code !== null) {
      this.#out += hex(code);
      return;
    }
    if (/[A-Za-z0-9]/.test(e)) this.#fail(`has the unknown escape \\${e} at offset ${start}`);
    this.#out += hexOrPunct(e);
  }

  /**
   * `\1`...`\9` and longer numbers outside a class (PCRE2's rule): a backreference when below 10,
   * starting with 8 or 9, or not above the number of groups; otherwise an octal character code.
   */
  #digitsEscape(first: string): number {
    const p = this.#p;
    let digits = first;
    while (/\d/.test(p[this.#i + digits.length - 1] ?? '')) digits += p[this.#i + digits.length - 1];
    const n = Number(digits);
    if (n < 10 || first === '8' || first === '9' || n <= this.#captures) this.#fail(REFUSE.backref);
    let octal = first;
    while (octal.length < 3 && OCT.test(p[this.#i] ?? '')) octal += p[this.#i++];
    return parseInt(octal, 8);
  }

  /**
   * Escapes that denote one character code (`\x`, `\o{}`, octal `\0`, `\c`, `\e`); null when
   * `e` is not one. The cursor is just after the escape letter.
   */
  #codeEscape(e: string): number | null {
    const p = this.#p;
    switch (e) {
      case 'e':
        return 0x1b;
      case 'c': {
        const c = p[this.#i];
        if (c === undefined || c.charCodeAt(0) > 0x7e || c.charCodeAt(0) < 0x20) this.#fail('has \\c at the end or before a character that is not printable ASCII');
        this.#i++;
        return c.toUpperCase().charCodeAt(0) ^ 0x40;
      }
      case 'x': {
        if (p[this.#i] === '{') {
          const end = p.indexOf('}', this.#i);
          const digits = end < 0 ? '' : p.slice(this.#i + 1, end);
          if (!/^[0-9a-fA-F]+$/.test(digits)) this.#fail(`has a malformed \\x{...} escape at offset ${this.#i - 2}`);
          this.#i = end + 1;
          return this.#checkCode(parseInt(digits, 16));
        }
        let digits = '';
        while (digits.length < 2 && HEX.test(p[this.#i] ?? '')) digits += p[this.#i++];
        return digits ? parseInt(digits, 16) : 0;
      }
      case 'o': {
        const end = p.indexOf('}', this.#i);
        const digits = p[this.#i] === '{' && end > 0 ? p.slice(this.#i + 1, end) : '';
        if (!/^[0-7]+$/.test(digits)) this.#fail(`has a malformed \\o{...} escape at offset ${this.#i - 2}`);
        this.#i = end + 1;
        return this.#checkCode(parseInt(digits, 8));
      }
      case '0': {
        let digits = '0';
        while (digits.length < 3 && OCT.test(p[this.#i] ?? '')) digits += p[this.#i++];
        return parseInt(digits, 8);
      }
      default:
        return null;
    }
  }

  #checkCode(code: number): number {
    if (code > MAX_CODE) this.#fail(`has a character code above U+10FFFF`);
    return code;
  }

  /** `\N{U+hhhh}`: the cursor is on `{`. */
  #namedCodePoint(): number {
    const m = /^\{U\+([0-9a-fA-F]+)\}/.exec(this.#p.slice(this.#i));
    if (!m) this.#fail(`has \\N{...} that is not of the form \\N{U+hhhh}`);
    this.#i += m[0].length;
    return this.#checkCode(parseInt(m[1]!, 16));
  }

  /** End offset of a `\p` / `\P` property escape whose letter the cursor has just passed. */
  #propertyEnd(): number {
    const p = this.#p;
    if (p[this.#i] === '{') {
      const end = p.indexOf('}', this.#i);
      if (end < 0) this.#fail('has a \\p{... property that is never closed');
      this.#i = end + 1;
    } else {
      this.#i++;
    }
    return this.#i;
  }

  /** Literal text after `\Q` up to `\E` or the end of the pattern. */
  #quoted(inClass: boolean): void {
    const p = this.#p;
    const end = p.indexOf('\\E', this.#i);
    const text = p.slice(this.#i, end < 0 ? p.length : end);
    for (const ch of text) this.#out += inClass ? classLiteral(ch) : hexOrPunct(ch);
    this.#i = end < 0 ? p.length : end + 2;
  }

  /** A character class `[...]`, with PCRE2's escapes rewritten into explicit ranges. */
  #charClass(): void {
    const p = this.#p;
    if (p.startsWith('[[:<:]]', this.#i) || p.startsWith('[[:>:]]', this.#i)) {
      this.#fail('uses the word-boundary class [[:<:]] or [[:>:]], which needs a lookaround; write \\b instead');
    }
    const open = this.#i;
    this.#i++;
    let body = '';
    let negated = false;
    if (p[this.#i] === '^') {
      negated = true;
      this.#i++;
    }
    let first = true;
    for (;;) {
      const c = p[this.#i];
      if (c === undefined) this.#fail(`has a '[' at offset ${open} that is never closed`);
      if (c === ']' && !first) {
        this.#i++;
        break;
      }
      first = false;
      if (this.#scope.xx && (c === ' ' || c === '\t')) {
        this.#i++;
        continue;
      }
      if (c === '[') {
        const posix = /^\[:\^?[a-z]+:\]/.exec(p.slice(this.#i));
        if (posix) {
          body += posix[0];
          this.#i += posix[0].length;
          continue;
        }
        body += '\\[';
        this.#i++;
        continue;
      }
      if (c === '\\') {
        body += this.#classEscape();
        continue;
      }
      body += c === '-' ? '-' : classLiteral(c);
      this.#i++;
    }
    this.#out += `[${negated ? '^' : ''}${body}]`;
  }

  /** PCRE2 refuses a range that starts at a class escape (`[\\d-z]`); so does awsmon. */
  #noRangeAfter(e: string, start: number): void {
    const p = this.#p;
    if (p[this.#i] === '-' && p[this.#i + 1] !== ']') this.#fail(`has an invalid range starting at \\${e} inside a character class at offset ${start}`);
  }

  /** One escape inside a class, as RE2 class-body text. */
  #classEscape(): string {
    const p = this.#p;
    const e = p[this.#i + 1];
    if (e === undefined) this.#fail('ends with a lone backslash');
    const start = this.#i;
    this.#i += 2;
    switch (e) {
      case 'd': case 'D': case 'w': case 'W':
        this.#noRangeAfter(e, start);
        return '\\' + e;
      case 'n': case 'r': case 't': case 'f': case 'a':
        return '\\' + e;
      case 's': case 'S': case 'h': case 'H': case 'v': case 'V':
        this.#noRangeAfter(e, start);
        return CLASS_BODY[e]!;
      case 'b':
        return hex(0x08);
      case 'p': case 'P':
        return p.slice(start, this.#propertyEnd());
      case 'E':
        return '';
      case 'Q': {
        const before = this.#out;
        this.#out = '';
        this.#quoted(true);
        const text = this.#out;
        this.#out = before;
        return text;
      }
      case 'N':
        if (p[this.#i] === '{') return hex(this.#namedCodePoint());
        this.#fail('uses \\N inside a character class, which PCRE2 does not allow');
        break;
      default:
        if (e >= '1' && e <= '7') {
          // Inside a class a backslash and digits are an octal character code.
          let digits = e;
          while (digits.length < 3 && OCT.test(p[this.#i] ?? '')) digits += p[this.#i++];
          return hex(parseInt(digits, 8));
        }
    }
    const code = this.#codeEscape(e);
    if (code !== null) return hex(code);
    if (/[A-Za-z0-9]/.test(e)) this.#fail(`has the unknown escape \\${e} inside a character class at offset ${start}`);
    return classLiteral(e);
  }
}

/** A literal character outside a class, escaped when RE2 would read it as an operator. */
function hexOrPunct(ch: string): string {
  return /[\\.+*?()|[\]{}^$]/.test(ch) ? '\\' + ch : ch;
}

/** A literal character inside a class. */
function classLiteral(ch: string): string {
  return /[\\\][^-]/.test(ch) ? '\\' + ch : ch;
}
