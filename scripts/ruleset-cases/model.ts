/**
 * The rule test-case file format (docs/rule-tests.md) and the helpers that write cases: one event
 * or several, and the expectation on the last one.
 */

/** An event of a case: a message object, or the same message repeated. */
export type CaseEvent = Record<string, unknown> | { repeat: number; event: Record<string, unknown> };

/** What the last event of a case must produce. */
export interface CaseExpect {
  rule?: string;
  level?: number;
  alert?: boolean;
  notRule?: string;
}

/** One case of a `ruleset/tests/*.json` file. */
export interface RuleCase {
  name: string;
  events: CaseEvent[];
  expect: CaseExpect;
}

/** A case in which the last event must reach `rule` at `level` (an alert from level 3 on, none below). */
export function fires(name: string, events: CaseEvent[], rule: number, level: number): RuleCase {
  const expect: CaseExpect = { rule: String(rule), level };
  if (level < 3) expect.alert = false;
  return { name, events, expect };
}

/** A near miss: the last event must not reach `rule`. */
export function misses(name: string, events: CaseEvent[], rule: number): RuleCase {
  return { name, events, expect: { notRule: String(rule) } };
}

/** `event` repeated `count` times (identical events, e.g. for correlation without same_field). */
export function repeat(count: number, event: Record<string, unknown>): CaseEvent {
  return { repeat: count, event };
}
