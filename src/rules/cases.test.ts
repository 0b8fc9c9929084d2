import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runRuleCases } from './cases.ts';
import { writeTree } from './test-helpers.ts';

const RULES = `<group name="amazon,aws,">
  <rule id="80200" level="0"><decoded_as>json</decoded_as><field name="integration">aws</field><description>AWS</description></rule>
  <rule id="80254" level="5"><if_sid>80200</if_sid><field name="aws.responseElements.ConsoleLogin">Failure</field><description>login failure</description></rule>
  <rule id="80255" level="10" frequency="6" timeframe="360"><if_matched_sid>80254</if_matched_sid><description>brute force</description></rule>
</group>`;
const FAILURE = { integration: 'aws', aws: { eventTime: '2024-01-01T00:00:00Z', responseElements: { ConsoleLogin: 'Failure' } } };

test('cases: repeat, log lines with the queue prefix, rule/level/notRule/alert expectations, a fresh engine per case', async () => {
  const dir = writeTree({
    'rs/rules/r.xml': RULES,
    'cases.json': JSON.stringify({ ruleset: 'rs', cases: [
      { name: 'brute force', events: [{ repeat: 6, event: FAILURE }], expect: { rule: '80255', level: 10 } },
      { name: 'state does not leak: one failure is not a burst', events: [FAILURE], expect: { rule: '80254', notRule: '80255', alert: true } },
      { name: 'queue prefix', events: [`1:Wazuh-AWS:${JSON.stringify({ integration: 'aws', aws: {} })}`], expect: { rule: 80200, level: 0, alert: false, description: 'AWS' } },
      { name: 'a failing case', events: [FAILURE], expect: { rule: '80255' } },
    ] }),
  });
  const results = await runRuleCases([join(dir, 'cases.json')]);
  assert.deepEqual(results.map((r) => [r.name, r.passed, r.expected, r.got]), [
    ['brute force', true, 'rule 80255 level 10', 'rule 80255 level 10 (alert)'],
    ['state does not leak: one failure is not a burst', true, 'rule 80254 not rule 80255 (alert)', 'rule 80254 level 5 (alert)'],
    ['queue prefix', true, "rule 80200 level 0 (no alert) description 'AWS'", "rule 80200 level 0 (no alert) description 'AWS'"],
    ['a failing case', false, 'rule 80255', 'rule 80254 level 5 (alert)'],
  ]);
});

test('malformed case files are RULE_CASE_INVALID naming file and case', async () => {
  const dir = writeTree({
    'a.json': '{"cases": [',
    'b.json': JSON.stringify({ cases: [{ name: 'x', events: [], expect: { rule: '1' } }] }),
    'c.json': JSON.stringify({ cases: [{ name: 'y', events: [{}], expect: { rul: '1' } }] }),
    'd.json': JSON.stringify({ cases: [{ name: 'z', events: ['garbage'], expect: { rule: '1' } }] }),
  });
  await assert.rejects(runRuleCases([join(dir, 'a.json')]), { code: 'RULE_CASE_INVALID', message: /^.*a\.json: not JSON: / });
  await assert.rejects(runRuleCases([join(dir, 'b.json')]), { code: 'RULE_CASE_INVALID', message: `${join(dir, 'b.json')}: case 'x': "events" must be a non-empty array` });
  await assert.rejects(runRuleCases([join(dir, 'c.json')]), { code: 'RULE_CASE_INVALID', message: `${join(dir, 'c.json')}: case 'y': unknown expectation 'rul' (expected rule, notRule, level, alert, description)` });
  await assert.rejects(runRuleCases([join(dir, 'd.json')]), { code: 'RULE_CASE_INVALID', message: `${join(dir, 'd.json')}: case 'z': event 1: not a JSON object (expected {...} or 1:Wazuh-AWS:{...})` });
});
