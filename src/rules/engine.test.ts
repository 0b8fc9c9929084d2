import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { at, engineOf, finalIds, fixedOptions, writeTree } from './test-helpers.ts';
import { createEngineInput } from './input.ts';
import { loadRuleEngine } from './load.ts';

const ROOT = `
  <rule id="80200" level="0">
    <decoded_as>json</decoded_as>
    <field name="integration">aws</field>
    <description>AWS root</description>
  </rule>`;

test('siblings are tried level 0 first, then from high to low, equal levels in load order; the first matching child wins', async () => {
  const engine = await engineOf(`<group name="t,">${ROOT}
    <rule id="100" level="3"><if_sid>80200</if_sid><field name="aws.x">a</field><description>three</description></rule>
    <rule id="101" level="7"><if_sid>80200</if_sid><field name="aws.x">a</field><description>seven</description></rule>
    <rule id="102" level="3"><if_sid>80200</if_sid><field name="aws.x">a</field><description>three again</description></rule>
    <rule id="103" level="5"><if_sid>80200</if_sid><field name="aws.x">ab</field><description>five</description></rule>
    <rule id="104" level="0"><if_sid>80200</if_sid><field name="aws.x">abc</field><description>silence</description></rule>
  </group>`);
  const ev = engine.evaluate(at(0, { x: 'a' }), { trace: true });
  assert.deepEqual(ev.trace, [
    { id: '80200', matched: true }, { id: '104', matched: false }, { id: '101', matched: true },
  ]);
  assert.deepEqual(ev.rule, { id: '101', level: 7, description: 'seven' });
  assert.deepEqual(finalIds(engine, [at(0, { x: 'abc' }), at(0, { x: 'ab' }), at(0, { x: 'z' })]), ['104', '101', '80200']);
});

test('a final rule of level 0 silences the event; below the alert level there is a rule but no alert', async () => {
  const engine = await engineOf(`<group name="t,">${ROOT}
    <rule id="110" level="2"><if_sid>80200</if_sid><field name="aws.action">ACCEPT</field><description>accepted</description></rule>
  </group>`);
  const silenced = engine.evaluate(at(0, { action: 'REJECT' }));
  assert.deepEqual(silenced, { rule: { id: '80200', level: 0, description: 'AWS root' }, alert: null });
  const low = engine.evaluate(at(0, { action: 'ACCEPT' }));
  assert.deepEqual(low, { rule: { id: '110', level: 2, description: 'accepted' }, alert: null });
  assert.deepEqual(engine.evaluate(createEngineInput({ other: 1 })), { rule: null, alert: null });
});

test('logAlertLevel and emailAlertLevel set where alerts and mail start; alert_by_email and no_email_alert override', async () => {
  const xml = `<group name="t,">${ROOT}
    <rule id="120" level="2"><if_sid>80200</if_sid><field name="aws.n">^1$</field><description>two</description></rule>
    <rule id="121" level="12"><if_sid>80200</if_sid><field name="aws.n">^2$</field><description>twelve</description></rule>
    <rule id="122" level="12"><if_sid>80200</if_sid><field name="aws.n">^3$</field><options>no_email_alert</options><description>quiet</description></rule>
    <rule id="123" level="4"><if_sid>80200</if_sid><field name="aws.n">^4$</field><options>alert_by_email</options><description>loud</description></rule>
    <rule id="124" level="4"><if_sid>80200</if_sid><field name="aws.n">^5$</field><options>no_log</options><description>unlogged</description></rule>
  </group>`;
  const engine = await engineOf(xml, {}, { logAlertLevel: 2 });
  const mail = (n: number) => (engine.evaluate(at(0, { n })).alert?.['rule'] as { mail?: boolean } | undefined)?.mail;
  assert.deepEqual([mail(1), mail(2), mail(3), mail(4), mail(5)], [false, true, false, true, undefined]);
  const defaults = await engineOf(xml);
  assert.equal(defaults.evaluate(at(0, { n: 1 })).alert, null);
});

test('noalert: a matching rule with no matching child is passed over and the next sibling is tried', async () => {
  const engine = await engineOf(`<group name="t,">${ROOT}
    <rule id="130" level="5" noalert="1"><if_sid>80200</if_sid><field name="aws.k">x</field><description>group only</description></rule>
    <rule id="131" level="6"><if_sid>130</if_sid><field name="aws.j">y</field><description>child</description></rule>
    <rule id="132" level="4"><if_sid>80200</if_sid><field name="aws.k">x</field><description>sibling</description></rule>
  </group>`);
  assert.deepEqual(finalIds(engine, [at(0, { k: 'x', j: 'y' }), at(0, { k: 'x' })]), ['131', '132']);
});

