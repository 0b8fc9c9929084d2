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
import { bucketXml } from '../helpers/ossec-conf.ts';
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
const describeInstances = cloudTrailRecord();

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
    seedBucket(endpoint, b.trail, [{ key: keys.trail, body: cloudTrailObject([describeInstances, ...failedLogins]) }]),
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
  // With dead-letter queues, as a production queue should have (the subscriber warns otherwise).
  const [bucketsQ, hubQ, lakeQ] = await Promise.all([createQueue(endpoint, q.buckets, 3), createQueue(endpoint, q.hub, 3), createQueue(endpoint, q.lake, 3)]);
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
  // Nothing was skipped ("validated but not collected") and no warning or error was logged (the SDK's Node version notice aside).
  assert.doesNotMatch(run.stderr, /"level":|not collected|awsmon: warning/);
  assert.match(run.stdout, /^awsmon run: 16 objects, 30 events, 0 errors in \d+\.\d s \(\d+ events\/s, \d+\.\d MB read\), 17 alerts\n$/);
  assert.deepEqual(await Promise.all([bucketsQ, hubQ, lakeQ].map((queue) => queueDepth(endpoint, queue.url))), [0, 0, 0]);

  const store = await openDuckDbStore({ path: join(dataDir, 'awsmon.duckdb'), logger: createSilentLogger() });
  t.after(() => store.close());
  // Events per source (objects.bucket is the log group for CloudWatch Logs, the queue for events carried in SQS messages).
  assert.deepEqual(await store.query('SELECT bucket, source, count(*)::INTEGER AS n FROM events_v GROUP BY ALL ORDER BY ALL'), ([
    [b.trail, 'cloudtrail', 7], [b.flows, 'vpc', 2], [b.config, 'config', 2], [b.gd, 'guardduty', 2], [b.waf, 'waf', 1],
    [b.lb, 'alb', 2], [b.lb, 'clb', 1], [b.lb, 'nlb', 1], [b.s3, 's3_server_access', 1], [b.umb, 'cisco_umbrella', 1],
    [b.custom, 'macie', 1], [b.custom, 'trustedadvisor', 1],
    [group, 'cloudwatchlogs', 2], ['inspector', 'inspector2', 1],
    [b.sub, 'custom', 2], [`sqs:${q.hub}`, 'securityhub', 1], [b.sub, 'security_lake', 2],
  ] as const).map(([bucket, source, n]) => ({ bucket, source, n })).sort((x, y) => (x.bucket === y.bucket ? (x.source < y.source ? -1 : 1) : x.bucket < y.bucket ? -1 : 1)));

  const rows = await store.query('SELECT id, source FROM events_v ORDER BY id');
  const texts = (await store.readMessages(rows.map((r) => Number(r.id)))).map((m) => m ?? '<missing>');
  const bySource = new Map<string, string[]>();
  rows.forEach((r, i) => bySource.set(String(r.source), [...(bySource.get(String(r.source)) ?? []), texts[i]!]));
  // archives.json holds exactly the stored messages.
  assert.deepEqual((await readFile(join(dataDir, 'archives', 'archives.json'), 'utf8')).trim().split('\n').sort(), [...texts].sort());

  const info = (bucket: string, key: string) => `{"aws_account_alias":"","log_file":"${key}","s3bucket":"${bucket}"}`;
  const { requestParameters: _null, ...lastLogin } = failedLogins[5]!;
  const { Note: _note, ...hubFinding } = securityHubFinding('hub-1', 'FAILED');
  // One exact message of each source: the Wazuh message shape of its type.
  const expected: Record<string, string> = {
    cloudtrail: JSON.stringify({ integration: 'aws', aws: { log_info: JSON.parse(info(b.trail, keys.trail)) as unknown, ...lastLogin, source: 'cloudtrail', aws_account_id: ACCT, source_ip_address: IPS.bruteForce } }),
    vpc: `{"integration":"aws","aws":{"log_info":${info(b.flows, keys.flows)},"version":"2","account_id":"111122223333","interface_id":"eni-0a1b2c3d4e5f60101","srcaddr":"198.51.100.23","dstaddr":"10.0.1.10","srcport":"40000","dstport":"22","protocol":"6","packets":"10","bytes":"840","start":"2024-03-05T12:00:00Z","end":"2024-03-05T12:01:00Z","action":"REJECT","log_status":"OK","source":"vpc","aws_account_id":"111122223333","flow_log_id":"fl-0123456789abcdef0"}}`,
    config: `{"integration":"aws","aws":{"log_info":${info(b.config, keys.config)},"relatedEvents":[],"relationships":{"resourceId":"sg-0a1b2c3d","resourceType":"AWS::EC2::SecurityGroup","name":"Is associated with SecurityGroup"},"configuration":{"instanceId":"i-0a1b2c3d4e5f60010","imageId":"ami-0abc","state":{"name":"running"},"securityGroups":{"groupId":["sg-0a1b2c3d","sg-0e1f2a3b"],"groupName":["web","ssh"]},"iamInstanceProfile":{"name":"arn:aws:iam::111122223333:instance-profile/web"},"createdTime":1709280000,"policy":{"Content":["Version","Statement"]}},"supplementaryConfiguration":{},"tags":{"Name":"web-1"},"configurationItemVersion":"1.3","configurationItemCaptureTime":"2024-03-05T10:00:00.000Z","configurationStateId":1709632900000,"awsAccountId":"111122223333","configurationItemStatus":"ResourceDeleted","resourceType":"AWS::EC2::Instance","resourceId":"i-0a1b2c3d4e5f60010","ARN":"arn:aws:ec2:us-east-1:111122223333:instance/i-0a1b2c3d4e5f60010","awsRegion":"us-east-1","availabilityZone":"us-east-1a","configurationStateMd5Hash":"","resourceCreationTime":"2024-03-01T08:00:00.000Z","source":"config","aws_account_id":"111122223333"}}`,
    guardduty: `{"integration":"aws","aws":{"log_info":${info(b.gd, keys.gd)},"schemaVersion":"2.0","accountId":"111122223333","region":"us-east-1","partition":"aws","id":"gd-high","arn":"arn:aws:guardduty:us-east-1:111122223333:detector/d1/finding/gd-high","type":"Recon:EC2/PortProbeUnprotectedPort","resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-0a1b2c3d4e5f60010","networkInterfaces":[{"privateIpAddress":"10.0.1.10","publicIp":"198.51.100.10"}]}},"service":{"serviceName":"guardduty","detectorId":"d1","action":{"actionType":"PORT_PROBE","portProbeAction":{"blocked":false,"portProbeDetails":{"localPortDetails":{"port":3389,"portName":"Unknown"},"remoteIpDetails":{"ipAddressV4":"198.51.100.2","country":{"countryName":"Example"}}}}},"resourceRole":"TARGET","additionalInfo":{"threatListName":"ProofPoint"},"eventFirstSeen":"2024-03-05T10:00:00.000Z","eventLastSeen":"2024-03-05T10:00:00.000Z","archived":false,"count":2},"severity":8,"createdAt":"2024-03-05T10:00:00.000Z","updatedAt":"2024-03-05T10:00:00.000Z","title":"Unprotected port on EC2 instance is being probed.","description":"probe","source":"guardduty"}}`,
    waf: `{"integration":"aws","aws":{"log_info":${info(b.waf, keys.waf)},"timestamp":1709632800000,"formatVersion":1,"webaclId":"arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/shop/a1b2","terminatingRuleId":"SQLi","terminatingRuleType":"REGULAR","action":"BLOCK","terminatingRuleMatchDetails":[],"httpSourceName":"ALB","httpSourceId":"111122223333-app/shop/1","ruleGroupList":[],"rateBasedRuleList":[],"nonTerminatingMatchingRules":[],"httpRequest":{"clientIp":"203.0.113.50","country":"NL","headers":{"Host":"shop.example.com","User-Agent":"curl/8.5.0"},"uri":"/login","args":"","httpVersion":"HTTP/1.1","httpMethod":"POST","requestId":"r-1"},"source":"waf","aws_account_id":"111122223333","region":"eu-west-1"}}`,
    alb: `{"integration":"aws","aws":{"log_info":${info(b.lb, keys.alb)},"type":"https","time":"2024-03-05T10:00:02.000000Z","elb":"app/shop-lb/50dc6c495c0c9188","client_port":"40001","target_port":"8080","request_processing_time":"0.001","target_processing_time":"0.020","response_processing_time":"0.000","elb_status_code":"200","target_status_code":"200","received_bytes":"512","sent_bytes":"2048","request":"GET https://shop.example.com:443/search?q=1+union+select+password HTTP/1.1","user_agent":"Mozilla/5.0 (X11; Linux x86_64)","ssl_cipher":"ECDHE-RSA-AES128-GCM-SHA256","ssl_protocol":"TLSv1.2","target_group_arn":"arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/73e2d6bc24d8a067","trace_id":"Root=1-65e6ee01-0a1b2c3d4e5f60718293a4b5","domain_name":"shop.example.com","chosen_cert_arn":"arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012","matched_rule_priority":"1","request_creation_time":"2024-03-05T10:00:01.100000Z","action_executed":"waf,forward","redirect_url":"-","error_reason":"-","target_port_list":"8080","target_status_code_list":"200","classification":"-","classification_reason":"-","conn_trace_id":"TID_0a1b2c3d4e5f60718293a4b5c6d7e8f9","transformed_host":"-","transformed_uri":"-","request_transform_status":"OriginalRetrieved","source":"alb","client_ip":"198.51.100.23","target_ip":"10.0.1.20","target_ip_list":"10.0.1.20"}}`,
    clb: `{"integration":"aws","aws":{"log_info":${info(b.lb, keys.clb)},"time":"2024-03-05T10:00:02.500000Z","elb":"legacy-web","client_port":"198.51.100.7:40123","backend_port":"10.0.2.30:80","request_processing_time":"0.000073","backend_processing_time":"0.001048","response_processing_time":"0.000057","elb_status_code":"503","backend_status_code":"-","received_bytes":"0","sent_bytes":"57","request":"GET http://legacy.example.com:80/login HTTP/1.1","user_agent":"curl/8.5.0","ssl_cipher":"-","ssl_protocol":"-","source":"clb"}}`,
    nlb: `{"integration":"aws","aws":{"log_info":${info(b.lb, keys.nlb)},"type":"tls","version":"2.0","time":"2024-03-05T10:00:03","elb":"net/api-nlb/a1b2c3d4e5f60718","listener":"a1b2c3d4e5f60719","client_port":"60001","destination_port":"443","connection_time":"5012","tls_handshake_time":"45","received_bytes":"1500","sent_bytes":"6200","incoming_tls_alert":"-","chosen_cert_arn":"arn:aws:acm:us-east-1:111122223333:certificate/abcdefab-1234-1234-1234-abcdefabcdef","chosen_cert_serial":"01ab","tls_cipher":"TLS_AES_128_GCM_SHA256","tls_protocol_version":"tlsv13","tls_named_group":"x25519","domain_name":"api.example.com","alpn_fe_protocol":"h2","alpn_be_protocol":"h2","alpn_client_preference_list":"h2,\\"http/1.1\\"","tls_connection_creation_time":"2024-03-05T09:59:58","source":"nlb","client_ip":"192.0.2.44","destination_ip":"10.0.3.40"}}`,
    s3_server_access: `{"integration":"aws","aws":{"log_info":${info(b.s3, keys.s3)},"bucket_owner":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be","bucket":"media","time":"05/Mar/2024:09:59:00 +0000","remote_ip":"192.0.2.3","requester":"arn:aws:iam::111122223333:user/carol","request_id":"R1","operation":"REST.GET.OBJECT","key":"a.jpg","request_uri":"GET /media/a.jpg HTTP/1.1","http_status":"200","error_code":"-","bytes_sent":"2662992","object_sent":"3462992","total_time":"70","turn_around_time":"10","referer":"-","user_agent":"aws-cli/2.15.0 md/Botocore#1.34","version_id":"-","host_id":"hostid=","signature_version":"SigV4","cipher_suite":"TLS_AES_128_GCM_SHA256","authentication_type":"AuthHeader","host_header":"media.s3.us-east-1.amazonaws.com","tls_version":"TLSv1.3","access_point_arn":"-","acl_required":"-","source_region":"us-east-1","source":"s3_server_access"}}`,
    cisco_umbrella: `{"integration":"aws","aws":{"log_info":${info(b.umb, keys.umb)},"timestamp":"2024-03-05 10:00:00","identity":"Office","source_ip":"10.0.0.1","source_port":"50000","destination_ip":"203.0.113.4","destination_port":"443","categories":"Botnet","source":"cisco_umbrella"}}`,
    macie: `{"integration":"aws","aws":{"log_info":${info(b.custom, keys.custom)},"schemaVersion":"1.0","id":"m-1","accountId":"111122223333","region":"eu-west-1","type":"SensitiveData:S3Object/Personal","title":"PII in object","severity":{"score":3,"description":"High"},"source":"macie"}}`,
    trustedadvisor: `{"integration":"aws","aws":{"log_info":${info(b.custom, keys.custom)},"check-name":"IAM Password Policy","status":"ERROR","uuid":"ta-1","source":"trustedadvisor"}}`,
    inspector2: `{"integration":"aws","aws":{"findingArn":"arn:aws:inspector2:sa-east-1:123456789012:finding/all","awsAccountId":"123456789012","type":"PACKAGE_VULNERABILITY","severity":"CRITICAL","status":"ACTIVE","title":"CVE-2026-0001 - openssl","updatedAt":"2025-11-24T17:00:00Z","source":"inspector2"}}`,
    custom: `{"integration":"aws","aws":{"log_info":{"log_file":"${keys.app}","s3bucket":"${b.sub}"},"user":"ann","ok":true,"source":"custom"}}`,
    security_lake: `{"metadata":{"product":{"name":"CloudTrail","vendor_name":"AWS"},"version":"1.1.0"},"time":1763805600001,"class_uid":3005,"class_name":"API Activity","category_uid":3,"activity_id":3,"api":{"operation":"AuthorizeSecurityGroupIngress","service":{"name":"ec2.amazonaws.com"},"response":{"error":null}},"identity":{"user":{"name":"alice","type":"IAMUser"}},"src_endpoint":{"ip":"203.0.113.10"}}`,
    cloudwatchlogs: JSON.stringify('{"event":"login","user":"bob"}'),
    securityhub: `{"integration":"aws","aws":{"source":"securityhub","detail_type":"Security Hub Findings - Imported","finding":${JSON.stringify(hubFinding)}}}`,
  };
  assert.deepEqual([...bySource.keys()].sort(), Object.keys(expected).sort());
  for (const [source, message] of Object.entries(expected)) assert.ok(bySource.get(source)!.includes(message), `${source}: ${message}\nnot among\n${bySource.get(source)!.join('\n')}`);

  // Exactly the alerts the shipped ruleset raises, each on an event of its source.
  const alerts = await store.query(`SELECT a.rule_id, a.level, e.source, a.description FROM alerts a JOIN events_v e ON e.id = a.event_id ORDER BY a.rule_id, a.description`);
  assert.deepEqual(alerts.map((a) => [a.rule_id, a.level, a.source]), [
    ['80254', 5, 'cloudtrail'], ['80254', 5, 'cloudtrail'], ['80254', 5, 'cloudtrail'], ['80254', 5, 'cloudtrail'], ['80254', 5, 'cloudtrail'],
    ['80255', 10, 'cloudtrail'], // the sixth failed sign-in completes the brute force
    ['80307', 10, 'guardduty'], ['80307', 10, 'guardduty'], // one per port probe of the high-severity finding
    ['80353', 8, 'macie'],
    ['80442', 3, 'waf'],
    ['80456', 3, 'config'], // the ResourceDeleted item; the OK one stays an event
    ['80481', 5, 'trustedadvisor'],
    ['80620', 6, 'alb'], // the union-select request; the other stays an event
    ['80660', 12, 'inspector2'],
    ['99022', 3, 'security_lake'], ['99028', 12, 'security_lake'],
    ['99858', 12, 'securityhub'],
  ]);
  const described = (id: string) => alerts.filter((a) => a.rule_id === id).map((a) => a.description);
  assert.deepEqual(described('80255'), ['AWS console: brute force, 6 failed logins within 6 minutes (last: bob from 198.51.100.77).']);
  assert.deepEqual(described('80307'), [22, 3389].map((port, i) => `AWS GuardDuty (high severity): port probe of port ${port} from 198.51.100.${i + 1} - Unprotected port on EC2 instance is being probed.`));
  assert.deepEqual(described('80660'), ['AWS Inspector (critical): CVE-2026-0001 - openssl']);
  const alertLines = (await readFile(join(dataDir, 'alerts', 'alerts.json'), 'utf8')).trim().split('\n');
  assert.deepEqual(alertLines.map((l) => (JSON.parse(l) as { rule: { id: string } }).rule.id).sort(), alerts.map((a) => String(a.rule_id)).sort());
});
