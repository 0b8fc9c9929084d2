/**
 * The reading half of the PCRE2 translation: escapes (outside and inside classes) and character
 * classes, written out in RE2 syntax. pcre2-translate.ts adds groups, quantifiers and the main loop.
 */
import { PatternSyntaxError } from './errors.ts';
import { CLASS_BODY, HEX, MAX_CODE, OCT, REFUSE, VSPACE, classLiteral, hex, hexOrPunct, rangesBody, type Scope } from './pcre2-syntax.ts';

/** Cursor over a PCRE2 pattern and the RE2 text written so far. */
export abstract class Pcre2Reader {
  protected readonly p: string;
  protected i = 0;
  protected out = '';
  /** Capture groups opened so far: `\10` is a backreference only when that many exist. */
  protected captures = 0;

  constructor(pattern: string) {
    this.p = pattern;
  }

  /** The flag scope in effect (extended mode changes how classes read white space). */
  protected abstract get scope(): Scope;

  protected fail(reason: string): never {
    throw new PatternSyntaxError(this.p, reason);
  }

  /** An escape outside a character class. */
  protected escape(): void {
    const p = this.p;
    const e = p[this.i + 1];
    if (e === undefined) this.fail('ends with a lone backslash');
    const start = this.i;
    this.i += 2;
    switch (e) {
      case 'd': case 'D': case 'w': case 'W': case 'b': case 'B': case 'A': case 'z':
      case 'n': case 'r': case 't': case 'f': case 'a':
        this.out += '\\' + e;
        return;
      case 's': case 'S': case 'h': case 'H': case 'v': case 'V':
        this.out += `[${CLASS_BODY[e]}]`;
        return;
      case 'R':
        this.out += `(?:\\r\\n|[${rangesBody(VSPACE)}])`;
        return;
      case 'N':
        if (p[this.i] === '{') {
          this.out += hex(this.namedCodePoint());
          return;
        }
        this.out += '[^\\n]';
        return;
      case 'Z':
        this.out += '(?:\\n?\\z)';
        return;
      case 'G':
        // Each test starts at offset 0, where \G is the start of the subject.
        this.out += '\\A';
        return;
      case 'K':
        // \K only moves the reported start of the match; whether it matches is unchanged.
        return;
      case 'E':
        return;
      case 'Q':
        this.quoted(false);
        return;
      case 'p': case 'P':
        this.out += p.slice(start, this.propertyEnd());
        return;
      case 'g': {
        const n = p[this.i];
        if (n === '<' || n === "'") this.fail(REFUSE.recursion);
        this.fail(REFUSE.backref);
        break;
      }
      case 'k':
        this.fail(REFUSE.backref);
        break;
      case 'X': case 'C':
        this.fail(`uses \\${e}, which the linear-time engine cannot run; awsmon does not support it`);
        break;
      default:
        if (e >= '1' && e <= '9') {
          this.out += hex(this.digitsEscape(e));
          return;
        }
    }
    const code = this.codeEscape(e);
    if (code !== null) {
      this.out += hex(code);
      return;
    }
    if (/[A-Za-z0-9]/.test(e)) this.fail(`has the unknown escape \\${e} at offset ${start}`);
    this.out += hexOrPunct(e);
  }

  /**
   * `\1`...`\9` and longer numbers outside a class (PCRE2's rule): a backreference when below 10,
   * starting with 8 or 9, or not above the number of groups; otherwise an octal character code.
   */
  protected digitsEscape(first: string): number {
    const p = this.p;
    let digits = first;
    while (/\d/.test(p[this.i + digits.length - 1] ?? '')) digits += p[this.i + digits.length - 1];
    const n = Number(digits);
    if (n < 10 || first === '8' || first === '9' || n <= this.captures) this.fail(REFUSE.backref);
    let octal = first;
    while (octal.length < 3 && OCT.test(p[this.i] ?? '')) octal += p[this.i++];
    return parseInt(octal, 8);
  }

  /**
   * Escapes that denote one character code (`\x`, `\o{}`, octal `\0`, `\c`, `\e`); null when
   * `e` is not one. The cursor is just after the escape letter.
   */
  protected codeEscape(e: string): number | null {
    const p = this.p;
    switch (e) {
      case 'e':
        return 0x1b;
      case 'c': {
        const c = p[this.i];
        if (c === undefined || c.charCodeAt(0) > 0x7e || c.charCodeAt(0) < 0x20) this.fail('has \\c at the end or before a character that is not printable ASCII');
        this.i++;
        return c.toUpperCase().charCodeAt(0) ^ 0x40;
      }
      case 'x': {
        if (p[this.i] === '{') {
          const end = p.indexOf('}', this.i);
          const digits = end < 0 ? '' : p.slice(this.i + 1, end);
          if (!/^[0-9a-fA-F]+$/.test(digits)) this.fail(`has a malformed \\x{...} escape at offset ${this.i - 2}`);
          this.i = end + 1;
          return this.checkCode(parseInt(digits, 16));
        }
        let digits = '';
        while (digits.length < 2 && HEX.test(p[this.i] ?? '')) digits += p[this.i++];
        return digits ? parseInt(digits, 16) : 0;
      }
      case 'o': {
        const end = p.indexOf('}', this.i);
        const digits = p[this.i] === '{' && end > 0 ? p.slice(this.i + 1, end) : '';
        if (!/^[0-7]+$/.test(digits)) this.fail(`has a malformed \\o{...} escape at offset ${this.i - 2}`);
        this.i = end + 1;
        return this.checkCode(parseInt(digits, 8));
      }
      case '0': {
        let digits = '0';
        while (digits.length < 3 && OCT.test(p[this.i] ?? '')) digits += p[this.i++];
        return parseInt(digits, 8);
      }
      default:
        return null;
    }
  }