test('if_sid with several parents, if_group, if_level and implicit parents of if_matched_sid', async () => {
  const engine = await engineOf(`<group name="t,">${ROOT}
    <rule id="140" level="3"><if_sid>80200</if_sid><field name="aws.a">1</field><group>alpha,</group><description>a</description></rule>
    <rule id="141" level="3"><if_sid>80200</if_sid><field name="aws.b">1</field><group>beta_x,</group><description>b</description></rule>
    <rule id="142" level="9"><if_sid>140, 141</if_sid><field name="aws.c">1</field><description>c under both</description></rule>
    <rule id="143" level="8"><if_group>beta</if_group><field name="aws.d">1</field><description>d under beta groups</description></rule>
    <rule id="144" level="10"><if_level>9</if_level><field name="aws.e">1</field><description>e under level 9+</description></rule>
  </group>`);
  assert.deepEqual(finalIds(engine, [
    at(0, { a: 1, c: 1 }), at(0, { b: 1, c: 1 }), at(0, { b: 1, d: 1 }), at(0, { a: 1, d: 1 }), at(0, { a: 1, c: 1, e: 1 }),
  ]), ['142', '142', '143', '140', '144']);
});

test('overwrite="yes" replaces a rule in place: same tree position and children, new conditions and level', async () => {
  const dir = writeTree({
    'shipped/0350-aws.xml': `<group name="amazon,">${ROOT}
      <rule id="200" level="3"><if_sid>80200</if_sid><field name="aws.source">vpc</field><description>vpc</description></rule>
      <rule id="201" level="4"><if_sid>200</if_sid><field name="aws.action">REJECT</field><description>reject</description></rule>
      <rule id="202" level="5"><if_sid>80200</if_sid><field name="aws.source">vpcflow</field><description>other vpc</description></rule>
    </group>`,
    'user/local_rules.xml': `<group name="local,">
      <rule id="200" level="9" overwrite="yes"><if_sid>80200</if_sid><field name="aws.source">^vpc$</field><description>vpc overwritten $(aws.action)</description></rule>
    </group>`,
  });
  const engine = await loadRuleEngine({ ruleDirs: [join(dir, 'shipped'), join(dir, 'user')], listDirs: [dir] }, fixedOptions(dir));
  assert.equal(engine.ruleCount, 4);
  // 202 (level 5) sorted before 200 (level 3); overwritten to level 9, 200 is not re-sorted.
  assert.equal(engine.evaluate(at(0, { source: 'vpcflow', action: 'ACCEPT' })).rule?.id, '202');
  assert.equal(JSON.stringify(engine.evaluate(at(0, { source: 'vpc', action: 'ACCEPT' })).rule), '{"id":"200","level":9,"description":"vpc overwritten ACCEPT"}');
  assert.deepEqual(engine.evaluate(at(0, { source: 'vpc', action: 'REJECT' })).rule, { id: '201', level: 4, description: 'reject' });
  assert.equal(engine.evaluate(at(0, { source: 'vpcx', action: 'ACCEPT' })).rule?.id, '80200');
});

test('user rules load after shipped ones, files in name order; an if_sid naming a later rule is an error', async () => {
  const dir = writeTree({
    'a/0990-b.xml': `<group name="g,"><rule id="301" level="4"><if_sid>300</if_sid><description>b</description></rule></group>`,
    'a/0350-a.xml': `<group name="g,">${ROOT}<rule id="300" level="3"><if_sid>80200</if_sid><description>a</description></rule></group>`,
  });
  const engine = await loadRuleEngine({ ruleDirs: [join(dir, 'a')], listDirs: [] }, fixedOptions(dir));
  assert.equal(engine.evaluate(at(0, {})).rule?.id, '301');
  const bad = writeTree({ 'r/x.xml': `<group name="g,">${ROOT}\n<rule id="5" level="3">\n<if_sid>6</if_sid><description>x</description></rule>\n<rule id="6" level="3"><if_sid>80200</if_sid><description>y</description></rule></group>` });
  await assert.rejects(loadRuleEngine({ ruleDirs: [join(bad, 'r')], listDirs: [] }), {
    code: 'RULE_SYNTAX',
    message: `${join(bad, 'r', 'x.xml')}:7, rule 5: if_sid names rule 6, not defined before this rule (rules load in file-name order, shipped rules before user rules)`,
  });
});

test('an if_sid list with one missing rule loads with a warning', async () => {
  const engine = await engineOf(`<group name="t,">${ROOT}<rule id="150" level="3"><if_sid>80200, 99999</if_sid><description>x</description></rule></group>`);
  assert.equal(engine.warnings.length, 1);
  assert.match(engine.warnings[0]!, /rule 150: if_sid rule 99999 not defined before this rule; ignored$/);
  assert.equal(engine.evaluate(at(0, {})).rule?.id, '150');
});

