import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, engineOf } from './test-helpers.ts';
import { createEngineInput } from './input.ts';
import { createSiblingDispatch } from './dispatch.ts';
import type { WazuhRuleEngine } from './engine.ts';
import type { FieldDef } from './rule-def.ts';
import type { EngineInput } from './types.ts';

const ROOT = `
  <rule id="80200" level="0">
    <decoded_as>json</decoded_as>
    <field name="integration">^aws$</field>
    <description>AWS root</description>
  </rule>`;

/**
 * Siblings of 80200, in their tree order (level 0 first, then high to low): literal `aws.source`
 * fields (dispatched) among siblings that a lookup cannot answer — a negated field, a PCRE2
 * pattern, an unanchored one, no aws.source at all — and a noalert group.
 */
const SIBLINGS = `<group name="t,">${ROOT}
  <rule id="300" level="0"><if_sid>80200</if_sid><field name="aws.source">^quiet$|^kms$</field><description>silenced source</description></rule>
  <rule id="301" level="9"><if_sid>80200</if_sid><field name="aws.source">^vpc$</field><field name="aws.action">^REJECT$</field><description>vpc reject</description></rule>
  <rule id="302" level="8"><if_sid>80200</if_sid><field name="aws.source" type="pcre2">^(vpc|waf)$</field><field name="aws.hot">^1$</field><description>pcre2 hot</description></rule>
  <rule id="303" level="7"><if_sid>80200</if_sid><field name="aws.source">^Inspector$|^inspector2$</field><description>inspector</description></rule>
  <rule id="304" level="6"><if_sid>80200</if_sid><field name="aws.source">^vpc$</field><description>vpc</description></rule>
  <rule id="305" level="6"><if_sid>80200</if_sid><field name="aws.tag">^x$</field><description>no source field</description></rule>
  <rule id="306" level="5" noalert="1"><if_sid>80200</if_sid><field name="aws.source">^waf$</field><description>waf group</description></rule>
  <rule id="307" level="5"><if_sid>306</if_sid><field name="aws.action">^BLOCK$</field><description>waf block</description></rule>
  <rule id="308" level="4"><if_sid>80200</if_sid><field name="aws.source" negate="yes">^vpc$</field><field name="aws.odd">^1$</field><description>not vpc</description></rule>
  <rule id="309" level="3"><if_sid>80200</if_sid><field name="aws.source">waf</field><description>unanchored waf</description></rule>
  <rule id="310" level="3"><if_sid>80200</if_sid><field name="aws.source">^waf$</field><description>waf</description></rule>
  <rule id="311" level="2"><if_sid>80200</if_sid><field name="aws.n">^1$</field><field name="aws.n">^1$|^2$</field><description>numbers</description></rule>
  <rule id="312" level="2"><if_sid>80200</if_sid><field name="aws.n">^2$</field><description>two</description></rule>
  <rule id="313" level="2"><if_sid>80200</if_sid><field name="aws.n">^3$</field><description>three</description></rule>
</group>`;

const EVENTS: [Record<string, unknown>, string][] = [
  [{ source: 'vpc', action: 'REJECT' }, '301'],
  [{ source: 'VPC', action: 'reject' }, '301'], // OS_Regex folds ASCII letters
  [{ source: 'vpc', action: 'ACCEPT', hot: 1 }, '302'],
  [{ source: 'Vpc', action: 'ACCEPT', hot: 1 }, '304'], // the PCRE2 sibling is case-sensitive
  [{ source: 'vpc', action: 'ACCEPT' }, '304'],
  [{ source: 'vpc', tag: 'x' }, '304'],
  [{ source: 'inspector2' }, '303'],
  [{ source: 'INSPECTOR' }, '303'],
  [{ source: 'inspector3' }, '80200'],
  [{ source: 'KMS' }, '300'],
  [{ source: '\u212Ams' }, '80200'], // the Kelvin sign is not a K
  [{ source: 'quiet' }, '300'],
  [{ source: 'QUIET', action: 'REJECT' }, '300'],
  [{ source: 'waf', action: 'BLOCK' }, '307'],
  [{ source: 'waf', action: 'ALLOW' }, '309'], // the noalert group is passed over; 309 comes before 310
  [{ source: 'waf', action: 'ALLOW', hot: 1 }, '302'],
  [{ source: 'awaf', odd: 1 }, '308'],
  [{ source: 'awaf' }, '309'],
  [{ source: 'vpc ' }, '80200'],
  [{ source: 'vpc\n' }, '80200'],
  [{ tag: 'x' }, '305'],
  [{ odd: 1 }, '80200'], // a field the event lacks fails, negated or not
  [{ n: 1 }, '311'],
  [{ n: 2 }, '312'],
  [{ n: '3' }, '313'],
  [{ n: 4 }, '80200'],
  [{ source: { nested: 'vpc' } }, '80200'],
  [{ source: ['vpc'] }, '80200'],
];

