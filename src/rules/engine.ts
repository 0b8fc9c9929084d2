/**
 * The compiled rule engine: walks the tree per event with analysisd's semantics (reference §3),
 * keeps correlation state, and builds alerts.
 */
import { hostname } from 'node:os';
import { detach, RuleError } from '../core/index.ts';
import { buildAlert, ruleTemplate } from './alert.ts';
import type { RuleTemplate } from './alert.ts';
import type { CdbLists } from './cdb.ts';
import { compileConditions, compileDescription, fullLogOf } from './conditions.ts';
import type { Condition, EvalState } from './conditions.ts';
import { Correlator, DEFAULT_LIMITS } from './correlation.ts';
import { createSiblingDispatch } from './dispatch.ts';
import type { Candidate, SiblingDispatch } from './dispatch.ts';
import { compileAccessor } from './fields.ts';
import type { Accessor, Origin } from './fields.ts';
import type { AttackData } from './mitre.ts';
import type { RuleDef } from './rule-def.ts';
import { groupMatcher } from './tree.ts';
import type { Tree, TreeNode } from './tree.ts';
import { LazyRuleRef } from './rule-ref.ts';
import type { EngineInput, EngineOptions, Evaluation, RuleEngine, RuleRef, RuleTrial } from './types.ts';

/** How many `<ignore>` field values a rule remembers (oldest forgotten first). */
const IGNORED_MAX = 10_000;

interface Node {
  readonly def: RuleDef;
  readonly id: string;
  readonly level: number;
  children: Node[];
  /** The children by the value of a field most of them test against literals (dispatch.ts), when one does. */
  dispatch: SiblingDispatch<Node> | undefined;
  readonly conds: Condition[];
  readonly fieldConds: Condition[];
  readonly correlator: Correlator | undefined;
  readonly watchers: Correlator[];
  readonly template: RuleTemplate;
  readonly describe: (message: unknown) => string;
  readonly ignoreMs: number | undefined;
  ignoredAt: number;
  readonly ignoreKey: Accessor[];
  readonly checkIgnoredKey: Accessor[];
  readonly ignored: Set<string>;
  firedtimes: number;
  readonly constantRef: RuleRef | undefined;
}

/** A loaded ruleset. Not re-entrant: one `evaluate` at a time (it is synchronous). */
export class WazuhRuleEngine implements RuleEngine {
  readonly ruleCount: number;
  readonly warnings: readonly string[];
  readonly #roots: Node[];
  readonly #rootDispatch: SiblingDispatch<Node> | undefined;
  readonly #logAlertLevel: number;
  readonly #emailAlertLevel: number;
  readonly #agent: { id: string; name: string; ip?: string };
  readonly #manager: { name: string };
  readonly #location: string;
  readonly #now: () => number;
  #alertCounter = 0;
  // Per-evaluation scratch, reset by evaluate().
  #prevRule: Node | undefined;
  #previous: string[] | undefined;
  #trace: RuleTrial[] | undefined;
  #finalRule: Node | undefined;
  readonly #state: { message: unknown; input: EngineInput; log: string | undefined } = { message: undefined, input: { message: undefined, time: 0, fullLog: () => '' }, log: undefined };

