import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadRuleFile } from './loader.ts';
import { parseXml } from './xml.ts';
import { engineOf, writeTree } from './test-helpers.ts';
import { loadRuleEngine } from './load.ts';

const load = (xml: string) => loadRuleFile(xml, 'local_rules.xml');
const err = (code: string, message: string) => ({ code, message });

test('the XML reader keeps lines of elements and attributes, decodes entities and CDATA, skips comments and the prolog', () => {
  const [root, second] = parseXml('<?xml version="1.0"?>\n<!-- c\n -->\n<group name="a&amp;b,">\n  <rule\n id="1" level="0">\n<regex><![CDATA[a<b]]>&lt;&#x41;&#66;</regex></rule>\n</group>\n<var name="X">y</var>', 'f.xml');
  assert.equal(root!.line, 4);
  assert.equal(root!.attrs[0]!.value, 'a&b,');
  const rule = root!.children[0]!;
  assert.deepEqual([rule.line, rule.attrs.map((a) => [a.name, a.value, a.line])], [5, [['id', '1', 6], ['level', '0', 6]]]);
  assert.equal(rule.children[0]!.text, 'a<b<AB');
  assert.equal(second!.name, 'var');
});

test('malformed XML names the file and line', () => {
  assert.throws(() => parseXml('<group name="x">\n<rule id="1">\n</group>', 'f.xml'), err('RULE_SYNTAX', 'f.xml:3: XML: closing tag </group> does not match <rule> opened on line 2'));
  assert.throws(() => parseXml('<group name="x">\n<rule id=1>', 'f.xml'), err('RULE_SYNTAX', "f.xml:2: XML: the value of attribute 'id' of <rule> is not quoted"));
  assert.throws(() => parseXml('<group name="x">\n\n', 'f.xml'), err('RULE_SYNTAX', 'f.xml:1: element <group> is not closed'));
  assert.throws(() => parseXml('<a>&bogus;</a>', 'f.xml'), err('RULE_SYNTAX', 'f.xml:1: XML: unknown entity &bogus;'));
});

test('bad rules give file, line, rule id and the problem', () => {
  const g = (body: string) => `<group name="local,">\n${body}\n</group>`;
  assert.throws(() => load(g('<rule id="100001" level="17"><description>x</description></rule>')), err('RULE_SYNTAX', "local_rules.xml:2, rule 100001: level '17' is not a number from 0 to 16"));
  assert.throws(() => load(g('<rule id="100001" level="3" frequency="1"><if_matched_sid>1</if_matched_sid></rule>')), err('RULE_SYNTAX', "local_rules.xml:2, rule 100001: frequency '1' is not a number from 2 to 9999"));
  assert.throws(() => load(g('<rule id="100001" level="3">\n  <fieldd name="x">y</fieldd>\n</rule>')), { code: 'RULE_SYNTAX', message: /^local_rules\.xml:3, rule 100001: unknown element <fieldd> in <rule> \(expected one of: match, regex, / });
  assert.throws(() => load(g('<rule id="100001" level="3" colour="red"></rule>')), err('RULE_SYNTAX', "local_rules.xml:2, rule 100001: unknown attribute 'colour' of <rule> (expected: id, level, maxsize, frequency, timeframe, ignore, overwrite, noalert)"));
  assert.throws(() => load(g('<rule id="100001" level="10" frequency="5" timeframe="60">\n<if_sid>1</if_sid>\n<same_field>aws.x</same_field></rule>')), err('RULE_SYNTAX', 'local_rules.xml:2, rule 100001: frequency needs <if_matched_sid> or <if_matched_group> (the events it counts)'));
  assert.throws(() => load(g('<rule id="100001" level="3">\n<options>no_full_logs</options></rule>')), err('RULE_SYNTAX', "local_rules.xml:3, rule 100001: unknown option 'no_full_logs' (expected: alert_by_email, no_email_alert, no_log, no_full_log, no_counter, no_ar, log_alert)"));
  assert.throws(() => load(g('<rule id="100001" level="3">\n<field>x</field></rule>')), err('RULE_SYNTAX', 'local_rules.xml:3, rule 100001: <field> needs a name attribute (a dotted field name such as aws.eventName)'));
  assert.throws(() => load(g('<rule id="100001" level="3">\n<field name="a" type="glob">x</field></rule>')), err('RULE_SYNTAX', "local_rules.xml:3, rule 100001: unknown pattern type 'glob' of <field> (expected osregex, osmatch or pcre2)"));
  assert.throws(() => load(g('<rule id="100001" level="3">\n<mitre><id>1078</id></mitre></rule>')), err('RULE_SYNTAX', "local_rules.xml:3, rule 100001: '1078' is not an ATT&CK technique id (expected e.g. T1078 or T1078.004)"));
  assert.throws(() => load(g('<rule id="100001" level="10">\n<if_matched_sid>1</if_matched_sid><distinct_field>aws.dstport</distinct_field></rule>')), err('RULE_SYNTAX', 'local_rules.xml:2, rule 100001: <distinct_field> needs a frequency attribute (the number of distinct values that fires the rule)'));
  assert.throws(() => load(g('<rule level="3"></rule>')), err('RULE_SYNTAX', 'local_rules.xml:2: <rule> has no id attribute'));
  assert.throws(() => load('<rules>\n</rules>'), err('RULE_SYNTAX', 'local_rules.xml:1: unknown top-level element <rules> (expected <group name="..."> or <var name="...">)'));
});

test('a pattern that does not compile is RULE_BAD_PATTERN naming file, line and rule', async () => {
  await assert.rejects(engineOf('<group name="g,">\n<rule id="100" level="3">\n<field name="aws.x" type="pcre2">(a)\\1</field>\n</rule></group>'), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'RULE_BAD_PATTERN');
    assert.match(e.message, /rules\.xml:3, rule 100: <field name="aws\.x"> pcre2 pattern '\(a\)\\1': /);
    return true;
  });
});