test('description substitutes $(field) with dotted and static fields, empty when missing, data. prefix included', async () => {
  const engine = await engineOf(`<group name="t,">${ROOT}
    <rule id="160" level="3"><if_sid>80200</if_sid><description>$(aws.eventName) by $(aws.userIdentity.userName) from $(srcip) [$(data.aws.eventName)] $(aws.missing)|$(aws.n)|$(aws.f)</description></rule>
  </group>`);
  const ev = engine.evaluate(createEngineInput({ integration: 'aws', srcip: '10.0.0.1', aws: { eventName: 'CreateUser', userIdentity: { userName: 'eve' }, n: 7, f: 2.5 } }));
  assert.equal(ev.rule?.description, 'CreateUser by eve from 10.0.0.1 [] |7|2.500000');
});

test('static-field elements, match and regex on the full log, negate, pcre2 and osmatch types', async () => {
  const engine = await engineOf(`<group name="t,">${ROOT}
    <rule id="170" level="3"><if_sid>80200</if_sid><url>/admin</url><description>url</description></rule>
    <rule id="171" level="3"><if_sid>80200</if_sid><match>"eventName": "DeleteTrail"</match><description>match</description></rule>
    <rule id="172" level="3"><if_sid>80200</if_sid><regex type="pcre2">"bytes": "\\d{10,}"</regex><description>regex</description></rule>
    <rule id="173" level="3"><if_sid>80200</if_sid><field name="aws.kind">^probe$</field><field name="aws.who" negate="yes">^root$</field><description>negate</description></rule>
    <rule id="174" level="3"><if_sid>80200</if_sid><user>^alice$</user><location>Wazuh-AWS</location><decoded_as>json</decoded_as><description>user</description></rule>
    <rule id="175" level="3"><if_sid>80200</if_sid><program_name>sshd</program_name><description>never: json events have no program name</description></rule>
  </group>`);
  assert.deepEqual(finalIds(engine, [
    createEngineInput({ integration: 'aws', url: '/ADMIN/x', aws: {} }),
    at(0, { eventName: 'DeleteTrail' }),
    at(0, { bytes: '12345678901' }),
    at(0, { bytes: '123456789' }),
    at(0, { kind: 'probe', who: 'bob' }),
    at(0, { kind: 'probe', who: 'root' }),
    at(0, { kind: 'probe' }),
    createEngineInput({ integration: 'aws', user: 'Alice', aws: {} }),
  ]), ['170', '171', '172', '80200', '173', '80200', '80200', '174']);
});

test('srcip/dstip match addresses and networks, with ! negation', async () => {
  const engine = await engineOf(`<group name="t,">${ROOT}
    <rule id="180" level="3"><if_sid>80200</if_sid><srcip>10.0.0.0/8</srcip><srcip>!10.1.0.0/16</srcip><description>internal</description></rule>
    <rule id="181" level="3"><if_sid>80200</if_sid><dstip>192.168.1.5</dstip><description>one host</description></rule>
  </group>`);
  const m = (o: Record<string, unknown>) => createEngineInput({ integration: 'aws', ...o, aws: {} });
  assert.deepEqual(finalIds(engine, [m({ srcip: '10.2.3.4' }), m({ srcip: '10.1.3.4' }), m({ dstip: '192.168.1.5' }), m({ dstip: '192.168.1.6' })]), ['180', '80200', '181', '80200']);
});

test('CDB lookups: match_key, not_match_key, match_key_value with check_value, address lookups', async () => {
  const engine = await engineOf(`<group name="t,">${ROOT}
    <rule id="190" level="3"><if_sid>80200</if_sid><list field="aws.eventName" lookup="match_key">etc/lists/events</list><description>listed</description></rule>
    <rule id="191" level="4"><if_sid>80200</if_sid><list field="aws.region" lookup="not_match_key">etc/lists/regions</list><description>unapproved region</description></rule>
    <rule id="192" level="5"><if_sid>80200</if_sid><list field="aws.user" lookup="match_key_value" check_value="^admin">etc/lists/users</list><description>admin user</description></rule>
    <rule id="193" level="6"><if_sid>80200</if_sid><list field="aws.ip" lookup="address_match_key">etc/lists/bad-ips</list><description>bad ip</description></rule>
    <rule id="194" level="7"><if_sid>80200</if_sid><list field="aws.ip2" lookup="not_address_match_key">etc/lists/bad-ips</list><description>not bad ip</description></rule>
    <rule id="195" level="8"><if_sid>80200</if_sid><list field="aws.ip3" lookup="address_match_key_value" check_value="tor">etc/lists/bad-ips</list><description>tor ip</description></rule>
  </group>`, {
    events: 'ConsoleLogin:signin\nCreateUser:\n"odd:key":x\n',
    regions: 'us-east-1:\neu-west-1:\n',
    users: 'alice:admin-team\nbob:dev\n',
    'bad-ips': '10.1.:scanner\n192.168.7.7:tor-exit\n',
  });
  assert.deepEqual(finalIds(engine, [
    at(0, { eventName: 'CreateUser' }), at(0, { eventName: 'odd:key' }), at(0, { eventName: 'createuser' }),
    at(0, { region: 'ap-south-1' }), at(0, { region: 'us-east-1' }),
    at(0, { user: 'alice' }), at(0, { user: 'bob' }), at(0, { user: 'carol' }),
    at(0, { ip: '10.1.200.3' }), at(0, { ip: '10.10.0.1' }),
    at(0, { ip2: '8.8.8.8' }), at(0, { ip2: '10.1.0.1' }),
    at(0, { ip3: '192.168.7.7' }), at(0, { ip3: '10.1.0.1' }),
  ]), ['190', '190', '80200', '191', '80200', '192', '80200', '80200', '193', '80200', '194', '80200', '195', '80200']);
});