  constructor(tree: Tree, lists: CdbLists, attack: AttackData, options: EngineOptions = {}) {
    const host = hostname();
    this.#agent = options.agent ?? { id: '000', name: host };
    this.#manager = options.manager ?? { name: host };
    this.#location = options.location ?? 'Wazuh-AWS';
    this.#logAlertLevel = options.logAlertLevel ?? 3;
    this.#emailAlertLevel = options.emailAlertLevel ?? 12;
    this.#now = options.now ?? Date.now;
    const origin: Origin = { location: this.#location, hostname: this.#agent.name, agentId: this.#agent.id };
    const limits = { ...DEFAULT_LIMITS, ...options.correlationLimits };
    const nodes = new Map<TreeNode, Node>();
    for (const t of tree.nodes) nodes.set(t, compileNode(t.def, origin, lists, attack, limits));
    for (const [t, n] of nodes) n.children = t.children.map((c) => nodes.get(c)!);
    this.#roots = tree.roots.map((r) => nodes.get(r)!);
    const accessor = (name: string) => compileAccessor(name, origin);
    const dispatchOf = (list: Node[]) => createSiblingDispatch(list.map((n) => ({ node: n, fields: n.def.fields, fieldConds: n.fieldConds })), accessor);
    for (const n of nodes.values()) n.dispatch = dispatchOf(n.children);
    this.#rootDispatch = dispatchOf(this.#roots);
    const all = [...nodes.values()];
    for (const n of all) {
      if (n.correlator === undefined) continue;
      const { ifMatchedSid, ifMatchedGroup } = n.def;
      if (ifMatchedSid !== undefined) {
        const watched = all.find((w) => w.id === ifMatchedSid);
        if (watched === undefined) throw new RuleError('RULE_SYNTAX', { file: n.def.file, line: n.def.line, ruleId: n.id }, `if_matched_sid names rule ${ifMatchedSid}, which is not defined`);
        watched.watchers.push(n.correlator);
      } else if (ifMatchedGroup !== undefined) {
        const test = groupMatcher(ifMatchedGroup);
        for (const w of all) if (test(w.def.groups)) w.watchers.push(n.correlator);
      }
    }
    this.ruleCount = all.length;
    this.warnings = tree.warnings;
  }

  /** Evaluates one event (see RuleEngine). */
  evaluate(input: EngineInput, options?: { trace?: boolean }): Evaluation {
    // One scratch state per engine: evaluate is synchronous and not re-entrant.
    const s = this.#state;
    s.message = input.message;
    s.input = input;
    s.log = undefined;
    this.#prevRule = undefined;
    this.#previous = undefined;
    const trace = options?.trace === true ? [] : undefined;
    this.#trace = trace;
    let final: Node | undefined;
    const dispatch = this.#rootDispatch;
    if (dispatch === undefined || trace !== undefined) {
      const roots = this.#roots;
      for (let i = 0; i < roots.length; i++) {
        final = this.#check(roots[i]!, s, undefined);
        if (final !== undefined) break;
      }
    } else {
      final = this.#first(dispatch.candidates(s.message), s);
    }
    this.#trace = undefined;
    const alert = final === undefined ? null : this.#conclude(final, s);
    const rule = this.#finalRule;
    this.#finalRule = undefined;
    const ev: Evaluation = { rule: rule === undefined ? null : this.#ref(rule, s.message), alert };
    if (trace !== undefined) ev.trace = trace;
    return ev;
  }

  /** After the walk: level 0, ignore windows, correlation history, the alert. Sets #finalRule. */
  #conclude(final: Node, s: EvalState): Record<string, unknown> | null {
    this.#finalRule = final;
    // A final rule of level 0 stops processing: no alert, nothing remembered.
    if (final.level === 0) return null;
    let rule = final;
    if (rule.ignoreMs !== undefined) {
      const t = s.input.time;
      if (!Number.isNaN(rule.ignoredAt) && Math.abs(t - rule.ignoredAt) < rule.ignoreMs) {
        // Within the ignore window further hits are reported as the rule's parent.
        if (this.#prevRule === undefined) return null;
        rule = this.#prevRule;
        this.#finalRule = rule;
      } else {
        rule.ignoredAt = t;
      }
    }
    if (rule.checkIgnoredKey.length > 0 && rule.ignored.has(keyOf(rule.checkIgnoredKey, s.message))) return null;
    if (rule.ignoreKey.length > 0) {
      rule.ignored.add(detach(keyOf(rule.ignoreKey, s.message)));
      if (rule.ignored.size > IGNORED_MAX) rule.ignored.delete(rule.ignored.values().next().value!);
    }
    const watchers = rule.watchers;
    for (let i = 0; i < watchers.length; i++) watchers[i]!.record(s.message, s.input);
    const opts = rule.def.options;
    if (rule.level < this.#logAlertLevel || opts.has('no_log')) return null;
    return buildAlert({
      now: this.#now(),
      counter: this.#alertCounter++,
      level: rule.level,
      description: rule.describe(s.message),
      ruleId: rule.id,
      template: rule.template,
      frequency: rule.correlator === undefined ? undefined : rule.def.frequency,
      firedtimes: opts.has('no_counter') ? undefined : rule.firedtimes,
      mail: opts.has('alert_by_email') || (rule.level >= this.#emailAlertLevel && !opts.has('no_email_alert')),
      agent: this.#agent,
      manager: this.#manager,
      previousOutput: rule.correlator === undefined ? undefined : this.#previous,
      fullLog: opts.has('no_full_log') ? undefined : fullLogOf(s),
      message: s.message,
      location: this.#location,
    });
  }

  /**
   * Checks a rule and, when it matches, its children: the first matching child wins
   * (OS_CheckIfRuleMatch). `skip` is a condition a sibling dispatch has already found true.
   */
  #check(node: Node, s: EvalState, skip: Condition | undefined): Node | undefined {
    const conds = node.conds;
    for (let i = 0; i < conds.length; i++) {
      const c = conds[i]!;
      if (c !== skip && !c(s)) {
        this.#trace?.push({ id: node.id, matched: false });
        return undefined;
      }
    }
    if (node.correlator !== undefined) {
      const previous = node.correlator.check(s.message, s.input);
      if (previous === undefined) {
        this.#trace?.push({ id: node.id, matched: false });
        return undefined;
      }
      this.#previous = previous;
    }
    this.#trace?.push({ id: node.id, matched: true });
    // A trace lists every sibling tried, so it walks them all.
    const dispatch = this.#trace === undefined ? node.dispatch : undefined;
    let r: Node | undefined;
    if (dispatch !== undefined) {
      r = this.#first(dispatch.candidates(s.message), s);
    } else {
      const children = node.children;
      for (let i = 0; i < children.length; i++) {
        r = this.#check(children[i]!, s, undefined);
        if (r !== undefined) break;
      }
    }
    if (r !== undefined) {
      this.#prevRule ??= node;
      return r;
    }
    if (node.def.noalert) return undefined;
    node.firedtimes++;
    return node;
  }

  /** The result of the first candidate that matches, in order. */
  #first(candidates: readonly Candidate<Node>[], s: EvalState): Node | undefined {
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      const r = this.#check(c.node, s, c.skip);
      if (r !== undefined) return r;
    }
    return undefined;
  }

  #ref(node: Node, message: unknown): RuleRef {
    // A constant description gives one shared, frozen ref per rule.
    return node.constantRef ?? new LazyRuleRef(node.id, node.level, node.describe, message);
  }
}

