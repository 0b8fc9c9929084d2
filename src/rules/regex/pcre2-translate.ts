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
import { Pcre2Reader } from './pcre2-escapes.ts';
import { ALPHA_ASSERTIONS, HARMLESS_SETTINGS, PCRE_SPACE, REFUSE, type Scope } from './pcre2-syntax.ts';

/** Translates a PCRE2 pattern into RE2 syntax; throws PatternSyntaxError for refused constructs. */
export function pcre2ToRe2(pattern: string): string {
  return new Translator(pattern).run();
}

class Translator extends Pcre2Reader {
  private scopes: Scope[] = [{ x: false, xx: false }];
  protected override get scope(): Scope {
    return this.scopes[this.scopes.length - 1]!;
  }

  run(): string {
    const p = this.p;
    this.leadingSettings();
    while (this.i < p.length) {
      const c = p[this.i]!;
      if (this.scope.x) {
        if (PCRE_SPACE.test(c)) {
          this.i++;
          continue;
        }
        if (c === '#') {
          while (this.i < p.length && p[this.i] !== '\n') this.i++;
          continue;
        }
      }
      switch (c) {
        case '\\':
          this.escape();
          break;
        case '[':
          this.charClass();
          break;
        case '(':
          this.groupOpen();
          break;
        case ')':
          if (this.scopes.length > 1) this.scopes.pop();
          this.out += ')';
          this.i++;
          break;
        case '*':
        case '+':
        case '?':
          this.out += c;
          this.i++;
          this.quantifierSuffix();
          break;
        case '{':
          this.brace();
          break;
        case '$':
          // PCRE2's `$` also matches before a newline that ends the subject; RE2's does not.
          this.out += '(?:\\n?$)';
          this.i++;
          break;
        case ']':
        case '}':
          this.out += '\\' + c;
          this.i++;
          break;
        default:
          this.out += c;
          this.i++;
      }
    }
    return this.out;
  }

  /** `(*UTF)`-style settings at the very start: harmless ones are dropped, others refused. */
  private leadingSettings(): void {
    const p = this.p;
    for (;;) {
      const m = /^\(\*([A-Z_0-9]+(?:=\d+)?)\)/.exec(p.slice(this.i));
      if (!m) return;
      if (!HARMLESS_SETTINGS.test(m[1]!)) {
        this.fail(`starts with the setting (*${m[1]}), which changes newline or matching conventions; awsmon does not support it`);
      }
      this.i += m[0].length;
    }
  }

  /** A lazy `?` after a quantifier is kept; a possessive `+` is refused. */
  private quantifierSuffix(): void {
    const n = this.p[this.i];
    if (n === '+') this.fail(REFUSE.possessive);
    if (n === '?') {
      this.out += '?';
      this.i++;
    }
  }

  /** `{n}`, `{n,}`, `{n,m}` are quantifiers; any other `{` is a literal brace in PCRE2. */
  private brace(): void {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i));
    if (!m) {
      this.out += '\\{';
      this.i++;
      return;
    }
    this.out += m[0];
    this.i += m[0].length;
    this.quantifierSuffix();
  }

  private groupOpen(): void {
    const p = this.p;
    const rest = p.slice(this.i);
    const push = (scope: Scope, text: string, len: number): void => {
      this.scopes.push(scope);
      this.out += text;
      this.i += len;
    };
    const inherit = (): Scope => ({ ...this.scope });
    if (rest.startsWith('(*')) {
      const m = /^\(\*([A-Za-z_]*)(:|\)|=)?/.exec(rest);
      const name = m?.[1] ?? '';
      const kind = ALPHA_ASSERTIONS[name];
      if (kind && m?.[2] === ':') this.fail(REFUSE[kind]);
      this.fail(`uses the backtracking control verb or setting (*${name}...), which awsmon does not run`);
    }
    if (!rest.startsWith('(?')) {
      // Captures are irrelevant to whether a pattern matches: every group is non-capturing.
      this.captures++;
      push(inherit(), '(?:', 1);
      return;
    }
    const after = rest.slice(2);
    const ch = after[0];
    if (ch === '#') {
      const end = p.indexOf(')', this.i);
      if (end < 0) this.fail('has a comment (?#... that is never closed');
      this.i = end + 1;
      return;
    }
    if (ch === ':' || ch === '|') return push(inherit(), '(?:', 3);
    if (ch === '>') this.fail(REFUSE.atomic);
    if (ch === '=' || ch === '!') this.fail(REFUSE.lookahead);
    if (ch === '*') this.fail(REFUSE.lookahead);
    if (after.startsWith('<=') || after.startsWith('<!') || after.startsWith('<*')) this.fail(REFUSE.lookbehind);
    if (ch === '(') this.fail(REFUSE.conditional);
    if (ch === 'C') this.fail(REFUSE.callout);
    if (ch === 'R' || ch === '&' || /^[+-]?\d/.test(after) || after.startsWith('P>')) this.fail(REFUSE.recursion);
    if (after.startsWith('P=')) this.fail(REFUSE.backref);
    const named = /^(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)'|P<([A-Za-z_]\w*)>)/.exec(after);
    if (named) {
      this.captures++;
      return push(inherit(), '(?:', 2 + named[0].length);
    }
    const flags = /^(\^?)([imnsxJU]*)(?:-([imnsxJU]*))?([:)])/.exec(after);
    if (!flags) this.fail(`has an unknown group construct '(?${after.slice(0, 1)}' at offset ${this.i}`);
    const [whole, caret, on = '', off = '', close] = flags;
    const scope = close === ':' ? inherit() : this.scope;
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
      this.out += spelled ? `(?${spelled})` : '';
      this.i += 2 + whole.length;
    }
  }
}
