/**
 * The common shapes of PCRE2 rule patterns, compiled for awsmon's own automaton instead of re2js
 * (which costs several times more per test): the RE2 text that pcre2-translate.ts produces is
 * parsed here into a position-automaton expression when it uses only
 * - literals, `.`, classes, `\d \D \w \W` and `\x{...}` code units below U+10000;
 * - groups with alternatives, and the quantifiers `* + ? {n} {n,} {n,m}` (lazy or not: whether a
 *   pattern matches does not depend on it);
 * - `^`/`\A` first and `$`/`\z` (with PCRE2's optional final newline) last in a top-level
 *   alternative;
 * - `(?i)`, `(?s)`, `(?U)` at the very start.
 * Anything else (word boundaries, anchors elsewhere, multi-line mode, flags inside the pattern,
 * Unicode properties, POSIX classes) returns null and the pattern runs on re2js.
 *
 * `(?i)` folds ASCII letters only, as PCRE2 does in Wazuh (compiled without UTF, C locale).
 */
import { complementRanges, foldAsciiRanges, MAX_CODE_UNIT, normalizeRanges, type Alternative, type Node } from './position-nfa.ts';

const DIGIT = [0x30, 0x39];
const WORD = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { n: 0x0a, r: 0x0d, t: 0x09, f: 0x0c, a: 0x07 };
/** The largest counted repetition unrolled into positions (RE2 allows up to 1000). */
const MAX_COUNT = 1000;

/** Thrown inside the parser for a construct outside the subset; caught by `nativeRegex`. */
class Unsupported extends Error {}

/** The parsed pattern, and whether any of its sets reach beyond U+FFFF (see `touchesAstral`). */
export interface NativeRegex {
  readonly alternatives: readonly Alternative[];
  /**
   * True when a set can read a character above U+FFFF or a lone surrogate: on input holding
   * surrogates the automaton (which reads UTF-16 code units) and RE2 (which reads code points)
   * could differ, so such input goes to re2js.
   */
  readonly touchesAstral: boolean;
}

