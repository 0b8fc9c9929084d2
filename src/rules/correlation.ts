/**
 * Correlation state of one `if_matched_sid`/`if_matched_group` rule, measured on the events' own
 * time so a backfill finds the bursts live collection would, whatever order objects are read in.
 *
 * Wazuh walks the watched rule's history newest to oldest and fires when `frequency - 1` earlier
 * qualifying events plus the current one fall within `timeframe`; the events counted are then
 * consumed. Here the history is kept per `same_field` key, sorted by event time, and a firing
 * needs `frequency` events (or distinct values of `distinct_field`) within a span of `timeframe`
 * that contains the current event, preferring earlier events (so in-order input behaves exactly
 * like Wazuh). Bounds (docs/rule-language.md): per key `max(2·frequency, 16)` entries, per rule
 * `maxKeys` keys and `maxEntries` entries (the least recently recorded tenth of the keys evicted
 * at once), and the messages kept for `previous_output` are the last `maxRetained` recorded.
 */
import { detach } from '../core/index.ts';
import type { EngineInput } from './types.ts';
import type { Accessor } from './fields.ts';

/** Bounds of one correlation rule's memory. */
export interface CorrelationLimits {
  maxKeys: number;
  maxEntries: number;
  maxRetained: number;
}

/** Defaults: about 20 MB of entries and the messages of 10,000 events per correlation rule at most. */
export const DEFAULT_LIMITS: CorrelationLimits = { maxKeys: 50_000, maxEntries: 200_000, maxRetained: 10_000 };

/** How many earlier events an alert's `previous_output` shows (Wazuh shows up to about 11). */
const PREVIOUS_OUTPUT_MAX = 11;

export interface Entry {
  t: number;
  /** The values of the different_field fields. */
  diff: string[] | undefined;
  /** The distinct_field value. */
  v: string | undefined;
  /** The event, kept for previous_output while it is among the last maxRetained recorded. */
  input: EngineInput | undefined;
}

interface Bucket {
  entries: Entry[];
  /** When the key was last recorded (a counter), for least-recently-used eviction. */
  used: number;
}

/** What a correlation rule reads from events. */
export interface CorrelationSpec {
  frequency: number;
  timeframeMs: number;
  same: Accessor[];
  different: Accessor[];
  distinct: Accessor | undefined;
}

/** The correlation state of one rule. */
export class Correlator {
  readonly #spec: CorrelationSpec;
  readonly #limits: CorrelationLimits;
  readonly #perKey: number;
  readonly #buckets = new Map<string, Bucket>();
  #entries = 0;
  #clock = 0;
  // Grows to maxRetained, then is used as a ring.
  readonly #retained: Entry[] = [];
  #retainedAt = 0;

  constructor(spec: CorrelationSpec, limits: CorrelationLimits) {
    this.#spec = spec;
    this.#limits = limits;
    this.#perKey = Math.min(Math.max(2 * spec.frequency, 16), limits.maxEntries);
  }

