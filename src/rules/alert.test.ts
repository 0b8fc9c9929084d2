import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertData, formatTimestamp } from './alert.ts';
import { engineOf } from './test-helpers.ts';
import { createEngineInput } from './input.ts';

const RULES = `<group name="amazon,aws,">
  <rule id="80200" level="0"><decoded_as>json</decoded_as><field name="integration">aws</field><description>AWS</description></rule>
  <rule id="80253" level="3">
    <if_sid>80200</if_sid>
    <field name="aws.eventName">^ConsoleLogin$</field>
    <description>AWS console login by $(aws.userIdentity.userName) from $(aws.sourceIPAddress).</description>
    <mitre><id>T1078</id><id>T1078.004</id></mitre>
    <group>authentication_success,pci_dss_10.2.5,gdpr_IV_32.2,hipaa_164.312.b,nist_800_53_AU.14,tsc_CC6.8,gpg13_7.8,cis_4.1,</group>
  </rule>
  <rule id="80254" level="12"><if_sid>80253</if_sid><field name="aws.additionalEventData.MFAUsed">No</field><options>no_full_log</options><description>no MFA</description></rule>
</group>`;

const MESSAGE = {
  integration: 'aws',
  aws: {
    log_info: { aws_account_alias: '', log_file: 'AWSLogs/1/CloudTrail/x.json.gz', s3bucket: 'trail' },
    eventName: 'ConsoleLogin', eventTime: '2024-01-01T00:00:00Z', sourceIPAddress: '198.51.100.7',
    userIdentity: { userName: 'jos\u00e9' }, additionalEventData: { MFAUsed: 'Yes' }, empty: '', count: 3, ratio: 0.5, ok: true, none: null,
    resources: ['a', 'b'], source: 'cloudtrail',
  },
};

const EXPECTED_UTC = '{"timestamp":"2024-01-02T03:04:05.678+0000","rule":{"level":3,"description":"AWS console login by jos\u00e9 from 198.51.100.7.","id":"80253",'
  + '"mitre":{"id":["T1078","T1078.004"],"tactic":["Defense Evasion","Persistence","Privilege Escalation","Initial Access"],"technique":["Valid Accounts","Cloud Accounts"]},'
  + '"firedtimes":1,"mail":false,"groups":["amazon","aws","authentication_success"],"pci_dss":["10.2.5"],"gpg13":["7.8"],"gdpr":["IV_32.2"],"hipaa":["164.312.b"],'
  + '"nist_800_53":["AU.14"],"tsc":["CC6.8"],"cis":["4.1"]},"agent":{"id":"000","name":"awsmon-host"},"manager":{"name":"awsmon-host"},"id":"1704164645.0",'
  + '"full_log":"{\\"integration\\": \\"aws\\", \\"aws\\": {\\"log_info\\": {\\"aws_account_alias\\": \\"\\", \\"log_file\\": \\"AWSLogs/1/CloudTrail/x.json.gz\\", \\"s3bucket\\": \\"trail\\"}, '
  + '\\"eventName\\": \\"ConsoleLogin\\", \\"eventTime\\": \\"2024-01-01T00:00:00Z\\", \\"sourceIPAddress\\": \\"198.51.100.7\\", \\"userIdentity\\": {\\"userName\\": \\"jos\\\\u00e9\\"}, '
  + '\\"additionalEventData\\": {\\"MFAUsed\\": \\"Yes\\"}, \\"empty\\": \\"\\", \\"count\\": 3, \\"ratio\\": 0.5, \\"ok\\": true, \\"none\\": null, \\"resources\\": [\\"a\\", \\"b\\"], \\"source\\": \\"cloudtrail\\"}}",'
  + '"decoder":{"name":"json"},"data":{"integration":"aws","aws":{"log_info":{"log_file":"AWSLogs/1/CloudTrail/x.json.gz","s3bucket":"trail"},"eventName":"ConsoleLogin",'
  + '"eventTime":"2024-01-01T00:00:00Z","sourceIPAddress":"198.51.100.7","userIdentity":{"userName":"jos\u00e9"},"additionalEventData":{"MFAUsed":"Yes"},"count":"3","ratio":"0.500000",'
  + '"ok":"true","none":"null","resources":["a","b"],"source":"cloudtrail"}},"location":"Wazuh-AWS"}';

test('alert JSON is byte-exact: key order, compliance arrays, mitre names, full_log as json.dumps, data re-nested as strings (TZ=UTC)', async () => {
  const tz = process.env['TZ'];
  process.env['TZ'] = 'UTC';
  try {
    const engine = await engineOf(RULES);
    const ev = engine.evaluate(createEngineInput(MESSAGE));
    assert.equal(JSON.stringify(ev.alert), EXPECTED_UTC);
  } finally {
    process.env['TZ'] = tz;
  }
});

test('timestamp is local time with a +hhmm offset; other zones shift the clock, not the id', async () => {
  const tz = process.env['TZ'];
  try {
    process.env['TZ'] = 'Asia/Kolkata';
    assert.equal(formatTimestamp(Date.UTC(2024, 0, 2, 3, 4, 5, 678)), '2024-01-02T08:34:05.678+0530');
    process.env['TZ'] = 'America/New_York';
    assert.equal(formatTimestamp(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), '2024-01-01T22:04:05.006-0500');
    const engine = await engineOf(RULES);
    const ev = engine.evaluate(createEngineInput(MESSAGE));
    assert.equal(JSON.stringify(ev.alert), EXPECTED_UTC.replace('2024-01-02T03:04:05.678+0000', '2024-01-01T22:04:05.678-0500'));
  } finally {
    process.env['TZ'] = tz;
  }
});

test('no_full_log leaves full_log out; level 12 sets mail; alert ids count up', async () => {
  const engine = await engineOf(RULES);
  const first = engine.evaluate(createEngineInput(MESSAGE)).alert!;
  const m = structuredClone(MESSAGE);
  m.aws.additionalEventData.MFAUsed = 'No';
  const second = engine.evaluate(createEngineInput(m)).alert!;
  assert.equal(first['id'], '1704164645.0');
  assert.equal(second['id'], '1704164645.1');
  assert.deepEqual(Object.keys(second), ['timestamp', 'rule', 'agent', 'manager', 'id', 'decoder', 'data', 'location']);
  assert.deepEqual(second['rule'], { level: 12, description: 'no MFA', id: '80254', firedtimes: 1, mail: true, groups: ['amazon', 'aws'] });
});

test('alert data: static fields first under their static names, string arrays parsed, dotted keys re-nested', () => {
  assert.deepEqual(alertData({ aws: { 'a.b': 'x', list: '["p", 1]', bad: '[oops' }, user: 'root', srcip: '10.0.0.1', id: 5 }), {
    srcip: '10.0.0.1', dstuser: 'root', id: '5', aws: { a: { b: 'x' }, list: ['p', 1], bad: '[oops' },
  });
  assert.equal(JSON.stringify(alertData({ integration: 'aws', aws: { o: {}, e: '' } })), '{"integration":"aws"}');
});
