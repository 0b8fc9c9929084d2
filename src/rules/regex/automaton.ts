/**
 * A linear-time matcher for position automata (position-nfa.ts), run as a lazily built DFA.
 *
 * A DFA state is a set of NFA positions ("the last character was read by one of these"); its
 * transitions are computed the first time they are needed and cached, so a test costs one table
 * lookup per input character. The cache is bounded: when it is full it is dropped and rebuilt (as
 * RE2 does), so even an automaton whose DFA would be exponential costs at most O(positions) per
 * character — never more than linear in the input.
 *
 * Characters are first mapped to classes of code units that every position treats alike: a
 * table for ASCII, a binary search over range boundaries above it. The tables stay small.
 */
import type { Bits, PositionNfa } from './position-nfa.ts';
import { MAX_CODE_UNIT } from './position-nfa.ts';

const UNKNOWN = -1;
const ACCEPT = -2;
const DEAD = -3;
/** Transition-table entries per automaton before its cache is dropped and rebuilt. */
const MAX_TABLE_ENTRIES = 1 << 16;

function newBits(words: number): Bits {
  return new Uint32Array(words);
}

function setBit(b: Bits, i: number): void {
  b[i >>> 5]! |= 1 << (i & 31);
}

function intersects(a: Bits, b: Bits): boolean {
  for (let w = 0; w < a.length; w++) if ((a[w]! & b[w]!) !== 0) return true;
  return false;
}

function isEmpty(a: Bits): boolean {
  for (let w = 0; w < a.length; w++) if (a[w] !== 0) return false;
  return true;
}

function inRanges(ranges: readonly number[], c: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (c >= ranges[i]! && c <= ranges[i + 1]!) return true;
  return false;
}

/** A compiled automaton; `test` is true when some alternative matches somewhere in the input. */
export class Automaton {
  /** Set when the answer does not depend on the input. */
  readonly constant: boolean | null;
  readonly #words: number;
  readonly #classCount: number;
  readonly #asciiClass: Uint16Array;
  /** Above ASCII: sorted starts of code-unit intervals and the class of each. */
  readonly #highStarts: Uint32Array;
  readonly #highClasses: Uint16Array;
  /** Per class: the positions that read it. */
  readonly #accepts: Bits[];
  readonly #follow: readonly Bits[];
  readonly #startAll: Bits;
  readonly #startFree: Bits;
  readonly #freeStarts: boolean;
  readonly #finalNow: Bits;
  readonly #finalEnd: Bits;
  readonly #emptyMatches: boolean;

  #sets: Bits[] = [];
  #ids = new Map<string, number>();
  #trans: Int32Array = new Int32Array(0);
  #acceptEnd: Uint8Array = new Uint8Array(0);
  #maxStates = 0;

  constructor(nfa: PositionNfa) {
    const n = nfa.sets.length;
    this.#words = Math.max(1, Math.ceil(n / 32));
    const words = this.#words;
    const signatures = new Map<string, number>();
    const accepts: Bits[] = [];
    const classOf = (c: number): number => {
      const bits = newBits(words);
      for (let j = 0; j < n; j++) if (inRanges(nfa.sets[j]!, c)) setBit(bits, j);
      const key = bits.join(',');
      let id = signatures.get(key);
      if (id === undefined) {
        id = accepts.length;
        signatures.set(key, id);
        accepts.push(bits);
      }
      return id;
    };
    this.#asciiClass = new Uint16Array(128);
    for (let c = 0; c < 128; c++) this.#asciiClass[c] = classOf(c);
    // Above ASCII, membership can only change at a range boundary: one class per interval.
    const cuts = new Set<number>([128]);
    for (const ranges of nfa.sets) {
      for (let i = 0; i < ranges.length; i += 2) {
        if (ranges[i]! >= 128) cuts.add(ranges[i]!);
        if (ranges[i + 1]! + 1 >= 128 && ranges[i + 1]! < MAX_CODE_UNIT) cuts.add(ranges[i + 1]! + 1);
      }
    }
    const starts = [...cuts].sort((a, b) => a - b);
    this.#highStarts = Uint32Array.from(starts);
    this.#highClasses = Uint16Array.from(starts.map(classOf));
    this.#classCount = accepts.length;
    this.#accepts = accepts;
    this.#follow = nfa.follow;
    this.#startAll = nfa.startAll;
    this.#startFree = nfa.startFree;
    this.#finalNow = nfa.finalNow;
    this.#finalEnd = nfa.finalEnd;
    this.constant = nfa.constant;
    this.#emptyMatches = nfa.emptyMatches;
    this.#freeStarts = !isEmpty(nfa.startFree);
    this.#reset();
  }

