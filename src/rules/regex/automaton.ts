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

/** Sets bits lo..hi (inclusive). */
function setRange(b: Bits, lo: number, hi: number): void {
  const wl = lo >>> 5;
  const wh = hi >>> 5;
  const ml = ~0 << (lo & 31);
  const mh = (hi & 31) === 31 ? ~0 : (1 << ((hi & 31) + 1)) - 1;
  if (wl === wh) {
    b[wl]! |= ml & mh;
    return;
  }
  b[wl]! |= ml;
  for (let w = wl + 1; w < wh; w++) b[w] = ~0;
  b[wh]! |= mh;
}

/**
 * The follow sets as intervals when every one is contiguous and both bounds never decrease from
 * one position to the next (true of sequences); null otherwise.
 */
function followIntervals(follow: readonly Bits[]): Int32Array | null {
  const out = new Int32Array(follow.length * 2);
  let prevLo = -1;
  let prevHi = -1;
  for (let p = 0; p < follow.length; p++) {
    const f = follow[p]!;
    let lo = -1;
    let hi = -1;
    let count = 0;
    for (let w = 0; w < f.length; w++) {
      const m = f[w]!;
      if (m === 0) continue;
      if (lo < 0) lo = w * 32 + 31 - Math.clz32(m & -m);
      hi = w * 32 + 31 - Math.clz32(m);
      count += popcount(m);
    }
    // An empty follow set is written [p + 1, p] so that the bounds stay in order.
    if (lo < 0) {
      lo = Math.max(p + 1, prevLo);
      hi = Math.max(p, prevHi);
      if (lo <= hi) lo = hi + 1;
    } else if (count !== hi - lo + 1) {
      return null;
    }
    if (lo < prevLo || hi < prevHi) return null;
    out[2 * p] = lo;
    out[2 * p + 1] = hi;
    prevLo = lo;
    prevHi = hi;
  }
  return out;
}

function popcount(m: number): number {
  let v = m - ((m >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function inRanges(ranges: readonly number[], c: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (c >= ranges[i]! && c <= ranges[i + 1]!) return true;
  return false;
}

/** A compiled automaton; `test` is true when some alternative matches somewhere in the input. */
export class Automaton {
  /** Set when the answer does not depend on the input. */
  readonly constant: boolean | null;
  /**
   * Whether follow sets are kept as bit sets (a step costs up to positions × words) rather than
   * as sorted intervals (a step costs up to positions + words). Sequences — every OS_Regex and
   * OS_Match pattern, many PCRE2 ones — have interval follow sets.
   */
  readonly denseFollow: boolean;
  readonly #words: number;
  readonly #classCount: number;
  readonly #asciiClass: Uint16Array;
  /** Above ASCII: sorted starts of code-unit intervals and the class of each. */
  readonly #highStarts: Uint32Array;
  readonly #highClasses: Uint16Array;
  /** Per class: the positions that read it. */
  readonly #accepts: Bits[];
  readonly #follow: readonly Bits[] | null;
  /** Per position p, its follow set as the interval [lo, hi] at [2p, 2p + 1] (empty when lo > hi). */
  readonly #intervals: Int32Array | null;
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
    this.#intervals = followIntervals(nfa.follow);
    this.#follow = this.#intervals === null ? nfa.follow : null;
    this.denseFollow = this.#intervals === null;
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
    // `s` is the current state's row offset in the table (state id × class count).
    let s = 0;
    for (let i = 0; i < input.length; i++) {
      const c = input.charCodeAt(i);
      let t = trans[s + (c < 128 ? asciiClass[c]! : this.#highClass(c))]!;
      if (t < 0) {
        if (t === UNKNOWN) {
          t = this.#step(s / nc, c < 128 ? asciiClass[c]! : this.#highClass(c));
          trans = this.#trans;
        }
        if (t === ACCEPT) return true;
        if (t === DEAD) return false;
      }
      s = t;
    }
    return s === 0 ? this.#emptyMatches : this.#acceptEnd[s / nc] === 1;
  }

  /** Drops every cached state but the initial one (state 0: nothing read yet). */
  #reset(): void {
    this.#maxStates = Math.max(2, Math.floor(MAX_TABLE_ENTRIES / this.#classCount));
    this.#sets = [newBits(this.#words)];
    this.#ids = new Map();
    this.#trans = new Int32Array(Math.min(this.#maxStates, 8) * this.#classCount).fill(UNKNOWN);
    this.#acceptEnd = new Uint8Array(this.#trans.length / this.#classCount);
  }

  /** Computes and caches the transition of state `s` on class `cls`; returns the row offset or ACCEPT/DEAD. */
  #step(s: number, cls: number): number {
    const words = this.#words;
    const from = this.#sets[s]!;
    const next = newBits(words);
    // The first character may start any branch; later ones only the unanchored branches.
    const starts = s === 0 ? this.#startAll : this.#startFree;
    const intervals = this.#intervals;
    if (intervals !== null) {
      // Positions from the highest down: their intervals' bounds only decrease, so each new
      // interval is set only below the lowest bit set so far — every bit is written once.
      let floor = Infinity;
      for (let w = words - 1; w >= 0; w--) {
        let m = from[w]!;
        while (m !== 0) {
          const bit = 31 - Math.clz32(m);
          m &= ~(1 << bit);
          const p = w * 32 + bit;
          const lo = intervals[2 * p]!;
          const hi = Math.min(intervals[2 * p + 1]!, floor - 1);
          if (lo <= hi) setRange(next, lo, hi);
          if (lo < floor && lo <= intervals[2 * p + 1]!) floor = lo;
        }
      }
    } else {
      const follow = this.#follow!;
      for (let w = 0; w < words; w++) {
        let m = from[w]!;
        while (m !== 0) {
          const bit = 31 - Math.clz32(m);
          m &= ~(1 << bit);
          const f = follow[w * 32 + bit]!;
          for (let v = 0; v < words; v++) next[v]! |= f[v]!;
        }
      }
    }
    const acc = this.#accepts[cls]!;
    for (let w = 0; w < words; w++) next[w] = (next[w]! | starts[w]!) & acc[w]!;
    let t: number;
    if (intersects(next, this.#finalNow)) t = ACCEPT;
    else if (!this.#freeStarts && isEmpty(next)) t = DEAD;
    else t = this.#stateFor(next) * this.#classCount;
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