/** Parses translated RE2 text into automaton alternatives; null when it is outside the subset. */
export function nativeRegex(re2: string): NativeRegex | null {
  try {
    return new Parser(re2).run();
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
}

class Parser {
  readonly #s: string;
  #i = 0;
  #fold = false;
  #dotAll = false;
  #astral = false;

  constructor(s: string) {
    this.#s = s;
  }

  run(): NativeRegex {
    this.#leadingFlags();
    const alternatives: Alternative[] = [];
    for (;;) {
      alternatives.push(this.#topAlternative());
      if (this.#i >= this.#s.length) break;
      this.#i++; // '|'
    }
    return { alternatives, touchesAstral: this.#astral };
  }

  #leadingFlags(): void {
    for (;;) {
      const m = /^\(\?([imsU]*)(?:-([imsU]*))?\)/.exec(this.#s.slice(this.#i));
      if (!m) return;
      const on = m[1] ?? '';
      if (on.includes('m')) throw new Unsupported();
      if (on.includes('i')) this.#fold = true;
      if (on.includes('s')) this.#dotAll = true;
      if ((m[2] ?? '').includes('i')) this.#fold = false;
      if ((m[2] ?? '').includes('s')) this.#dotAll = false;
      this.#i += m[0].length;
    }
  }

  #topAlternative(): Alternative {
    const s = this.#s;
    let anchorStart = false;
    if (s[this.#i] === '^') {
      anchorStart = true;
      this.#i++;
    } else if (s.startsWith('\\A', this.#i)) {
      anchorStart = true;
      this.#i += 2;
    }
    const items: Node[] = [];
    let anchorEnd = false;
    while (this.#i < s.length && s[this.#i] !== '|') {
      const end = /^(?:\(\?:\\n\?(?:\$|\\z)\)|\$|\\z)(?=\||$)/.exec(s.slice(this.#i));
      if (end) {
        // PCRE2's `$` and `\Z`, translated as `(?:\n?$)`: an optional newline, then the end.
        if (end[0].startsWith('(')) items.push({ t: 'opt', item: this.#set([0x0a, 0x0a]) });
        anchorEnd = true;
        this.#i += end[0].length;
        break;
      }
      items.push(this.#quantified());
    }
    return { node: { t: 'cat', items }, anchorStart, anchorEnd };
  }

  /** Alternatives inside a group, up to (not including) its `)`. */
  #alternation(): Node {
    const items: Node[] = [];
    const s = this.#s;
    for (;;) {
      const seq: Node[] = [];
      while (this.#i < s.length && s[this.#i] !== '|' && s[this.#i] !== ')') seq.push(this.#quantified());
      items.push({ t: 'cat', items: seq });
      if (s[this.#i] !== '|') return items.length === 1 ? items[0]! : { t: 'alt', items };
      this.#i++;
    }
  }

  #quantified(): Node {
    const atom = this.#atom();
    const s = this.#s;
    const c = s[this.#i];
    let node: Node;
    if (c === '*' || c === '+' || c === '?') {
      this.#i++;
      node = { t: c === '*' ? 'star' : c === '+' ? 'plus' : 'opt', item: atom };
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.#i));
      if (!m) throw new Unsupported();
      this.#i += m[0].length;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (min > MAX_COUNT || (max !== Infinity && max > MAX_COUNT)) throw new Unsupported();
      const items: Node[] = [];
      for (let k = 0; k < min; k++) items.push(atom);
      if (max === Infinity) items.push({ t: 'star', item: atom });
      else for (let k = min; k < max; k++) items.push({ t: 'opt', item: atom });
      node = { t: 'cat', items };
    } else {
      return atom;
    }
    if (s[this.#i] === '?') this.#i++; // lazy: same language
    if (s[this.#i] === '*' || s[this.#i] === '+' || s[this.#i] === '?' || s[this.#i] === '{') throw new Unsupported();
    return node;
  }

  #atom(): Node {
    const s = this.#s;
    const c = s[this.#i]!;
    if (c === '(') {
      if (!s.startsWith('(?:', this.#i)) throw new Unsupported();
      this.#i += 3;
      const inner = this.#alternation();
      if (s[this.#i] !== ')') throw new Unsupported();
      this.#i++;
      return inner;
    }
    if (c === '[') return this.#set(this.#classRanges());
    if (c === '.') {
      this.#i++;
      return this.#set(this.#dotAll ? [0, 0x10ffff] : complementFull([0x0a, 0x0a]));
    }
    if (c === '\\') {
      const ranges = this.#escape();
      return this.#set(ranges);
    }
    if (c === '^' || c === '$' || c === '|' || c === ')' || c === '*' || c === '+' || c === '?' || c === '{') throw new Unsupported();
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) throw new Unsupported();
    this.#i++;
    return this.#set([code, code]);
  }

  /** An escape as ranges; the cursor is on the backslash. */
  #escape(): number[] {
    const s = this.#s;
    const e = s[this.#i + 1]!;
    this.#i += 2;
    switch (e) {
      case 'd':
        return [...DIGIT];
      case 'D':
        return complementFull(DIGIT);
      case 'w':
        return [...WORD];
      case 'W':
        return complementFull(WORD);
      case 'x': {
        const m = /^\{([0-9a-f]+)\}/.exec(s.slice(this.#i));
        if (!m) throw new Unsupported();
        this.#i += m[0].length;
        const code = parseInt(m[1]!, 16);
        return [code, code];
      }
      default: {
        const simple = SIMPLE_ESCAPES[e];
        if (simple !== undefined) return [simple, simple];
        // Escaped punctuation is the character; letters left here are assertions or properties.
        if (/[A-Za-z0-9]/.test(e)) throw new Unsupported();
        return [e.charCodeAt(0), e.charCodeAt(0)];
      }
    }
  }

  /** A `[...]` class as ranges; the cursor is on `[`. */
  #classRanges(): number[] {
    const s = this.#s;
    this.#i++;
    const negated = s[this.#i] === '^';
    if (negated) this.#i++;
    const ranges: number[] = [];
    let first = true;
    for (;;) {
      const c = s[this.#i];
      if (c === undefined) throw new Unsupported();
      if (c === ']' && !first) break;
      first = false;
      if (c === '[') throw new Unsupported(); // POSIX class or a stray bracket: leave it to RE2
      const lo = this.#classAtom();
      if (s[this.#i] === '-' && s[this.#i + 1] !== ']' && lo.length === 2 && lo[0] === lo[1]) {
        this.#i++;
        const hi = this.#classAtom();
        if (hi.length !== 2 || hi[0] !== hi[1] || hi[0]! < lo[0]!) throw new Unsupported();
        ranges.push(lo[0]!, hi[0]!);
      } else {
        ranges.push(...lo);
      }
    }
    this.#i++;
    const set = this.#fold ? foldAsciiRanges(ranges) : normalizeRanges(ranges);
    return negated ? complementFull(set) : set;
  }

  /** One class member: a character (as a one-code range) or an escape's ranges. */
  #classAtom(): number[] {
    const s = this.#s;
    const c = s[this.#i]!;
    if (c === '\\') return this.#escape();
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) throw new Unsupported();
    this.#i++;
    return [code, code];
  }

  /** A set node: folded when `(?i)` is on, limited to code units, astral reach noted. */
  #set(ranges: readonly number[]): Node {
    const folded = this.#fold ? foldAsciiRanges(ranges) : normalizeRanges(ranges);
    const units: number[] = [];
    for (let k = 0; k < folded.length; k += 2) {
      const lo = folded[k]!;
      const hi = folded[k + 1]!;
      if (hi > MAX_CODE_UNIT || (lo <= 0xdfff && hi >= 0xd800)) this.#astral = true;
      // Characters above U+FFFF come as surrogate pairs, and input holding surrogates goes to
      // re2js: here only the code units below matter.
      if (lo <= MAX_CODE_UNIT) units.push(lo, Math.min(hi, MAX_CODE_UNIT));
    }
    return { t: 'set', ranges: units };
  }
}

/** The complement over every code point (U+0000 to U+10FFFF). */
function complementFull(ranges: readonly number[]): number[] {
  const inUnits = complementRanges(ranges);
  // complementRanges stops at U+FFFF; the code points above are outside `ranges` too.
  if (inUnits.length > 0 && inUnits[inUnits.length - 1] === MAX_CODE_UNIT) inUnits[inUnits.length - 1] = 0x10ffff;
  else inUnits.push(0x10000, 0x10ffff);
  return inUnits;
}
