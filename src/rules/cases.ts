/**
 * Rule test cases (docs/rule-tests.md): JSON files of cases, each a list of events and what the
 * last one must produce. Every case runs on a fresh engine, so correlation state never leaks
 * between cases; the ruleset is read and its lists loaded once per file.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { errorMessage, RuleError } from '../core/index.ts';
import { CdbLists } from './cdb.ts';
import { WazuhRuleEngine } from './engine.ts';
import { parseLogLine } from './log-line.ts';
import { createEngineInput } from './input.ts';
import { readRuleDefs, rulesetFromDir, rulesetWithUserDirs, shippedRuleset, SHIPPED_RULESET_DIR } from './load.ts';
import { loadAttackData } from './mitre.ts';
import type { AttackData } from './mitre.ts';
import type { RuleDef } from './rule-def.ts';
import { buildTree } from './tree.ts';
import type { EngineInput, EngineOptions, Evaluation, RulesetSource } from './types.ts';

/** What the last event of a case must produce. */
export interface CaseExpectation {
  rule?: string;
  notRule?: string;
  level?: number;
  alert?: boolean;
  description?: string;
}

/** One case as read from its file. */
export interface RuleCase {
  name: string;
  events: EngineInput[];
  expect: CaseExpectation;
}

/** The outcome of one case. */
export interface CaseResult {
  file: string;
  name: string;
  passed: boolean;
  /** What was expected and what the last event gave, in words (for failure reports). */
  expected: string;
  got: string;
}

/** Where the shipped cases are. */
export const SHIPPED_CASES_DIR = join(SHIPPED_RULESET_DIR, 'tests');

/** Options of a case run. */
export interface CaseRunOptions {
  /** The ruleset of files that name none; default the shipped one. */
  source?: RulesetSource;
  engine?: EngineOptions;
}

/** Runs the cases of the given files and directories (their `*.json`, in name order). */
export async function runRuleCases(paths: readonly string[] = [SHIPPED_CASES_DIR], options: CaseRunOptions = {}): Promise<CaseResult[]> {
  const files: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch (err) {
      throw new RuleError('RULE_FILE_UNREADABLE', { file: p }, `cannot read the test cases: ${errorMessage(err)}`);
    }
    if (isDir) files.push(...(await readdir(p)).filter((n) => n.endsWith('.json')).sort().map((n) => join(p, n)));
    else files.push(p);
  }
  const attack = loadAttackData(options.engine?.attackFile);
  const loaded = new Map<string, { defs: RuleDef[]; lists: CdbLists }>();
  const results: CaseResult[] = [];
  for (const file of files) {
    const { source, cases } = parseCaseFile(await readFile(file, 'utf8'), file, options.source ?? shippedRuleset());
    const key = JSON.stringify(source);
    let rs = loaded.get(key);
    if (rs === undefined) {
      rs = { defs: await readRuleDefs(source), lists: new CdbLists(source.listDirs) };
      loaded.set(key, rs);
    }
    for (const c of cases) results.push(runCase(file, c, rs.defs, rs.lists, attack, options.engine));
  }
  return results;
}

function runCase(file: string, c: RuleCase, defs: RuleDef[], lists: CdbLists, attack: AttackData, options: EngineOptions | undefined): CaseResult {
  const engine = new WazuhRuleEngine(buildTree(defs), lists, attack, options);
  let last: Evaluation | undefined;
  for (const input of c.events) last = engine.evaluate(input);
  const got = last === undefined || last.rule === null ? 'no rule' : `rule ${last.rule.id} level ${last.rule.level}${last.alert === null ? ' (no alert)' : ' (alert)'}`;
  const e = c.expect;
  const wanted: string[] = [];
  let passed = true;
  const rule = last?.rule ?? null;
  if (e.rule !== undefined) { wanted.push(`rule ${e.rule}`); if (rule?.id !== e.rule) passed = false; }
  if (e.notRule !== undefined) { wanted.push(`not rule ${e.notRule}`); if (rule?.id === e.notRule) passed = false; }
  if (e.level !== undefined) { wanted.push(`level ${e.level}`); if (rule?.level !== e.level) passed = false; }
  if (e.alert !== undefined) { wanted.push(e.alert ? '(alert)' : '(no alert)'); if ((last?.alert != null) !== e.alert) passed = false; }
  if (e.description !== undefined) { wanted.push(`description '${e.description}'`); if (rule?.description !== e.description) passed = false; }
  return { file, name: c.name, passed, expected: wanted.join(' '), got: e.description === undefined ? got : `${got} description '${rule?.description ?? ''}'` };
}

