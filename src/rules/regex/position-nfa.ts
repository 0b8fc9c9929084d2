/**
 * Glushkov's position automaton: every character set occurring in a regular expression is one
 * position; `first`, `last` and `follow` sets say which positions may read the first character,
 * end a match, and read the character after a given one. The automaton has no ε-moves, which is
 * what lets `Automaton` run it as a DFA built on demand.
 *
 * Character sets are sorted, disjoint, inclusive ranges of UTF-16 code units (`[lo, hi, lo, hi...]`).
 */

/** A regular expression over code-unit sets, as the OS_Regex and PCRE2 front ends produce it. */
export type Node =
  | { readonly t: 'set'; readonly ranges: readonly number[] }
  | { readonly t: 'cat'; readonly items: readonly Node[] }
  | { readonly t: 'alt'; readonly items: readonly Node[] }
  | { readonly t: 'star' | 'plus' | 'opt'; readonly item: Node };

/** One top-level alternative and its anchors. */
export interface Alternative {
  readonly node: Node;
  readonly anchorStart: boolean;
  readonly anchorEnd: boolean;
}

/** The compiled position automaton `Automaton` runs. */
export interface PositionNfa {
  /** Per position, the code units it reads. */
  readonly sets: ReadonlyArray<readonly number[]>;
  /** Per position, the positions that may read the next character. */
  readonly follow: readonly Bits[];
  /** Positions that may read the first character of the input, and any later one. */
  readonly startAll: Bits;
  readonly startFree: Bits;
  /** Positions that complete an alternative without / with an end anchor. */
  readonly finalNow: Bits;
  readonly finalEnd: Bits;
  /** Set when the answer does not depend on the input. */
  readonly constant: boolean | null;
  /** Whether the empty input matches (an alternative anchored both ways that can match nothing). */
  readonly emptyMatches: boolean;
}

export type Bits = Uint32Array;

/** Most positions an automaton may have (counted repetitions are unrolled into positions). */
export const MAX_POSITIONS = 4096;

export const MAX_CODE_UNIT = 0xffff;

/** Sorts and merges ranges. */
export function normalizeRanges(ranges: readonly number[]): number[] {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i]!, ranges[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (out.length > 0 && lo <= out[last]! + 1) out[last] = Math.max(out[last]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

/** The code units not in `ranges` (normalized). */
export function complementRanges(ranges: readonly number[]): number[] {
  const n = normalizeRanges(ranges);
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < n.length; i += 2) {
    if (n[i]! > next) out.push(next, n[i]! - 1);
    next = n[i + 1]! + 1;
  }
  if (next <= MAX_CODE_UNIT) out.push(next, MAX_CODE_UNIT);
  return out;
}

/** Adds the other case of every ASCII letter in `ranges` (Wazuh folds ASCII letters only). */
export function foldAsciiRanges(ranges: readonly number[]): number[] {
  const out = [...ranges];
  for (let i = 0; i < ranges.length; i += 2) {
    for (const [a, b, delta] of [[0x41, 0x5a, 0x20], [0x61, 0x7a, -0x20]] as const) {
      const lo = Math.max(ranges[i]!, a);
      const hi = Math.min(ranges[i + 1]!, b);
      if (lo <= hi) out.push(lo + delta, hi + delta);
    }
  }
  return normalizeRanges(out);
}

function setBit(b: Bits, i: number): void {
  b[i >>> 5]! |= 1 << (i & 31);
}

function orInto(into: Bits, from: Bits): void {
  for (let w = 0; w < into.length; w++) into[w]! |= from[w]!;
}

/** Builds the position automaton of alternatives; null when it would exceed MAX_POSITIONS. */
export function buildPositionNfa(alternatives: readonly Alternative[]): PositionNfa | null {
  const sets: Array<readonly number[]> = [];
  const count = (node: Node): number => (node.t === 'set' ? 1 : node.t === 'cat' || node.t === 'alt' ? node.items.reduce((n, i) => n + count(i), 0) : count(node.item));
  const total = alternatives.reduce((n, a) => n + count(a.node), 0);
  if (total > MAX_POSITIONS) return null;
  const words = Math.max(1, Math.ceil(total / 32));
  const bits = (): Bits => new Uint32Array(words);
  const follow: Bits[] = [];

  interface Info {
    nullable: boolean;
    first: Bits;
    last: Bits;
  }
  const visit = (node: Node): Info => {
    switch (node.t) {
      case 'set': {
        const p = sets.length;
        sets.push(node.ranges);
        follow.push(bits());
        const b = bits();
        setBit(b, p);
        return { nullable: false, first: b, last: b.slice() };
      }
      case 'cat': {
        let acc: Info = { nullable: true, first: bits(), last: bits() };
        for (const item of node.items) {
          const next = visit(item);
          // Every position that can end `acc` may be followed by the first of `next`.
          forEachBit(acc.last, (p) => orInto(follow[p]!, next.first));
          const first = acc.first.slice();
          if (acc.nullable) orInto(first, next.first);
          const last = next.last.slice();
          if (next.nullable) orInto(last, acc.last);
          acc = { nullable: acc.nullable && next.nullable, first, last };
        }
        return acc;
      }
      case 'alt': {
        const acc: Info = { nullable: false, first: bits(), last: bits() };
        for (const item of node.items) {
          const i = visit(item);
          acc.nullable ||= i.nullable;
          orInto(acc.first, i.first);
          orInto(acc.last, i.last);
        }
        return acc;
      }
      case 'star':
      case 'plus':
      case 'opt': {
        const i = visit(node.item);
        if (node.t !== 'opt') forEachBit(i.last, (p) => orInto(follow[p]!, i.first));
        return { nullable: node.t !== 'plus' || i.nullable, first: i.first, last: i.last };
      }
    }
  };

  const startAll = bits();
  const startFree = bits();
  const finalNow = bits();
  const finalEnd = bits();
  let constant: boolean | null = alternatives.length === 0 ? false : null;
  let emptyMatches = false;
  for (const alt of alternatives) {
    const info = visit(alt.node);
    orInto(startAll, info.first);
    if (!alt.anchorStart) orInto(startFree, info.first);
    orInto(alt.anchorEnd ? finalEnd : finalNow, info.last);
    if (info.nullable) {
      // Matching nothing: without `$` any input matches (at its start); with `$` but no `^`,
      // any input matches at its end; with both, only the empty input.
      if (!alt.anchorEnd || !alt.anchorStart) constant = true;
      else emptyMatches = true;
    }
  }
  return { sets, follow, startAll, startFree, finalNow, finalEnd, constant, emptyMatches };
}

/** Calls `fn` with the index of every set bit. */
export function forEachBit(b: Bits, fn: (i: number) => void): void {
  for (let w = 0; w < b.length; w++) {
    let m = b[w]!;
    while (m !== 0) {
      const bit = 31 - Math.clz32(m);
      m &= ~(1 << bit);
      fn(w * 32 + bit);
    }
  }
}