  /** The class of a code unit above ASCII. */
  #highClass(c: number): number {
    const starts = this.#highStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= c) lo = mid;
      else hi = mid - 1;
    }
    return this.#highClasses[lo]!;
  }

  /** Whether any branch matches `input`. */
  test(input: string): boolean {
    if (this.constant !== null) return this.constant;
    const nc = this.#classCount;
    const asciiClass = this.#asciiClass;
    let trans = this.#trans;
    let s = 0;
    for (let i = 0; i < input.length; i++) {
      const c = input.charCodeAt(i);
      const cls = c < 128 ? asciiClass[c]! : this.#highClass(c);
      let t = trans[s * nc + cls]!;
      if (t < 0) {
        if (t === UNKNOWN) {
          t = this.#step(s, cls);
          trans = this.#trans;
        }
        if (t === ACCEPT) return true;
        if (t === DEAD) return false;
      }
      s = t;
    }
    return s === 0 ? this.#emptyMatches : this.#acceptEnd[s] === 1;
  }

  /** Drops every cached state but the initial one (state 0: nothing read yet). */
  #reset(): void {
    this.#maxStates = Math.max(2, Math.floor(MAX_TABLE_ENTRIES / this.#classCount));
    this.#sets = [newBits(this.#words)];
    this.#ids = new Map();
    this.#trans = new Int32Array(Math.min(this.#maxStates, 8) * this.#classCount).fill(UNKNOWN);
    this.#acceptEnd = new Uint8Array(this.#trans.length / this.#classCount);
  }

  /** Computes, caches and returns the transition of state `s` on class `cls`. */
  #step(s: number, cls: number): number {
    const words = this.#words;
    const from = this.#sets[s]!;
    const next = newBits(words);
    // The first character may start any branch; later ones only the unanchored branches.
    const starts = s === 0 ? this.#startAll : this.#startFree;
    for (let w = 0; w < words; w++) {
      let m = from[w]!;
      while (m !== 0) {
        const bit = 31 - Math.clz32(m);
        m &= ~(1 << bit);
        const f = this.#follow[w * 32 + bit]!;
        for (let v = 0; v < words; v++) next[v]! |= f[v]!;
      }
    }
    const acc = this.#accepts[cls]!;
    for (let w = 0; w < words; w++) next[w] = (next[w]! | starts[w]!) & acc[w]!;
    let t: number;
    if (intersects(next, this.#finalNow)) t = ACCEPT;
    else if (!this.#freeStarts && isEmpty(next)) t = DEAD;
    else t = this.#stateFor(next);
    // #stateFor may have dropped the cache, and with it state `s`: record only if `s` survived.
    if (t < 0 || this.#sets[s] === from) this.#trans[s * this.#classCount + cls] = t;
    return t;
  }

  /** The id of the state for position set `set`, adding it (and dropping the cache when full). */
  #stateFor(set: Bits): number {
    const key = set.join(',');
    const known = this.#ids.get(key);
    if (known !== undefined) return known;
    if (this.#sets.length >= this.#maxStates) this.#reset();
    const id = this.#sets.length;
    this.#sets.push(set);
    this.#ids.set(key, id);
    const nc = this.#classCount;
    if ((id + 1) * nc > this.#trans.length) {
      const grown = new Int32Array(Math.min(this.#maxStates, (id + 1) * 2) * nc).fill(UNKNOWN);
      grown.set(this.#trans);
      this.#trans = grown;
      const end = new Uint8Array(grown.length / nc);
      end.set(this.#acceptEnd);
      this.#acceptEnd = end;
    }
    this.#acceptEnd[id] = intersects(set, this.#finalEnd) ? 1 : 0;
    return id;
  }
}