function keyOf(accessors: Accessor[], message: unknown): string {
  let key = '';
  for (const a of accessors) {
    const v = a(message) ?? '';
    key += `${v.length}:${v}`;
  }
  return key;
}

/** The stateless compiled parts of a rule, shared by engines built from the same definitions (a case run builds one engine per case). */
interface Compiled {
  origin: Origin;
  lists: CdbLists;
  attack: AttackData;
  conds: Condition[];
  fieldConds: Condition[];
  template: RuleTemplate;
  describe: (message: unknown) => string;
}
const compiledCache = new WeakMap<RuleDef, Compiled>();

function compiledParts(def: RuleDef, origin: Origin, lists: CdbLists, attack: AttackData): Compiled {
  const hit = compiledCache.get(def);
  if (hit !== undefined && hit.lists === lists && hit.attack === attack && hit.origin.location === origin.location && hit.origin.hostname === origin.hostname && hit.origin.agentId === origin.agentId) return hit;
  const parts: Compiled = {
    origin, lists, attack,
    ...compileConditions(def, origin, lists),
    template: ruleTemplate(def.groups, def.mitre, attack),
    describe: compileDescription(def.description, origin),
  };
  // check_diff keeps state in its condition: never shared.
  if (!def.checkDiff) compiledCache.set(def, parts);
  return parts;
}

function compileNode(def: RuleDef, origin: Origin, lists: CdbLists, attack: AttackData, limits: typeof DEFAULT_LIMITS): Node {
  const parts = compiledParts(def, origin, lists, attack);
  const correlated = def.ifMatchedSid !== undefined || def.ifMatchedGroup !== undefined;
  const correlator = correlated
    ? new Correlator({
      frequency: def.frequency ?? 2,
      timeframeMs: (def.timeframe ?? 360) * 1000,
      same: def.sameFields.map((f) => compileAccessor(f, origin)),
      different: def.differentFields.map((f) => compileAccessor(f, origin)),
      distinct: def.distinctField === undefined ? undefined : compileAccessor(def.distinctField, origin),
    }, limits)
    : undefined;
  return {
    def, id: def.id, level: def.level, children: [], dispatch: undefined,
    conds: parts.conds,
    fieldConds: parts.fieldConds,
    correlator, watchers: [],
    template: parts.template,
    describe: parts.describe,
    ignoreMs: def.ignore === undefined ? undefined : def.ignore * 1000,
    ignoredAt: Number.NaN,
    ignoreKey: def.ignoreFields.map((f) => compileAccessor(f, origin)),
    checkIgnoredKey: def.checkIgnoredFields.map((f) => compileAccessor(f, origin)),
    ignored: new Set(),
    firedtimes: 0,
    constantRef: def.description.includes('$(') ? undefined : Object.freeze({ id: def.id, level: def.level, description: def.description }),
  };
}