const CASE_KEYS = new Set(['name', 'events', 'expect']);
const EXPECT_KEYS = new Set(['rule', 'notRule', 'level', 'alert', 'description']);

/** Parses a case file; anything malformed is RULE_CASE_INVALID naming the file and the case. */
export function parseCaseFile(text: string, file: string, defaultSource: RulesetSource): { source: RulesetSource; cases: RuleCase[] } {
  const bad = (reason: string, caseName?: string): never => {
    throw new RuleError('RULE_CASE_INVALID', { file }, caseName === undefined ? reason : `case '${caseName}': ${reason}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return bad(`not JSON: ${errorMessage(err)}`);
  }
  if (!isObject(doc)) return bad('expected an object {"cases": [...]}');
  for (const k of Object.keys(doc)) if (!['ruleset', 'rulesDir', 'cases'].includes(k)) bad(`unknown key '${k}' (expected ruleset, rulesDir, cases)`);
  const base = dirname(resolve(file));
  let source = defaultSource;
  if (doc['ruleset'] !== undefined) {
    if (typeof doc['ruleset'] !== 'string') bad('"ruleset" must be a directory path');
    source = rulesetFromDir(resolve(base, doc['ruleset'] as string));
  } else if (doc['rulesDir'] !== undefined) {
    if (typeof doc['rulesDir'] !== 'string') bad('"rulesDir" must be a directory path');
    source = rulesetWithUserDirs([resolve(base, doc['rulesDir'] as string)]);
  }
  const raw = doc['cases'];
  if (!Array.isArray(raw) || raw.length === 0) return bad('"cases" must be a non-empty array');
  const cases = raw.map((c: unknown, i: number): RuleCase => {
    if (!isObject(c)) return bad(`case ${i + 1} is not an object`);
    const name = typeof c['name'] === 'string' && c['name'] !== '' ? c['name'] : bad(`case ${i + 1} has no name`);
    for (const k of Object.keys(c)) if (!CASE_KEYS.has(k)) bad(`unknown key '${k}' (expected name, events, expect)`, name);
    const events = c['events'];
    if (!Array.isArray(events) || events.length === 0) bad('"events" must be a non-empty array', name);
    const inputs: EngineInput[] = [];
    (events as unknown[]).forEach((ev, j) => {
      let repeat = 1;
      let event = ev;
      if (isObject(ev) && 'repeat' in ev && 'event' in ev && Object.keys(ev).length === 2) {
        const n = ev['repeat'];
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100_000) bad(`event ${j + 1}: "repeat" must be an integer from 1 to 100000`, name);
        repeat = n as number;
        event = ev['event'];
      }
      const input = toInput(event, (reason) => bad(`event ${j + 1}: ${reason}`, name));
      for (let r = 0; r < repeat; r++) inputs.push(input);
    });
    const expect = c['expect'];
    if (!isObject(expect)) return bad('"expect" must be an object such as {"rule": "80253", "level": 3}', name);
    for (const k of Object.keys(expect)) if (!EXPECT_KEYS.has(k)) bad(`unknown expectation '${k}' (expected rule, notRule, level, alert, description)`, name);
    if (Object.keys(expect).length === 0) bad('"expect" is empty', name);
    const e: CaseExpectation = {};
    for (const k of ['rule', 'notRule'] as const) {
      const v = expect[k];
      if (v === undefined) continue;
      if ((typeof v !== 'string' && typeof v !== 'number') || !/^\d{1,6}$/.test(String(v))) bad(`"${k}" must be a rule id`, name);
      e[k] = String(Number(v));
    }
    if (expect['level'] !== undefined) {
      const v = expect['level'];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 16) bad('"level" must be a number from 0 to 16', name);
      e.level = v as number;
    }
    if (expect['alert'] !== undefined) {
      if (typeof expect['alert'] !== 'boolean') bad('"alert" must be true or false', name);
      e.alert = expect['alert'] as boolean;
    }
    if (expect['description'] !== undefined) {
      if (typeof expect['description'] !== 'string') bad('"description" must be a string', name);
      e.description = expect['description'] as string;
    }
    return { name, events: inputs, expect: e };
  });
  return { source, cases };
}

function toInput(event: unknown, bad: (reason: string) => never): EngineInput {
  if (typeof event === 'string') {
    const parsed = parseLogLine(event);
    if (!parsed.ok) return bad(parsed.error);
    return createEngineInput(parsed.message, undefined, parsed.text);
  }
  if (isObject(event)) return createEngineInput(event);
  return bad('must be a message object, a log line, or {"repeat": N, "event": {...}}');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
