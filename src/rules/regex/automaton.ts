/**
 * A linear-time matcher for OS_Regex and OS_Match branches: a position automaton over the atoms,
 * run as a lazily built DFA.
 *
 * Each atom is one NFA position ("the last character was consumed by this atom"). A DFA state is
 * a set of positions; its transitions are computed the first time they are needed and cached, so
 * a test costs one table lookup per input character. The cache is bounded: when it is full it is
 * dropped and rebuilt (as RE2 does), so even a pattern whose DFA would be exponential costs at
 * most O(atoms) per character — never more than linear in the input.
 *
 * Characters are first mapped to classes of characters that every atom treats alike (all code
 * units above 127 form one class, apart from those a literal names), keeping the tables small.
 */
import type { Branch } from './osregex-parse.ts';
import { acceptsAnyHigh, acceptsAscii } from './char-sets.ts';

const UNKNOWN = -1;
const ACCEPT = -2;
const DEAD = -3;
/** Transition-table entries per automaton before its cache is dropped and rebuilt. */
const MAX_TABLE_ENTRIES = 1 << 16;

type Bits = Uint32Array;

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

/** A compiled set of branches; `test` is true when any branch matches somewhere in the input. */
export class Automaton {
  /** Set when the answer does not depend on the input. */
  readonly constant: boolean | null;
  readonly #words: number;
  readonly #classCount: number;
  readonly #asciiClass: Uint16Array;
  readonly #highClass: number;
  readonly #highLiterals: Map<number, number> | null;
  /** Per class: the positions whose atom accepts it. */
  readonly #accepts: Bits[];
  /** Per position: the positions the next character may be consumed by. */
  readonly #follow: Bits[];
  /** First positions of every branch (first character), and of the unanchored ones (later). */
  readonly #startAll: Bits;
  readonly #startFree: Bits;
  readonly #freeStarts: boolean;
  /** Positions that complete a branch without `$` (match found) or with `$` (match if input ends). */
  readonly #finalNow: Bits;
  readonly #finalEnd: Bits;
  /** Whether the empty input matches (a `$` branch that can match nothing). */
  readonly #emptyMatches: boolean;

  #sets: Bits[] = [];
  #ids = new Map<string, number>();
  #trans: Int32Array = new Int32Array(0);
  #acceptEnd: Uint8Array = new Uint8Array(0);
  #maxStates = 0;

  constructor(branches: readonly Branch[]) {
    // Branches without atoms never match in OS_Regex (Wazuh returns no match for them).
    const live = branches.filter((b) => b.atoms.length > 0);
    const atoms = live.flatMap((b) => b.atoms);
    const n = atoms.length;
    this.#words = Math.max(1, Math.ceil(n / 32));
    const words = this.#words;

    // Character classes: ASCII codes with the same membership vector share a class.
    const highLits = [...new Set(atoms.flatMap((a) => (a.set.kind === 'lit' && a.set.code > 127 ? [a.set.code] : [])))];
    const signatures = new Map<string, number>();
    const accepts: Bits[] = [];
    const classOf = (member: (atom: number) => boolean): number => {
      const bits = newBits(words);
      for (let j = 0; j < n; j++) if (member(j)) setBit(bits, j);
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
    for (let c = 0; c < 128; c++) this.#asciiClass[c] = classOf((j) => acceptsAscii(atoms[j]!.set, c));
    this.#highClass = classOf((j) => acceptsAnyHigh(atoms[j]!.set));
    this.#highLiterals = highLits.length === 0 ? null : new Map(highLits.map((code) => [code, classOf((j) => acceptsAnyHigh(atoms[j]!.set) || (atoms[j]!.set.kind === 'lit' && atoms[j]!.set.code === code))]));
    this.#classCount = accepts.length;
    this.#accepts = accepts;

    // Positions: follow sets, starts and finals, branch by branch.
    this.#follow = atoms.map(() => newBits(words));
    this.#startAll = newBits(words);
    this.#startFree = newBits(words);
    this.#finalNow = newBits(words);
    this.#finalEnd = newBits(words);
    let constant: boolean | null = live.length === 0 ? false : null;
    let emptyMatches = false;
    let base = 0;
    for (const b of live) {
      const last = base + b.atoms.length - 1;
      const repeat = (j: number): string => atoms[j]!.repeat;
      // Positions that can consume the next character when position k is the first candidate:
      // k itself, and the ones after it as long as the skipped atoms are `*`.
      const reachFrom = (k: number, into: Bits): void => {
        for (let j = k; j <= last; j++) {
          setBit(into, j);
          if (repeat(j) !== 'star') break;
        }
      };
      for (let j = base; j <= last; j++) {
        if (repeat(j) !== 'one') setBit(this.#follow[j]!, j);
        reachFrom(j + 1, this.#follow[j]!);
      }
      reachFrom(base, this.#startAll);
      if (!b.anchorStart) reachFrom(base, this.#startFree);
      // The final positions: the last atom and any atom followed only by `*` atoms.
      let j = last;
      for (;;) {
        setBit(b.anchorEnd ? this.#finalEnd : this.#finalNow, j);
        if (j === base || repeat(j) !== 'star') break;
        j--;
      }
      const canBeEmpty = b.atoms.every((a) => a.repeat === 'star');
      if (canBeEmpty) {
        // A branch that matches the empty string: without `$` it matches any input; with `$`
        // and without `^` it matches at the end of any input; with both, only the empty input.
        if (!b.anchorEnd || !b.anchorStart) constant = true;
        else emptyMatches = true;
      }
      base = last + 1;
    }
    this.constant = constant;
    this.#emptyMatches = emptyMatches;
    this.#freeStarts = !isEmpty(this.#startFree);
    this.#reset();
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
      const cls = c < 128 ? asciiClass[c]! : this.#highLiterals === null ? this.#highClass : (this.#highLiterals.get(c) ?? this.#highClass);
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
