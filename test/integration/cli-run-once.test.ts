/**
 * `awsmon run --once` in a child process against moto: the proof-of-concept
 * configuration (plus the endpoint that points it at moto) collects a CloudTrail and a VPC flow
 * bucket, prints a summary, and writes archives.json with the events the Wazuh module sends.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { motoEndpoint } from '../helpers/moto.ts';
import { seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { cliWorkspace, runCli } from '../helpers/cli.ts';
import { gzip } from '../fixtures/index.ts';

const ACCT = '111122223333';
const TRAIL_KEY = `AWSLogs/${ACCT}/CloudTrail/us-east-1/2024/03/05/${ACCT}_CloudTrail_us-east-1_20240305T1000Z_a1b2c3d4e5f6a7b8.json.gz`;
const FLOW_KEY = `AWSLogs/${ACCT}/vpcflowlogs/us-east-1/2024/03/05/${ACCT}_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20240305T1000Z_1a2b3c4d.log.gz`;

const RECORD = {
  eventVersion: '1.08',
  userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLEALICE', arn: `arn:aws:iam::${ACCT}:user/alice`, accountId: ACCT, userName: 'alice' },
  eventTime: '2024-03-05T10:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.10', userAgent: 'aws-cli/2.15.0', requestParameters: { userName: 'svc-backup' }, responseElements: null,
  additionalEventData: 'x', resources: [{ ARN: `arn:aws:iam::${ACCT}:user/svc-backup` }], errorCode: null,
  requestID: 'r-1', eventID: 'e-1', readOnly: false, eventType: 'AwsApiCall', recipientAccountId: ACCT,
};
const FLOW = `version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
2 ${ACCT} eni-0a1b2c3d4e5f60101 203.0.113.12 10.0.1.10 49152 443 6 10 840 1709632800 1709632860 ACCEPT OK
`;

function ossecConf(trail: string, flows: string, endpoint: string): string {
  // The configuration, unchanged but for <service_endpoint>, which points it at moto.
  return `<ossec_config>
  <global><jsonout_output>yes</jsonout_output></global>
  <wodle name="aws-s3">
    <disabled>no</disabled>
    <interval>30m</interval>
    <run_on_start>yes</run_on_start>
    <skip_on_error>no</skip_on_error>
    <bucket type="cloudtrail">
      <name>${trail}</name>
      <aws_profile>default</aws_profile>
      <only_logs_after>2024-MAR-05</only_logs_after>
      <service_endpoint>${endpoint}</service_endpoint>
    </bucket>
  </wodle>
  <wodle name="aws-s3">
    <disabled>no</disabled>
    <interval>10m</interval>
    <run_on_start>yes</run_on_start>
    <skip_on_error>yes</skip_on_error>
    <bucket type="vpcflow">
      <name>${flows}</name>
      <aws_profile>default</aws_profile>
      <only_logs_after>2024-MAR-05</only_logs_after>
      <service_endpoint>${endpoint}</service_endpoint>
    </bucket>
  </wodle>
</ossec_config>
`;
}

test('run --once collects the proof-of-concept buckets and archives exactly the Wazuh messages', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const trail = uniqueBucket('acme-trail');
  const flows = uniqueBucket('acme-flows');
  await seedBucket(endpoint, trail, [{ key: TRAIL_KEY, body: gzip(JSON.stringify({ Records: [RECORD] })) }]);
  await seedBucket(endpoint, flows, [{ key: FLOW_KEY, body: gzip(FLOW) }]);
  const { dir, env, cleanup } = await cliWorkspace('poc');
  t.after(cleanup);
  await writeFile(join(dir, 'ossec.conf'), ossecConf(trail, flows, endpoint));

  const run = await runCli(['run', '--once', '--config', join(dir, 'ossec.conf'), '--data-dir', join(dir, 'data'), '--archives', '--log-level', 'warn'], env);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^awsmon run: 2 objects, 2 events, 0 errors in \d+\.\d s/);

  const lines = (await readFile(join(dir, 'data', 'archives', 'archives.json'), 'utf8')).trim().split('\n').sort();
  const expectedTrail = {
    integration: 'aws',
    aws: {
      log_info: { aws_account_alias: '', log_file: TRAIL_KEY, s3bucket: trail },
      eventVersion: '1.08', userIdentity: RECORD.userIdentity, eventTime: '2024-03-05T10:00:00Z', eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser', awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.10', userAgent: 'aws-cli/2.15.0',
      requestParameters: { userName: 'svc-backup' },
      additionalEventData: { string: 'x' },
      resources: { ARN: `arn:aws:iam::${ACCT}:user/svc-backup` },
      requestID: 'r-1', eventID: 'e-1', readOnly: false, eventType: 'AwsApiCall', recipientAccountId: ACCT,
      source: 'cloudtrail', aws_account_id: ACCT, source_ip_address: '203.0.113.10',
    },
  };
  const expectedFlow = {
    integration: 'aws',
    aws: {
      log_info: { aws_account_alias: '', log_file: FLOW_KEY, s3bucket: flows },
      version: '2', account_id: ACCT, interface_id: 'eni-0a1b2c3d4e5f60101', srcaddr: '203.0.113.12', dstaddr: '10.0.1.10',
      srcport: '49152', dstport: '443', protocol: '6', packets: '10', bytes: '840',
      start: '2024-03-05T10:00:00Z', end: '2024-03-05T10:01:00Z', action: 'ACCEPT', log_status: 'OK',
      source: 'vpc', aws_account_id: ACCT,
      // awsmon's addition after Wazuh's fields: the flow-log id named in the key.
      flow_log_id: 'fl-0123456789abcdef0',
    },
  };
  // Exact text, so key order is checked too.
  assert.deepEqual(lines, [JSON.stringify(expectedTrail), JSON.stringify(expectedFlow)].sort());

  // A second run finds nothing new.
  const again = await runCli(['run', '--once', '--config', join(dir, 'ossec.conf'), '--data-dir', join(dir, 'data'), '--archives', '--log-level', 'warn'], env);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /^awsmon run: 0 objects, 0 events, 0 errors/);

  // <logall_json>yes</logall_json> in <global> turns archives on without --archives.
  await writeFile(join(dir, 'logall.conf'), ossecConf(trail, flows, endpoint).replace('<jsonout_output>yes</jsonout_output>', '<logall_json>yes</logall_json>'));
  const logall = await runCli(['run', '--once', '--config', join(dir, 'logall.conf'), '--data-dir', join(dir, 'data2'), '--log-level', 'warn'], env);
  assert.equal(logall.code, 0, logall.stderr);
  const archived = (await readFile(join(dir, 'data2', 'archives', 'archives.json'), 'utf8')).trim().split('\n').sort();
  assert.deepEqual(archived, lines);
});

test('an invalid configuration lists every problem and exits non-zero without running', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'ossec.conf'), `<ossec_config><wodle name="aws-s3"><interval>10x</interval>
    <bucket type="cloudtrail"><name>Bad_Name</name><regions>us-east-9x</regions><iam_role_duration>100</iam_role_duration></bucket></wodle></ossec_config>`);
  const run = await runCli(['run', '--once', '--config', join(dir, 'ossec.conf'), '--data-dir', join(dir, 'data')]);
  assert.equal(run.code, 3);
  assert.match(run.stderr, /CONFIG_INVALID: .*4 configuration problems/s);
  for (const element of ['<interval>', '<name>', '<regions>', '<iam_role_duration>']) assert.ok(run.stderr.includes(element), `${element} in ${run.stderr}`);
});