test('a missing CDB list or a duplicate rule id is an error naming the rule', async () => {
  await assert.rejects(engineOf('<group name="g,">\n<rule id="100" level="3">\n<list field="aws.x">etc/lists/nope</list></rule></group>'), { code: 'RULE_BAD_LIST', message: /rules\.xml:3, rule 100: CDB list 'etc\/lists\/nope' not found/ });
  await assert.rejects(engineOf('<group name="g,">\n<rule id="100" level="3"/>\n<rule id="100" level="4"/></group>'), { code: 'RULE_SYNTAX', message: /rules\.xml:3, rule 100: rule id 100 is already defined at .*rules\.xml:2 \(add overwrite="yes" to replace it\)$/ });
  const dir = writeTree({});
  await assert.rejects(loadRuleEngine({ ruleDirs: [join(dir, 'missing')], listDirs: [] }), { code: 'RULE_FILE_UNREADABLE' });
});

test("a user's Wazuh local_rules.xml for AWS loads unchanged: vars, legacy elements, several groups, static fields", async () => {
  const engine = await engineOf(`<!-- Local rules -->
<var name="BAD_USERS">root|admin</var>
<group name="amazon,aws,">
  <rule id="80200" level="0"><decoded_as>json</decoded_as><field name="integration">aws</field><description>AWS</description></rule>
</group>
<group name="local,syslog,">
  <rule id="100001" level="5">
    <if_sid>80200</if_sid>
    <decoded_as>json</decoded_as>
    <category>syslog</category>
    <field name="aws.userIdentity.userName">$BAD_USERS</field>
    <hostname>awsmon-host</hostname>
    <time>0:00 - 23:59</time>
    <weekday>monday,tuesday,wednesday,thursday,friday,saturday,sunday</weekday>
    <info type="text">why</info>
    <description>bad user $(aws.userIdentity.userName)</description>
    <options>no_full_log</options>
    <options>alert_by_email</options>
  </rule>
  <rule id="100002" level="10" frequency="2" timeframe="120">
    <if_matched_sid>100001</if_matched_sid>
    <same_source_ip />
    <not_same_user />
    <description>two bad users from one address</description>
  </rule>
</group>`);
  assert.equal(engine.ruleCount, 3);
  const ev = (user: string, s: number) => engine.evaluate({ message: { integration: 'aws', srcip: '1.1.1.1', user, aws: { userIdentity: { userName: user } } }, time: Date.UTC(2024, 0, 1) + s * 1000, fullLog: () => '' });
  assert.deepEqual([ev('root', 0).rule?.id, ev('admin', 1).rule?.id, ev('bob', 2).rule?.id], ['100001', '100002', '80200']);
});