test('ignore="N": within N seconds of event time after firing, hits are reported as the parent rule', async () => {
  const engine = await engineOf(`<group name="t,">${ROOT}
    <rule id="210" level="3"><if_sid>80200</if_sid><field name="aws.source">waf</field><description>waf</description></rule>
    <rule id="211" level="6" ignore="60"><if_sid>210</if_sid><field name="aws.action">BLOCK</field><description>block</description></rule>
  </group>`);
  const ev = (s: number) => at(s, { source: 'waf', action: 'BLOCK' });
  assert.deepEqual(finalIds(engine, [ev(0), ev(30), ev(59), ev(60), ev(61), ev(200)]), ['211', '210', '210', '211', '210', '211']);
});

test('<ignore> and <check_if_ignored> silence later events with the same field values', async () => {
  const engine = await engineOf(`<group name="t,">${ROOT}
    <rule id="220" level="5"><if_sid>80200</if_sid><field name="aws.kind">x</field><ignore>aws.user</ignore><check_if_ignored>aws.user</check_if_ignored><description>once per user</description></rule>
  </group>`);
  const alerts = [at(0, { kind: 'x', user: 'a' }), at(1, { kind: 'x', user: 'a' }), at(2, { kind: 'x', user: 'b' })].map((i) => engine.evaluate(i).alert !== null);
  assert.deepEqual(alerts, [true, false, true]);
});

test('firedtimes counts per rule, also below the alert level; no_counter leaves it out', async () => {
  const engine = await engineOf(`<group name="t,">${ROOT}
    <rule id="230" level="3"><if_sid>80200</if_sid><field name="aws.k">a</field><description>a</description></rule>
    <rule id="231" level="3"><if_sid>80200</if_sid><field name="aws.k">b</field><options>no_counter</options><description>b</description></rule>
  </group>`);
  const rule = (k: string) => engine.evaluate(at(0, { k })).alert?.['rule'] as Record<string, unknown>;
  assert.equal(rule('a')['firedtimes'], 1);
  assert.equal(rule('a')['firedtimes'], 2);
  assert.equal('firedtimes' in rule('b'), false);
});

test('the full log is only produced when a rule needs it', async () => {
  const engine = await engineOf(`<group name="t,">${ROOT}
    <rule id="240" level="2"><if_sid>80200</if_sid><field name="aws.k">a</field><description>a</description></rule>
  </group>`);
  let calls = 0;
  const input = { message: { integration: 'aws', aws: { k: 'a' } }, time: 0, fullLog: () => { calls++; return '{}'; } };
  assert.equal(engine.evaluate(input).rule?.id, '240');
  assert.equal(calls, 0);
});

test('check_diff matches when the log changed since the last event that reached it; maxsize needs a log at least that long', async () => {
  const engine = await engineOf(`<group name="t,">${ROOT}
    <rule id="250" level="3"><if_sid>80200</if_sid><field name="aws.kind">cfg</field><check_diff /><description>changed</description></rule>
    <rule id="251" level="3" maxsize="60"><if_sid>80200</if_sid><field name="aws.kind">big</field><description>large event</description></rule>
  </group>`);
  assert.deepEqual(finalIds(engine, [at(0, { kind: 'cfg', v: 1 }), at(0, { kind: 'cfg', v: 1 }), at(0, { kind: 'cfg', v: 2 })]), ['80200', '80200', '250']);
  assert.deepEqual(finalIds(engine, [at(0, { kind: 'big' }), at(0, { kind: 'big', pad: 'x'.repeat(30) })]), ['80200', '251']);
});