function walk(engine: WazuhRuleEngine, inputs: EngineInput[], trace: boolean): [string, number, string, string][] {
  return inputs.map((input) => {
    const ev = engine.evaluate(input, { trace });
    return [ev.rule?.id ?? '-', ev.rule?.level ?? -1, ev.rule?.description ?? '', JSON.stringify(ev.alert)];
  });
}

test('siblings found by a literal lookup give the same final rules as trying every sibling, in sibling order', async () => {
  const fast = await engineOf(SIBLINGS);
  const slow = await engineOf(SIBLINGS);
  const inputs = EVENTS.map(([aws], i) => at(i, aws));
  const got = walk(fast, inputs, false);
  assert.deepEqual(got.map((g) => g[0]), EVENTS.map(([, id]) => id));
  assert.deepEqual(got, walk(slow, inputs, true));
});

test('a trace still lists every sibling tried, in order', async () => {
  const engine = await engineOf(SIBLINGS);
  const ev = engine.evaluate(at(0, { source: 'inspector' }), { trace: true });
  assert.deepEqual(ev.trace?.map((t) => `${t.id}${t.matched ? '+' : '-'}`), ['80200+', '300-', '301-', '302-', '303+']);
  assert.equal(engine.evaluate(at(0, { source: 'inspector' })).trace, undefined);
});

test('top-level rules are dispatched too, and a message that is not an object matches nothing', async () => {
  const xml = `<group name="t,">
    <rule id="400" level="3"><field name="kind">^a$</field><description>a</description></rule>
    <rule id="401" level="3"><field name="kind">^b$</field><description>b</description></rule>
    <rule id="402" level="3"><field name="other">^x$</field><description>other</description></rule>
    <rule id="403" level="3"><field name="kind">^c$|^a$</field><description>c or a</description></rule>
  </group>`;
  const fast = await engineOf(xml);
  const slow = await engineOf(xml);
  const inputs = [{ kind: 'a' }, { kind: 'C' }, { kind: 'b', other: 'x' }, { kind: 'd', other: 'x' }, { other: 'y' }, 'text', null].map((m) => createEngineInput(m, 0));
  const got = walk(fast, inputs, false);
  assert.deepEqual(got.map((g) => g[0]), ['400', '403', '401', '402', '-', '-', '-']);
  assert.deepEqual(got, walk(slow, inputs, true));
});

test('values seen once are remembered up to a bound: many distinct values still dispatch correctly', async () => {
  const engine = await engineOf(SIBLINGS);
  const ids: string[] = [];
  for (let i = 0; i < 10_000; i++) ids.push(engine.evaluate(at(0, { source: `src-${i}` })).rule?.id ?? '-');
  assert.deepEqual(new Set(ids), new Set(['80200']));
  assert.equal(engine.evaluate(at(0, { source: 'WAF', action: 'block' })).rule?.id, '307');
  assert.equal(engine.evaluate(at(0, { source: 'Waf', action: 'x' })).rule?.id, '309');
});

test('createSiblingDispatch picks the name most siblings test against literals and keeps sibling order per value', () => {
  const field = (name: string, pattern: string, extra: Partial<FieldDef> = {}): FieldDef => ({ name, element: 'field', type: 'osregex', pattern, negate: false, line: 1, ...extra });
  // A distinct condition per field, so the one skipped can be told apart.
  const sib = (node: string, fields: FieldDef[]) => ({ node, fields, fieldConds: fields.map(() => (): boolean => true) });
  const siblings = [
    sib('a', [field('x', '^1$')]),
    sib('b', [field('y', '^p$'), field('x', '^2$|^1$')]),
    sib('c', [field('y', '^q$')]),
    sib('d', [field('x', '^3$', { negate: true })]),
    sib('e', [field('x', '^3$')]),
    sib('f', [field('x', '^3$', { type: 'pcre2' })]),
  ];
  const d = createSiblingDispatch(siblings, (name) => (m) => (m as Record<string, string>)[name])!;
  const ids = (m: Record<string, string>) => d.candidates(m).map((c) => `${c.node}${c.skip === undefined ? '' : '*'}`).join(' ');
  assert.deepEqual([ids({ x: '1' }), ids({ x: '2' }), ids({ x: '3' }), ids({ x: '4' }), ids({})], ['a* b* c d f', 'b* c d f', 'c d e* f', 'c d f', 'c d f']);
  // The skipped condition is the literal field's own, not another one of the sibling.
  assert.equal(d.candidates({ x: '1' })[1]!.skip, siblings[1]!.fieldConds[1]);
  assert.notEqual(siblings[1]!.fieldConds[0], siblings[1]!.fieldConds[1]);
  assert.equal(createSiblingDispatch(siblings.slice(2), () => () => undefined), undefined);
});