  /** Number of keys and entries held (for tests and the bounds documentation). */
  get size(): { keys: number; entries: number } {
    return { keys: this.#buckets.size, entries: this.#entries };
  }

  /** Remembers an event whose final rule this rule watches. */
  record(message: unknown, input: EngineInput): void {
    const key = this.#key(message);
    if (key === undefined) return;
    const spec = this.#spec;
    let v: string | undefined;
    if (spec.distinct !== undefined) {
      v = spec.distinct(message);
      if (v === undefined) return;
      v = detach(v);
    }
    let diff: string[] | undefined;
    if (spec.different.length > 0) {
      diff = [];
      for (const a of spec.different) {
        const d = a(message);
        if (d === undefined) return;
        diff.push(detach(d));
      }
    }
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      if (this.#buckets.size >= this.#limits.maxKeys) this.#evictLeastRecent();
      bucket = { entries: [], used: 0 };
      this.#buckets.set(detach(key), bucket);
    }
    bucket.used = ++this.#clock;
    const t = input.time;
    const entries = bucket.entries;
    if (v !== undefined) {
      // One entry per distinct value, at its latest time.
      // A loop, not findIndex: no closure per event.
      let i = 0;
      while (i < entries.length && entries[i]!.v !== v) i++;
      if (i < entries.length) {
        const old = entries[i]!;
        if (old.t >= t) return;
        entries.splice(i, 1);
        this.#entries--;
      }
    }
    const entry: Entry = { t, diff, v, input: this.#limits.maxRetained === 0 ? undefined : input.compact?.() ?? input };
    insertByTime(entries, entry);
    this.#entries++;
    this.#retain(entry);
    if (entries.length > this.#perKey) {
      // Drop the entries farthest in time from this one: in-order input loses its oldest, a
      // backwards backfill its newest, and a burst around `t` is kept either way. A quarter
      // goes at once, so the cost per event stays constant.
      const drop = entries.length - Math.floor(this.#perKey * 3 / 4);
      const first = entries[0]!;
      const last = entries[entries.length - 1]!;
      if (t - first.t >= last.t - t) entries.splice(0, drop);
      else entries.length -= drop;
      this.#entries -= drop;
    }
    if (this.#entries > this.#limits.maxEntries) this.#evictLeastRecent();
  }

  /**
   * Whether the current event completes a burst. On success the events counted are consumed and
   * the full logs of up to 11 of them (newest first) are returned for `previous_output`.
   */
  check(message: unknown, input: EngineInput): string[] | undefined {
    const key = this.#key(message);
    if (key === undefined) return undefined;
    const bucket = this.#buckets.get(key);
    if (bucket === undefined) return undefined;
    const spec = this.#spec;
    // Both modes need frequency - 1 entries besides the current event (distinct values at most
    // one per entry): most events stop here, before reading any entry.
    const need = spec.frequency - 1;
    if (bucket.entries.length < need) return undefined;
    let cur: string[] | undefined;
    if (spec.different.length > 0) {
      cur = [];
      for (const a of spec.different) {
        const d = a(message);
        if (d === undefined) return undefined;
        cur.push(d);
      }
    }
    let v: string | undefined;
    if (spec.distinct !== undefined) {
      v = spec.distinct(message);
      if (v === undefined) return undefined;
    }
    const t = input.time;
    const T = spec.timeframeMs;
    // Entries are sorted by time: the window's range by binary search, and most events stop
    // here without allocating (too few entries around t).
    const entries = bucket.entries;
    const lo = firstAtOrAfter(entries, t - T);
    const hi = firstAfter(entries, t + T);
    if (hi - lo < need) return undefined;
    let candidates: Entry[];
    if (cur === undefined) {
      candidates = entries.slice(lo, hi);
    } else {
      candidates = [];
      for (let i = lo; i < hi; i++) if (!differsNot(entries[i]!.diff!, cur)) candidates.push(entries[i]!);
      if (candidates.length < need) return undefined;
    }
    const used = v === undefined ? pickCount(candidates, t, T, spec.frequency - 1) : pickDistinct(candidates, t, T, v, spec.frequency);
    if (used === undefined) return undefined;
    const gone = new Set(used);
    bucket.entries = bucket.entries.filter((e) => !gone.has(e));
    this.#entries -= used.length;
    if (bucket.entries.length === 0) this.#buckets.delete(key);
    const previous: string[] = [];
    for (let i = used.length - 1; i >= 0 && previous.length < PREVIOUS_OUTPUT_MAX; i--) {
      const inp = used[i]!.input;
      if (inp !== undefined) previous.push(inp.fullLog());
    }
    return previous;
  }

  #key(message: unknown): string | undefined {
    const same = this.#spec.same;
    if (same.length === 0) return '';
    if (same.length === 1) return same[0]!(message);
    let key = '';
    for (const a of same) {
      const s = a(message);
      if (s === undefined) return undefined;
      key += `${s.length}:${s}`;
    }
    return key;
  }

  #retain(entry: Entry): void {
    const max = this.#limits.maxRetained;
    if (max === 0) {
      entry.input = undefined;
    } else if (this.#retained.length < max) {
      this.#retained.push(entry);
    } else {
      this.#retained[this.#retainedAt]!.input = undefined;
      this.#retained[this.#retainedAt] = entry;
      this.#retainedAt = (this.#retainedAt + 1) % max;
    }
  }

  /**
   * Evicts the least recently recorded tenth of the keys (at least one, and until the entry
   * bound holds): one scan per many insertions instead of reordering the map on every event.
   */
  #evictLeastRecent(): void {
    const used = [...this.#buckets.values()].map((b) => b.used).sort((a, b) => a - b);
    if (used.length === 0) return;
    let cut = used[Math.max(0, Math.floor(used.length / 10) - 1)]!;
    for (;;) {
      for (const [key, bucket] of this.#buckets) {
        if (bucket.used <= cut) {
          this.#buckets.delete(key);
          this.#entries -= bucket.entries.length;
        }
      }
      if (this.#entries <= this.#limits.maxEntries || this.#buckets.size === 0) return;
      const rest = [...this.#buckets.values()].map((b) => b.used).sort((a, b) => a - b);
      cut = rest[Math.max(0, Math.floor(rest.length / 10) - 1)]!;
    }
  }
}

/** Index of the first entry at or after time `t` (entries sorted by time). */
function firstAtOrAfter(entries: readonly Entry[], t: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first entry after time `t`. */
function firstAfter(entries: readonly Entry[], t: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertByTime(entries: Entry[], entry: Entry): void {
  let i = entries.length;
  while (i > 0 && entries[i - 1]!.t > entry.t) i--;
  if (i === entries.length) entries.push(entry);
  else entries.splice(i, 0, entry);
}

function differsNot(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) return true;
  return false;
}

/**
 * `need` earlier-or-later entries which, with the current event at `t`, span at most `T`:
 * as many as possible from before `t` (nearest first), then from after it.
 */
function pickCount(sorted: Entry[], t: number, T: number, need: number): Entry[] | undefined {
  if (sorted.length < need) return undefined;
  let split = sorted.length;
  while (split > 0 && sorted[split - 1]!.t > t) split--;
  const before = split;
  const after = sorted.length - split;
  for (let fromBefore = Math.min(need, before); fromBefore >= 0; fromBefore--) {
    const fromAfter = need - fromBefore;
    if (fromAfter > after) break;
    const lo = fromBefore > 0 ? sorted[split - fromBefore]!.t : t;
    const hi = fromAfter > 0 ? sorted[split + fromAfter - 1]!.t : t;
    if (hi - lo <= T) return sorted.slice(split - fromBefore, split + fromAfter);
  }
  return undefined;
}

/**
 * Entries in a window of span at most `T` containing `t` whose distinct values, with the
 * current value, number at least `need`. Entries hold one distinct value each.
 */
export function pickDistinct(sorted: Entry[], t: number, T: number, v: string, need: number): Entry[] | undefined {
  if (sorted.length + 1 < need) return undefined;
  // Windows [lo, lo + T] containing t, lo from t - T upwards at each entry time.
  let split = sorted.length;
  while (split > 0 && sorted[split - 1]!.t > t) split--;
  // lo never decreases as start grows, so neither does the window's end: one pass, and no
  // copy of a window until one is returned.
  let end = 0;
  for (let start = 0; start <= split; start++) {
    const lo = start < split ? sorted[start]!.t : t;
    if (end < start) end = start;
    while (end < sorted.length && sorted[end]!.t <= lo + T) end++;
    if (end < split) continue; // the window does not reach t
    let holdsV = false;
    for (let i = start; i < end && !holdsV; i++) holdsV = sorted[i]!.v === v;
    if (end - start + (holdsV ? 0 : 1) >= need) return sorted.slice(start, end);
    if (end === sorted.length) break; // later windows are subsets of this one
  }
  return undefined;
}
