/**
 * Issue 5's acceptance check: one ossec.conf with a `<bucket>` of every type, both `<service>`s
 * and a `<subscriber>` of every type, run once by the real `awsmon run --once` against moto. Per
 * source: the exact number of events stored and an exact message; and exactly the alerts the
 * shipped ruleset raises on them (a console brute force, a high-severity GuardDuty finding, a
 * critical Inspector finding, a failed Security Hub control...). The subscribers sit in blocks of
 * their own: blocks run concurrently, so their final 20-second empty polls overlap.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSilentLogger } from '../../src/core/index.ts';
import { openDuckDbStore } from '../../src/store/index.ts';
import { CAST, IPS, consoleLoginRecord, createRng } from '../../src/demo/index.ts';
import { motoEndpoint } from '../helpers/moto.ts';
import { seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { cliWorkspace, runCli } from '../helpers/cli.ts';
import { createLogGroup, motoLogs, onlyLogsAfterOf, putLogEvents, queueInspectorFindings, uniqueLogGroup } from '../helpers/moto-services.ts';
import { createQueue, eventBridgeObjectCreated, queueDepth, s3Notification, sendMessages, uniqueQueue } from '../helpers/moto-sqs.ts';
import { cloudTrailKey, cloudTrailObject, cloudTrailRecord, gzip, V2_FIELDS, vpcFlowKey, vpcFlowObject, vpcFlowRow } from '../fixtures/index.ts';
import { albKey, albLine, clbKey, clbLine, nlbKey, nlbLine } from '../fixtures/load-balancers.ts';
import { configItem, configKey, configObject } from '../fixtures/config.ts';
import {
  concatenated, csvLine, eventBridgeEvent, firehoseKey, guardDutyExportKey, guardDutyFinding, gz, jsonLines, serverAccessKey, serverAccessLine,
  umbrellaKey, wafDirectKey, wafRecord,
} from '../fixtures/dated-types.ts';
import { parquetOf } from '../fixtures/parquet.ts';
import { securityHubEvent, securityHubFinding } from '../fixtures/security-hub.ts';

const ACCT = '111122223333';
const DAY = '2024-03-05';
/** The services' region; no other test queues Inspector findings there. */
const SERVICE_REGION = 'sa-east-1';
const LOGS_T0 = Math.floor((Date.now() - 4 * 3600_000) / 1000) * 1000;

/** Bob fails to sign in to the console six times in 2.5 minutes from one address: 80254 five times, then 80255. */
const failedLogins = Array.from({ length: 6 }, (_, i) => consoleLoginRecord(createRng(7, 'all-types', i), {
  actor: CAST.bob, time: Date.parse('2024-03-05T10:00:00Z') + i * 30_000, success: false, sourceIp: IPS.bruteForce,
}));
const describe = cloudTrailRecord();

const flows = [vpcFlowRow(), vpcFlowRow({ srcaddr: '198.51.100.23', srcport: 40000, dstport: 22, action: 'REJECT' })];

const macie = eventBridgeEvent('aws.macie', 'Macie Finding', '2024-03-05T10:01:00Z', {
  schemaVersion: '1.0', id: 'm-1', accountId: ACCT, region: 'eu-west-1', type: 'SensitiveData:S3Object/Personal', title: 'PII in object',
  severity: { score: 3, description: 'High' },
}, 'eb-macie');
const advisor = eventBridgeEvent('aws.trustedadvisor', 'Trusted Advisor Check Item Refresh Notification', '2024-03-05T10:02:00Z', {
  'check-name': 'IAM Password Policy', status: 'ERROR', uuid: 'ta-1',
}, 'eb-ta');

const inspectorFinding = {
  awsAccountId: '123456789012', findingArn: `arn:aws:inspector2:${SERVICE_REGION}:123456789012:finding/all`, severity: 'CRITICAL', status: 'ACTIVE',
  title: 'CVE-2026-0001 - openssl', type: 'PACKAGE_VULNERABILITY', updatedAt: 1764003600,
};

/** Security Lake rows: a read by alice (99022), then a security group opened (99028). */
const OCSF = `SELECT {'product': {'name': 'CloudTrail', 'vendor_name': 'AWS'}, 'version': '1.1.0'} AS metadata,
  1763805600000 + i::BIGINT AS time, 3005 AS class_uid, 'API Activity' AS class_name, 3 AS category_uid, 3 AS activity_id,
  {'operation': op, 'service': {'name': 'ec2.amazonaws.com'}, 'response': {'error': NULL::VARCHAR}} AS api,
  {'user': {'name': 'alice', 'type': 'IAMUser'}} AS identity,
  {'ip': '203.0.113.10'} AS src_endpoint
  FROM (VALUES (0, 'DescribeInstances'), (1, 'AuthorizeSecurityGroupIngress')) v(i, op)`;

