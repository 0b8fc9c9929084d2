/**
 * The shipped ruleset against its own test cases (ruleset/tests/*.json): every case passes, every
 * rule has a case that fires it and a near miss that must not, every technique a rule names has
 * ATT&CK facts, and docs/ruleset.md covers every rule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRuleCases, SHIPPED_CASES_DIR, SHIPPED_RULESET_DIR } from '../../src/rules/index.ts';

const RULES_DIR = join(SHIPPED_RULESET_DIR, 'rules');
const ROOT = join(SHIPPED_RULESET_DIR, '..');

async function ruleFiles(): Promise<string[]> {
  return Promise.all((await readdir(RULES_DIR)).filter((n) => n.endsWith('.xml')).sort().map((n) => readFile(join(RULES_DIR, n), 'utf8')));
}

async function shippedRuleIds(): Promise<string[]> {
  return (await ruleFiles()).flatMap((text) => [...text.matchAll(/<rule id="(\d+)"/g)].map((m) => m[1]!));
}

/**
 * Rules with `noalert` group their children and are never an event's final rule, so no case can
 * expect them: each must instead be the parent of a rule that has a firing case. Returns them with
 * their children.
 */
async function noalertRules(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const rules = (await ruleFiles()).flatMap((text) => [...text.matchAll(/<rule id="(\d+)"([^>]*)>([\s\S]*?)<\/rule>/g)]);
  for (const [, id, attrs] of rules) if (/noalert=/.test(attrs!)) out.set(id!, []);
  for (const [, id, , body] of rules) {
    const parents = /<if_sid>([^<]*)<\/if_sid>/.exec(body!)?.[1]!.split(/[\s,]+/) ?? [];
    for (const p of parents) out.get(p)?.push(id!);
  }
  return out;
}

interface CaseDoc {
  cases: { name: string; expect: { rule?: string; notRule?: string } }[];
}

async function shippedCases(): Promise<CaseDoc['cases']> {
  const names = (await readdir(SHIPPED_CASES_DIR)).filter((n) => n.endsWith('.json')).sort();
  const docs = await Promise.all(names.map(async (n) => JSON.parse(await readFile(join(SHIPPED_CASES_DIR, n), 'utf8')) as CaseDoc));
  return docs.flatMap((d) => d.cases);
}

test('every shipped rule case passes', async () => {
  const results = await runRuleCases();
  const cases = await shippedCases();
  assert.equal(results.length, cases.length);
  const failed = results.filter((r) => !r.passed).map((r) => `${r.file}: ${r.name}: expected ${r.expected}, got ${r.got}`);
  assert.deepEqual(failed, []);
});

test('the case run reports a case whose expectation is wrong (so the test above can fail)', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-cases-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const shipped = JSON.parse(await readFile(join(SHIPPED_CASES_DIR, 'aws-cloudtrail.json'), 'utf8')) as { cases: { name: string; expect: Record<string, unknown> }[] };
  const brute = shipped.cases.find((c) => c.expect['rule'] === '80255')!;
  await writeFile(join(dir, 'wrong.json'), JSON.stringify({ cases: [{ ...brute, expect: { rule: '80255', level: 12 } }, { ...brute, expect: { notRule: '80255' } }] }));
  const results = await runRuleCases([dir]);
  assert.deepEqual(results.map((r) => [r.passed, r.expected, r.got]), [
    [false, 'rule 80255 level 12', 'rule 80255 level 10 (alert)'],
    [false, 'not rule 80255', 'rule 80255 level 10 (alert)'],
  ]);
});

test('every shipped rule has a case that fires it and a near miss, and every case names a shipped rule', async () => {
  const ids = await shippedRuleIds();
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  const cases = await shippedCases();
  const firing = new Set(cases.flatMap((c) => (c.expect.rule === undefined ? [] : [c.expect.rule])));
  const nearMiss = new Set(cases.flatMap((c) => (c.expect.notRule === undefined ? [] : [c.expect.notRule])));
  const groups = await noalertRules();
  assert.deepEqual([...groups.keys()], ['80610']);
  for (const [id, children] of groups) assert.ok(children.some((c) => firing.has(c)), `no child of noalert rule ${id} fires`);
  const testable = ids.filter((id) => !groups.has(id));
  assert.deepEqual(testable.filter((id) => !firing.has(id)), [], 'rules without a firing case');
  assert.deepEqual(testable.filter((id) => !nearMiss.has(id)), [], 'rules without a near miss');
  const known = new Set(ids);
  assert.deepEqual([...firing, ...nearMiss].filter((id) => !known.has(id)), [], 'cases naming rules that do not exist');
});

test('every ATT&CK technique the rules name has its facts in attack-techniques.json', async () => {
  const facts = JSON.parse(await readFile(join(ROOT, 'src', 'rules', 'mitre', 'attack-techniques.json'), 'utf8')) as Record<string, { name: string; tactics: string[] }>;
  const used = new Set((await ruleFiles()).flatMap((text) => [...text.matchAll(/<id>(T\d{4}(?:\.\d{3})?)<\/id>/g)].map((m) => m[1]!)));
  assert.ok(used.size >= 30, `rules name ${used.size} techniques`);
  assert.deepEqual(facts['T1078.004'], { name: 'Cloud Accounts', tactics: ['Defense Evasion', 'Persistence', 'Privilege Escalation', 'Initial Access'] });
  assert.deepEqual([...used].filter((id) => facts[id] === undefined).sort(), []);
  for (const [id, fact] of Object.entries(facts)) {
    assert.match(id, /^T\d{4}(\.\d{3})?$/);
    assert.ok(fact.name.length > 0 && fact.tactics.length > 0, id);
    // A sub-technique has its parent in the file and shares its tactics. Its name is ATT&CK's own
    // ("Cloud Accounts", not "Valid Accounts: Cloud Accounts"): Wazuh's alerts carry that name.
    if (id.includes('.')) {
      const parent = facts[id.slice(0, 5)];
      assert.ok(parent !== undefined, `${id} has no parent`);
      assert.deepEqual(fact.tactics, parent.tactics, id);
      assert.ok(!fact.name.startsWith(`${parent.name}:`), id);
    }
  }
});

test('docs/ruleset.md describes every shipped rule', async () => {
  const doc = await readFile(join(ROOT, 'docs', 'ruleset.md'), 'utf8');
  const missing = (await shippedRuleIds()).filter((id) => !new RegExp(`^\\| ${id} \\| `, 'm').test(doc));
  assert.deepEqual(missing, []);
});
