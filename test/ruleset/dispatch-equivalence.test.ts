/**
 * The engine finds siblings that test one field against literals by a map lookup (src/rules/dispatch.ts);
 * a traced evaluation (`awsmon logtest`) tries every sibling instead. Both must give the same final
 * rule and the same alert for every event of every shipped rule case, evaluated in sequence (so
 * correlation, ignore windows and firedtimes are exercised too).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadRuleEngine, parseCaseFile, SHIPPED_CASES_DIR, shippedRuleset } from '../../src/rules/index.ts';

test('every event of the shipped cases reaches the same rule and alert with and without a trace', async () => {
  const names = (await readdir(SHIPPED_CASES_DIR)).filter((n) => n.endsWith('.json')).sort();
  const options = { now: () => Date.UTC(2024, 0, 2, 3, 4, 5, 678), agent: { id: '000', name: 'awsmon-host' }, manager: { name: 'awsmon-host' } };
  const fast = await loadRuleEngine(shippedRuleset(), options);
  const traced = await loadRuleEngine(shippedRuleset(), options);
  let events = 0;
  const rules = new Set<string>();
  for (const name of names) {
    const file = join(SHIPPED_CASES_DIR, name);
    const { cases } = parseCaseFile(await readFile(file, 'utf8'), file, shippedRuleset());
    for (const c of cases) {
      for (const input of c.events) {
        const a = fast.evaluate(input);
        const b = traced.evaluate(input, { trace: true });
        const where = `${name}, case '${c.name}', event ${events}`;
        assert.deepEqual([a.rule?.id, a.rule?.level, a.rule?.description], [b.rule?.id, b.rule?.level, b.rule?.description], where);
        assert.equal(JSON.stringify(a.alert), JSON.stringify(b.alert), where);
        if (a.rule !== null) rules.add(a.rule.id);
        events++;
      }
    }
  }
  // The cases reach most of the ruleset; a broken case loader would compare nothing.
  assert.ok(events > 500, `${events} events`);
  assert.ok(rules.size > 150, `${rules.size} distinct final rules`);
});