function bucketXml(type: string, name: string, endpoint: string, extra = ''): string {
  return `    <bucket type="${type}">
      <name>${name}</name>
      <aws_profile>default</aws_profile>
      <only_logs_after>2024-MAR-05</only_logs_after>${extra}
      <service_endpoint>${endpoint}</service_endpoint>
    </bucket>`;
}

function wodle(inner: string): string {
  return `  <wodle name="aws-s3">
    <disabled>no</disabled>
    <interval>10m</interval>
    <run_on_start>yes</run_on_start>
    <skip_on_error>no</skip_on_error>
${inner}
  </wodle>`;
}

test('run --once with a bucket of every type, both services and every subscriber stores each source\'s events and raises the ruleset\'s alerts', { timeout: 240_000 }, async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const b = {
    trail: uniqueBucket('all-trail'), flows: uniqueBucket('all-flows'), config: uniqueBucket('all-config'), gd: uniqueBucket('all-gd'),
    waf: uniqueBucket('all-waf'), lb: uniqueBucket('all-lb'), s3: uniqueBucket('all-s3al'), umb: uniqueBucket('all-umb'), custom: uniqueBucket('all-custom'),
    sub: uniqueBucket('all-sub'),
  };
  const keys = {
    trail: cloudTrailKey(ACCT, 'us-east-1', '2024-03-05T10:05:00Z'),
    flows: vpcFlowKey(ACCT, 'us-east-1', 'fl-0123456789abcdef0', '2024-03-05T12:00:00Z'),
    config: configKey(ACCT, 'us-east-1', DAY),
    gd: guardDutyExportKey(ACCT, 'us-east-1', '2024-03-05T10:00:00Z', 'g1'),
    waf: wafDirectKey(ACCT, 'eu-west-1', 'shop', '2024-03-05T10:00:00Z', 'w1'),
    alb: albKey(ACCT, 'us-east-1', DAY), clb: clbKey(ACCT, 'us-east-1', DAY), nlb: nlbKey(ACCT, 'us-east-1', DAY),
    s3: serverAccessKey('', '2024-03-05T10:00:00Z', 'S1'),
    umb: umbrellaKey('', 'iplogs', '2024-03-05T10:00:00Z', 'u1'),
    custom: firehoseKey('events/', 's', '2024-03-05T10:00:00Z', 'c1'),
    app: 'app/a b.json',
    lake: `aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=${ACCT}/eventDay=20261122/all.gz.parquet`,
  };
  await Promise.all([
    seedBucket(endpoint, b.trail, [{ key: keys.trail, body: cloudTrailObject([describe, ...failedLogins]) }]),
    seedBucket(endpoint, b.flows, [{ key: keys.flows, body: vpcFlowObject(V2_FIELDS, flows) }]),
    seedBucket(endpoint, b.config, [{ key: keys.config, body: configObject([configItem(), configItem({ configurationItemStatus: 'ResourceDeleted', configurationStateId: 1709632900000 })]) }]),
    seedBucket(endpoint, b.gd, [{ key: keys.gd, body: gz(jsonLines([guardDutyFinding('gd-high', '2024-03-05T10:00:00.000Z', [{ port: 22, ip: '198.51.100.1' }, { port: 3389, ip: '198.51.100.2' }], { severity: 8 })])) }]),
    seedBucket(endpoint, b.waf, [{ key: keys.waf, body: gz(jsonLines([wafRecord('2024-03-05T10:00:00Z', '203.0.113.50', 'SQLi', 'r-1')])) }]),
    seedBucket(endpoint, b.lb, [
      { key: keys.alb, body: gzip(`${albLine()}\n${albLine({ time: '2024-03-05T10:00:02.000000Z', client: '198.51.100.23:40001', request: 'GET https://shop.example.com:443/search?q=1+union+select+password HTTP/1.1' })}\n`) },
      { key: keys.clb, body: `${clbLine()}\n` },
      { key: keys.nlb, body: gzip(`${nlbLine()}\n`) },
    ]),
    seedBucket(endpoint, b.s3, [{ key: keys.s3, body: `${serverAccessLine('2024-03-05T09:59:00Z', 'a.jpg', '200', 'R1')}\n` }]),
    seedBucket(endpoint, b.umb, [{ key: keys.umb, body: gz(`${csvLine(['2024-03-05 10:00:00', 'Office', '10.0.0.1', '50000', '203.0.113.4', '443', 'Botnet'])}\n`) }]),
    seedBucket(endpoint, b.custom, [{ key: keys.custom, body: gz(concatenated([macie, advisor])) }]),
    seedBucket(endpoint, b.sub, [
      { key: keys.app, body: '{"user":"ann","ok":true}\n{"user":"bob","ok":false}\n' },
      { key: keys.lake, body: await parquetOf(OCSF) },
    ]),
  ]);

  const group = uniqueLogGroup('all');
  const logs = motoLogs(endpoint, SERVICE_REGION);
  t.after(() => logs.destroy());
  await createLogGroup(logs, group, ['web']);
  await putLogEvents(logs, group, 'web', [
    { timestamp: LOGS_T0, message: '10.0.0.1 - - "GET / HTTP/1.1" 200' },
    { timestamp: LOGS_T0 + 1, message: '{"event":"login","user":"bob"}' },
  ]);
  await queueInspectorFindings(endpoint, SERVICE_REGION, [[inspectorFinding]]);

  const q = { buckets: uniqueQueue('all-buckets'), hub: uniqueQueue('all-hub'), lake: uniqueQueue('all-lake') };
  const [bucketsQ, hubQ, lakeQ] = await Promise.all([createQueue(endpoint, q.buckets), createQueue(endpoint, q.hub), createQueue(endpoint, q.lake)]);
  await sendMessages(endpoint, bucketsQ.url, [s3Notification(b.sub, [{ encodedKey: 'app/a+b.json' }])]);
  await sendMessages(endpoint, hubQ.url, [JSON.stringify(securityHubEvent('Security Hub Findings - Imported', { findings: [securityHubFinding('hub-1', 'FAILED')] }))]);
  await sendMessages(endpoint, lakeQ.url, [eventBridgeObjectCreated(b.sub, keys.lake)]);

  const ws = await cliWorkspace('all');
  t.after(ws.cleanup);
  const common = `<aws_profile>default</aws_profile>\n      <service_endpoint>${endpoint}</service_endpoint>`;
  const service = (type: string, extra: string) => `    <service type="${type}">
      <aws_profile>default</aws_profile>${extra}
      <regions>${SERVICE_REGION}</regions>
      <sts_endpoint>${endpoint}</sts_endpoint>
      <service_endpoint>${endpoint}</service_endpoint>
    </service>`;
  const subscriber = (type: string, queue: string, extra = '') => `    <subscriber type="${type}">
      <sqs_name>${queue}</sqs_name>${extra}
      ${common}
    </subscriber>`;
  await writeFile(join(ws.dir, 'ossec.conf'), `<ossec_config>
${wodle([
    bucketXml('cloudtrail', b.trail, endpoint),
    bucketXml('vpcflow', b.flows, endpoint),
    bucketXml('config', b.config, endpoint),
    bucketXml('guardduty', b.gd, endpoint),
    bucketXml('waf', b.waf, endpoint),
    bucketXml('alb', b.lb, endpoint),
    bucketXml('clb', b.lb, endpoint),
    bucketXml('nlb', b.lb, endpoint),
    bucketXml('server_access', b.s3, endpoint),
    bucketXml('cisco_umbrella', b.umb, endpoint, '\n      <path>iplogs</path>'),
    bucketXml('custom', b.custom, endpoint, '\n      <path>events</path>'),
    service('cloudwatchlogs', `\n      <aws_log_groups>${group}</aws_log_groups>\n      <only_logs_after>${onlyLogsAfterOf(new Date(Date.now() - 2 * 86400_000))}</only_logs_after>`),
    service('inspector', ''),
  ].join('\n'))}
${wodle(subscriber('buckets', q.buckets))}
${wodle(subscriber('security_hub', q.hub))}
${wodle(subscriber('security_lake', q.lake, `
      <iam_role_arn>arn:aws:iam::123456789012:role/AmazonSecurityLake-subscriber</iam_role_arn>
      <external_id>ext-1</external_id>
      <sts_endpoint>${endpoint}</sts_endpoint>`))}
</ossec_config>
`);
  const dataDir = join(ws.dir, 'data');
  const run = await runCli(['run', '--once', '--config', join(ws.dir, 'ossec.conf'), '--data-dir', dataDir, '--archives', '--log-level', 'warn'], ws.env);
  assert.equal(run.code, 0, run.stderr);
  process.stderr.write(`${run.stdout}\n${run.stderr}\n`);

  const store = await openDuckDbStore({ path: join(dataDir, 'awsmon.duckdb'), logger: createSilentLogger() });
  t.after(() => store.close());
  const counts = await store.query('SELECT bucket, source, count(*)::INTEGER AS n FROM events_v GROUP BY ALL ORDER BY ALL');
  process.stderr.write(`${JSON.stringify(counts, null, 1)}\n`);
  const rows = await store.query('SELECT id, bucket, log_key, source FROM events_v ORDER BY id');
  const texts = await store.readMessages(rows.map((r) => Number(r.id)));
  rows.forEach((r, i) => process.stderr.write(`${String(r.source)} ${texts[i]}\n`));
  const alerts = await store.query('SELECT rule_id, level, description FROM alerts ORDER BY seq');
  process.stderr.write(`${JSON.stringify(alerts, null, 1)}\n`);
  const archived = (await readFile(join(dataDir, 'archives', 'archives.json'), 'utf8')).trim().split('\n');
  process.stderr.write(`${archived.length} archived\n`);
  for (const url of [bucketsQ.url, hubQ.url, lakeQ.url]) process.stderr.write(`depth ${await queueDepth(endpoint, url)}\n`);
});
