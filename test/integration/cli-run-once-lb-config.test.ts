/**
 * `awsmon run --once` in a child process against moto with one block per type of this part
 * (alb, clb, nlb, config, and vpcflow with Hive-compatible hourly prefixes): every block
 * collects, and archives.json holds the Wazuh messages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { motoEndpoint } from '../helpers/moto.ts';
import { seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { cliWorkspace, runCli } from '../helpers/cli.ts';
import { gzip } from '../fixtures/index.ts';
import { albKey, albLine, clbKey, clbLine, nlbKey, nlbLine } from '../fixtures/load-balancers.ts';
import { configItem, configKey, configObject } from '../fixtures/config.ts';

const ACCT = '111122223333';
const FLOW_KEY = `AWSLogs/aws-account-id=${ACCT}/aws-service=vpcflowlogs/aws-region=us-east-1/year=2024/month=03/day=05/hour=10/${ACCT}_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20240305T1000Z_1a2b3c4d.log.gz`;
const FLOW = `version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
2 ${ACCT} eni-0a1b2c3d4e5f60101 203.0.113.12 10.0.1.10 49152 443 6 10 840 1709632800 1709632860 ACCEPT OK
`;

function block(type: string, bucket: string, endpoint: string): string {
  return `  <wodle name="aws-s3">
    <disabled>no</disabled>
    <interval>10m</interval>
    <skip_on_error>no</skip_on_error>
    <bucket type="${type}">
      <name>${bucket}</name>
      <aws_profile>default</aws_profile>
      <only_logs_after>2024-MAR-05</only_logs_after>
      <service_endpoint>${endpoint}</service_endpoint>
    </bucket>
  </wodle>
`;
}

test('run --once collects alb, clb, nlb, config and Hive-partitioned vpcflow blocks', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const lb = uniqueBucket('cli-lb');
  const cfg = uniqueBucket('cli-config');
  const flows = uniqueBucket('cli-hive');
  const alb = albKey(ACCT, 'us-east-1', '2024-03-05');
  const config = configKey(ACCT, 'us-east-1', '2024-03-05');
  await seedBucket(endpoint, lb, [
    { key: alb, body: gzip(`${albLine()}\n`) },
    { key: clbKey(ACCT, 'us-east-1', '2024-03-05'), body: `${clbLine()}\n${clbLine('198.51.100.8:40124', '200')}\n` },
    { key: nlbKey(ACCT, 'us-east-1', '2024-03-05'), body: gzip(`${nlbLine()}\n`) },
  ]);
  await seedBucket(endpoint, cfg, [{ key: config, body: configObject([configItem({ configuration: { state: 'stopped' } })]) }]);
  await seedBucket(endpoint, flows, [{ key: FLOW_KEY, body: gzip(FLOW) }]);
  const { dir, env, cleanup } = await cliWorkspace('lb');
  t.after(cleanup);
  const blocks = [block('alb', lb, endpoint), block('clb', lb, endpoint), block('nlb', lb, endpoint), block('config', cfg, endpoint), block('vpcflow', flows, endpoint)];
  await writeFile(join(dir, 'ossec.conf'), `<ossec_config>\n${blocks.join('')}</ossec_config>\n`);
  const args = ['run', '--once', '--config', join(dir, 'ossec.conf'), '--data-dir', join(dir, 'data'), '--archives', '--log-level', 'warn'];

  const run = await runCli(args, env);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^awsmon run: 5 objects, 6 events, 0 errors in \d+\.\d s/);
  const lines = (await readFile(join(dir, 'data', 'archives', 'archives.json'), 'utf8')).trim().split('\n');
  const bySource = new Map<string, Record<string, unknown>[]>();
  for (const line of lines) {
    const aws = (JSON.parse(line) as { aws: Record<string, unknown> }).aws;
    bySource.set(String(aws['source']), [...(bySource.get(String(aws['source'])) ?? []), aws]);
  }
  assert.deepEqual([...bySource.keys()].sort(), ['alb', 'clb', 'config', 'nlb', 'vpc']);
  assert.equal(bySource.get('clb')!.length, 2);
  const albAws = bySource.get('alb')![0]!;
  assert.deepEqual([albAws['client_ip'], albAws['client_port'], albAws['conn_trace_id'], (albAws['log_info'] as Record<string, string>)['log_file']], ['203.0.113.10', '51234', 'TID_0a1b2c3d4e5f60718293a4b5c6d7e8f9', alb]);
  const configAws = bySource.get('config')![0]!;
  assert.deepEqual([configAws['configuration'], configAws['aws_account_id'], configAws['resourceType']], [{ state: { name: 'stopped' } }, ACCT, 'AWS::EC2::Instance']);
  const flow = bySource.get('vpc')![0]!;
  assert.deepEqual([flow['start'], flow['aws_account_id'], flow['flow_log_id']], ['2024-03-05T10:00:00Z', ACCT, 'fl-0123456789abcdef0']);

  const again = await runCli(args, env);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /^awsmon run: 0 objects, 0 events, 0 errors/);
});
