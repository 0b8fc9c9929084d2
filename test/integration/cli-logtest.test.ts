// awsmon logtest and awsmon rules test, run as a user runs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWSMON_BIN, runCli } from '../helpers/cli.ts';

const RULES = `<group name="amazon,aws,">
  <rule id="80200" level="0"><decoded_as>json</decoded_as><field name="integration">aws</field><description>AWS</description></rule>
  <rule id="80202" level="3">
    <if_sid>80200</if_sid>
    <list field="aws.eventName" lookup="match_key">etc/lists/amazon/aws-eventnames</list>
    <description>AWS Cloudtrail: $(aws.eventName).</description>
    <options>no_full_log</options>
  </rule>
</group>`;

function rulesetDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'awsmon-logtest-'));
  mkdirSync(join(dir, 'etc/lists/amazon'), { recursive: true });
  writeFileSync(join(dir, 'etc/lists/amazon/aws-eventnames'), 'CreateUser:iam\n');
  writeFileSync(join(dir, 'local_rules.xml'), RULES);
  return dir;
}

function runWithStdin(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [AWSMON_BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

test('awsmon logtest --json prints one line per event, in order; a bad line is named on stderr and the run goes on', async () => {
  const dir = rulesetDir();
  const lines = [
    '1:Wazuh-AWS:{"integration": "aws", "aws": {"eventName": "CreateUser", "source": "cloudtrail"}}',
    '{not json',
    '{"integration": "aws", "aws": {"eventName": "ListBuckets"}}',
    '{"other": true}',
  ].join('\n');
  const r = await runWithStdin(['logtest', '--json', '--ruleset', dir], `${lines}\n`);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^awsmon logtest: line 2: invalid JSON: /);
  const out = r.stdout.trimEnd().split('\n');
  assert.equal(out.length, 3);
  const first = JSON.parse(out[0]!) as { alert: { timestamp: string; id: string } };
  assert.match(first.alert.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$/);
  assert.match(first.alert.id, /^\d{10}\.0$/);
  const host = JSON.stringify(hostname());
  assert.equal(out[0], `{"rule":{"id":"80202","level":3,"description":"AWS Cloudtrail: CreateUser."},"alert":{"timestamp":"${first.alert.timestamp}","rule":{"level":3,"description":"AWS Cloudtrail: CreateUser.","id":"80202","firedtimes":1,"mail":false,"groups":["amazon","aws"]},"agent":{"id":"000","name":${host}},"manager":{"name":${host}},"id":"${first.alert.id}","decoder":{"name":"json"},"data":{"integration":"aws","aws":{"eventName":"CreateUser","source":"cloudtrail"}},"location":"Wazuh-AWS"}}`);
  assert.equal(out[1], '{"rule":{"id":"80200","level":0,"description":"AWS"},"alert":null}');
  assert.equal(out[2], '{"rule":null,"alert":null}');
});

test('awsmon logtest (human output) shows decoded fields, rules tried, the final rule and the alert', async () => {
  const dir = rulesetDir();
  const file = join(dir, 'events.jsonl');
  writeFileSync(file, '{"integration": "aws", "aws": {"eventName": "CreateUser", "note": "\\u001b[31mred"}}\n');
  const r = await runCli(['logtest', '--ruleset', dir, file]);
  assert.equal(r.code, 0);
  const head = r.stdout.split('**Alert to be generated:')[0];
  assert.equal(head, [
    '**Event 1 (line 1)',
    '  full log: "{\\"integration\\": \\"aws\\", \\"aws\\": {\\"eventName\\": \\"CreateUser\\", \\"note\\": \\"\\\\u001b[31mred\\"}}"',
    '',
    '**Decoded fields (decoder json):',
    '  integration: "aws"',
    '  aws.eventName: "CreateUser"',
    '  aws.note: "\\u001b[31mred"',
    '',
    '**Rules tried:',
    '  80200 matched',
    '  80202 matched',
    '',
    '**Final rule:',
    '  id: 80202',
    '  level: 3',
    '  description: "AWS Cloudtrail: CreateUser."',
    '',
  ].join('\n'));
});

test('awsmon rules test exits 0 when every case passes and 1 with each failure printed', async () => {
  const dir = rulesetDir();
  const event = { integration: 'aws', aws: { eventName: 'CreateUser' } };
  writeFileSync(join(dir, 'pass.json'), JSON.stringify({ ruleset: '.', cases: [{ name: 'user created', events: [event], expect: { rule: '80202', level: 3 } }] }));
  writeFileSync(join(dir, 'fail.json'), JSON.stringify({ ruleset: '.', cases: [{ name: 'wrong level', events: [event], expect: { rule: '80202', level: 5 } }] }));
  const ok = await runCli(['rules', 'test', join(dir, 'pass.json')]);
  assert.deepEqual([ok.code, ok.stdout], [0, '1 cases, 1 passed, 0 failed\n']);
  const bad = await runCli(['rules', 'test', join(dir, 'pass.json'), join(dir, 'fail.json')]);
  assert.deepEqual([bad.code, bad.stdout], [1, `FAIL ${join(dir, 'fail.json')}: case 'wrong level': expected rule 80202 level 5, got rule 80202 level 3 (alert)\n2 cases, 1 passed, 1 failed\n`]);
});
