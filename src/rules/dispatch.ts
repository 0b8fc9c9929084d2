/**
 * Sibling dispatch: among the children of one rule, those whose `<field>` on a common name is a
 * set of whole literal strings (`aws.source` `^vpc$`, `aws.eventName` `^CreateUser$`,
 * `aws.dstport` `^22$`) are found by one map lookup of that field's value instead of one pattern
 * test each. The result is, for each value, the siblings that can still match — the ones whose
 * literal is the value and every sibling without such a field — in sibling order, so the walk
 * tries exactly the siblings it would have found matching, in the same order, and first match
 * still wins. Conditions are pure (check_diff, the one with state, runs after every field), so
 * skipping a sibling whose field cannot match changes nothing but the time spent.
 */
import { detach } from '../core/index.ts';
import { exactLiterals, foldAsciiCase } from './regex/index.ts';
import type { Condition } from './conditions.ts';
import type { Accessor } from './fields.ts';
import type { FieldDef } from './rule-def.ts';

/** A sibling to try, and the condition the lookup already answered (skipped when the sibling is checked). */
export interface Candidate<T> {
  readonly node: T;
  readonly skip: Condition | undefined;
}

/** What the dispatch needs to know of one sibling. */
export interface Sibling<T> {
  readonly node: T;
  readonly fields: readonly FieldDef[];
  /** The compiled condition of each field, in `fields` order. */
  readonly fieldConds: readonly Condition[];
}

/** Fewest siblings sharing a literal field for a lookup to replace their tests. */
const MIN_DISPATCHED = 3;
/** Distinct raw values remembered per dispatch; past this, values are folded on every lookup (log content is attacker-controlled). */
const RAW_CACHE_MAX = 4096;

/** The siblings to try for one event, given the value of the dispatch field. */
export class SiblingDispatch<T> {
  readonly #get: Accessor;
  /** Folded literal → candidates. */
  readonly #byLiteral: Map<string, Candidate<T>[]>;
  /** Raw value → candidates: values seen before skip the fold. */
  readonly #byRaw: Map<string, Candidate<T>[]>;
  /** The siblings without a literal on the field: all that can match any other value. */
  readonly #rest: Candidate<T>[];

  constructor(get: Accessor, byLiteral: Map<string, Candidate<T>[]>, rest: Candidate<T>[]) {
    this.#get = get;
    this.#byLiteral = byLiteral;
    this.#byRaw = new Map(byLiteral);
    this.#rest = rest;
  }

  /** The siblings that can match `message`, in sibling order. */
  candidates(message: unknown): readonly Candidate<T>[] {
    const v = this.#get(message);
    if (v === undefined) return this.#rest;
    let list = this.#byRaw.get(v);
    if (list !== undefined) return list;
    const folded = foldAsciiCase(v);
    list = (folded === v ? undefined : this.#byLiteral.get(folded)) ?? this.#rest;
    // Kept past the event: a copy, not a slice that would keep the event's text alive.
    if (this.#byRaw.size < RAW_CACHE_MAX + this.#byLiteral.size) this.#byRaw.set(detach(v), list);
    return list;
  }
}

/**
 * The dispatch of a sibling list, on the field name shared by the most siblings with a literal
 * field (at least MIN_DISPATCHED), or undefined when no name qualifies. `accessor` compiles the
 * chosen name exactly as the siblings' conditions do.
 */
export function createSiblingDispatch<T>(siblings: readonly Sibling<T>[], accessor: (name: string) => Accessor): SiblingDispatch<T> | undefined {
  // The first literal field of each sibling per name (a second one stays an ordinary condition).
  const literalOf = siblings.map((s) => {
    const byName = new Map<string, { literals: string[]; cond: Condition }>();
    s.fields.forEach((f, i) => {
      if (f.negate || byName.has(f.name)) return;
      const literals = exactLiterals(f.type, f.pattern);
      if (literals !== undefined) byName.set(f.name, { literals, cond: s.fieldConds[i]! });
    });
    return byName;
  });
  const counts = new Map<string, number>();
  for (const byName of literalOf) for (const name of byName.keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = MIN_DISPATCHED - 1;
  for (const [name, n] of counts) {
    if (n > bestCount) {
      best = name;
      bestCount = n;
    }
  }
  if (best === undefined) return undefined;
  const name = best;
  const rest: Candidate<T>[] = [];
  const keys = new Set<string>();
  for (const byName of literalOf) for (const l of byName.get(name)?.literals ?? []) keys.add(l);
  const byLiteral = new Map<string, Candidate<T>[]>([...keys].map((k) => [k, []]));
  siblings.forEach((s, i) => {
    const lit = literalOf[i]!.get(name);
    if (lit === undefined) {
      const c: Candidate<T> = { node: s.node, skip: undefined };
      rest.push(c);
      for (const list of byLiteral.values()) list.push(c);
      return;
    }
    const c: Candidate<T> = { node: s.node, skip: lit.cond };
    for (const l of lit.literals) byLiteral.get(l)!.push(c);
  });
  return new SiblingDispatch(accessor(name), byLiteral, rest);
}