  protected checkCode(code: number): number {
    if (code > MAX_CODE) this.fail(`has a character code above U+10FFFF`);
    return code;
  }

  /** `\N{U+hhhh}`: the cursor is on `{`. */
  protected namedCodePoint(): number {
    const m = /^\{U\+([0-9a-fA-F]+)\}/.exec(this.p.slice(this.i));
    if (!m) this.fail(`has \\N{...} that is not of the form \\N{U+hhhh}`);
    this.i += m[0].length;
    return this.checkCode(parseInt(m[1]!, 16));
  }

  /** End offset of a `\p` / `\P` property escape whose letter the cursor has just passed. */
  protected propertyEnd(): number {
    const p = this.p;
    if (p[this.i] === '{') {
      const end = p.indexOf('}', this.i);
      if (end < 0) this.fail('has a \\p{... property that is never closed');
      this.i = end + 1;
    } else {
      this.i++;
    }
    return this.i;
  }

  /** Literal text after `\Q` up to `\E` or the end of the pattern. */
  protected quoted(inClass: boolean): void {
    const p = this.p;
    const end = p.indexOf('\\E', this.i);
    const text = p.slice(this.i, end < 0 ? p.length : end);
    for (const ch of text) this.out += inClass ? classLiteral(ch) : hexOrPunct(ch);
    this.i = end < 0 ? p.length : end + 2;
  }

  /** A character class `[...]`, with PCRE2's escapes rewritten into explicit ranges. */
  protected charClass(): void {
    const p = this.p;
    if (p.startsWith('[[:<:]]', this.i) || p.startsWith('[[:>:]]', this.i)) {
      this.fail('uses the word-boundary class [[:<:]] or [[:>:]], which needs a lookaround; write \\b instead');
    }
    const open = this.i;
    this.i++;
    let body = '';
    let negated = false;
    if (p[this.i] === '^') {
      negated = true;
      this.i++;
    }
    let first = true;
    for (;;) {
      const c = p[this.i];
      if (c === undefined) this.fail(`has a '[' at offset ${open} that is never closed`);
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      first = false;
      if (this.scope.xx && (c === ' ' || c === '\t')) {
        this.i++;
        continue;
      }
      if (c === '[') {
        const posix = /^\[:\^?[a-z]+:\]/.exec(p.slice(this.i));
        if (posix) {
          body += posix[0];
          this.i += posix[0].length;
          continue;
        }
        body += '\\[';
        this.i++;
        continue;
      }
      if (c === '\\') {
        body += this.classEscape();
        continue;
      }
      body += c === '-' ? '-' : classLiteral(c);
      this.i++;
    }
    this.out += `[${negated ? '^' : ''}${body}]`;
  }

  /** PCRE2 refuses a range that starts at a class escape (`[\\d-z]`); so does awsmon. */
  protected noRangeAfter(e: string, start: number): void {
    const p = this.p;
    if (p[this.i] === '-' && p[this.i + 1] !== ']') this.fail(`has an invalid range starting at \\${e} inside a character class at offset ${start}`);
  }

  /** One escape inside a class, as RE2 class-body text. */
  protected classEscape(): string {
    const p = this.p;
    const e = p[this.i + 1];
    if (e === undefined) this.fail('ends with a lone backslash');
    const start = this.i;
    this.i += 2;
    switch (e) {
      case 'd': case 'D': case 'w': case 'W':
        this.noRangeAfter(e, start);
        return '\\' + e;
      case 'n': case 'r': case 't': case 'f': case 'a':
        return '\\' + e;
      case 's': case 'S': case 'h': case 'H': case 'v': case 'V':
        this.noRangeAfter(e, start);
        return CLASS_BODY[e]!;
      case 'b':
        return hex(0x08);
      case 'p': case 'P':
        return p.slice(start, this.propertyEnd());
      case 'E':
        return '';
      case 'Q': {
        const before = this.out;
        this.out = '';
        this.quoted(true);
        const text = this.out;
        this.out = before;
        return text;
      }
      case 'N':
        if (p[this.i] === '{') return hex(this.namedCodePoint());
        this.fail('uses \\N inside a character class, which PCRE2 does not allow');
        break;
      default:
        if (e >= '1' && e <= '7') {
          // Inside a class a backslash and digits are an octal character code.
          let digits = e;
          while (digits.length < 3 && OCT.test(p[this.i] ?? '')) digits += p[this.i++];
          return hex(parseInt(digits, 8));
        }
    }
    const code = this.codeEscape(e);
    if (code !== null) return hex(code);
    if (/[A-Za-z0-9]/.test(e)) this.fail(`has the unknown escape \\${e} inside a character class at offset ${start}`);
    return classLiteral(e);
  }
}
