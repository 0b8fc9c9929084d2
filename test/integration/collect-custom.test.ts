/**
 * `custom` buckets against moto through the real SDK: Firehose-delivered EventBridge streams
 * (KMS through CloudTrail, Macie, Trusted Advisor, GuardDuty), JSON objects without `detail`,
 * CSV with a header, and Wazuh's space-separated VPC lines; discard_regex; state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { motoEndpoint } from '../helpers/moto.ts';
import { seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { block, motoBucket, processedKeys, runOnce, tempStore } from '../helpers/collect.ts';
import { storedMessages, storedTexts } from '../helpers/stored.ts';
import { concatenated, eventBridgeEvent, firehoseKey, guardDutyFinding, gz, jsonLines } from '../fixtures/dated-types.ts';

const ACCT = '111122223333';
const now = () => new Date('2024-03-05T18:00:00Z');

const KMS = eventBridgeEvent('aws.kms', 'AWS API Call via CloudTrail', '2024-03-05T10:00:00Z', {
  eventVersion: '1.08', userIdentity: { type: 'IAMUser', userName: 'mallory', arn: `arn:aws:iam::${ACCT}:user/mallory` }, eventTime: '2024-03-05T10:00:00Z',
  eventSource: 'kms.amazonaws.com', eventName: 'ScheduleKeyDeletion', awsRegion: 'eu-west-1', sourceIPAddress: '198.51.100.66',
  requestParameters: { keyId: 'k-1', pendingWindowInDays: 7 }, responseElements: { keyId: `arn:aws:kms:eu-west-1:${ACCT}:key/k-1`, keyState: 'PendingDeletion' }, errorMessage: null,
}, 'eb-kms');
const MACIE = eventBridgeEvent('aws.macie', 'Macie Finding', '2024-03-05T10:01:00Z', {
  schemaVersion: '1.0', id: 'm-1', accountId: ACCT, region: 'eu-west-1', type: 'SensitiveData:S3Object/Personal', title: 'PII in object',
  severity: { score: 3, description: 'High' }, resourcesAffected: { s3Bucket: { name: 'hr-data' }, s3Object: { key: 'salaries.csv' } }, tags: ['pii'],
}, 'eb-macie');
const ADVISOR = eventBridgeEvent('aws.trustedadvisor', 'Trusted Advisor Check Item Refresh Notification', '2024-03-05T10:02:00Z', {
  'check-name': 'IAM Password Policy', 'check-item-detail': { Status: 'Red', Reason: 'No password policy' }, status: 'ERROR', resource_id: '', uuid: 'ta-1',
}, 'eb-ta');
const ADVISOR_OK = eventBridgeEvent('aws.trustedadvisor', 'Trusted Advisor Check Item Refresh Notification', '2024-03-05T10:03:00Z', {
  'check-name': 'Security Groups - Specific Ports Unrestricted', status: 'OK', uuid: 'ta-2',
}, 'eb-ta2');
const GD = eventBridgeEvent('aws.guardduty', 'GuardDuty Finding', '2024-03-05T10:04:00Z', guardDutyFinding('g-1', '2024-03-05T10:04:00.000Z', [{ port: 22, ip: '192.0.2.1' }, { port: 23, ip: '192.0.2.2' }]), 'eb-gd');
const LOGS = { messageType: 'DATA_MESSAGE', owner: ACCT, logGroup: '/app', logStream: 's', logEvents: [{ id: '1', timestamp: 1709632800000, message: 'hello' }] };

test('custom: EventBridge streams from several services, objects without detail, CSV and VPC text; discard_regex; nothing twice', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('custom');
  const events = firehoseKey('events/', 'security-events', '2024-03-05T10:00:00Z', 'e1');
  const lines = firehoseKey('events/', 'security-events', '2024-03-05T10:30:00Z', 'e2');
  const csv = firehoseKey('events/', 'app-audit', '2024-03-05T11:00:00Z', 'c1');
  const vpc = firehoseKey('events/', 'flows', '2024-03-05T12:00:00Z', 'v1');
  await seedBucket(endpoint, name, [
    { key: events, body: gz(concatenated([KMS, MACIE, ADVISOR, GD])) },
    { key: lines, body: jsonLines([ADVISOR_OK, LOGS]) },
    { key: csv, body: gz('timestamp,user,action,detail\n2024-03-05T11:00:00Z,dave,login,"from ""home"", ok"\n2024-03-05T11:01:00Z,erin,logout,\n') },
    { key: vpc, body: gz('version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n2 111122223333 eni-1 10.0.0.1 10.0.0.2 443 49152 6 10 840 1709640000 1709640060 REJECT OK\n') },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const discardRegex = { field: 'check-name', pattern: 'Security Groups', regex: /Security Groups/ };
  const wodle = block([motoBucket(endpoint, 'custom', name, { path: 'events/', onlyLogsAfter: '2024-03-05', discardRegex })]);
  const first = await runOnce(store, wodle, { now });
  assert.deepEqual([first.stats.objects, first.stats.events, first.stats.errors], [4, 8, 0]);

  const info = (key: string) => `"log_info":{"aws_account_alias":"","log_file":"${key}","s3bucket":"${name}"}`;
  const texts = await storedTexts(store);
  assert.deepEqual(texts.filter((x) => x.includes(csv)), [
    `{"integration":"aws","aws":{${info(csv)},"timestamp":"2024-03-05T11:00:00Z","user":"dave","action":"login","detail":"from \\"home\\", ok","source":"custom"}}`,
    `{"integration":"aws","aws":{${info(csv)},"timestamp":"2024-03-05T11:01:00Z","user":"erin","action":"logout","detail":"","source":"custom"}}`,
  ]);
  assert.deepEqual(texts.filter((x) => x.includes(events)).slice(0, 3), [
    `{"integration":"aws","aws":{${info(events)},"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":"mallory","arn":"arn:aws:iam::${ACCT}:user/mallory"},"eventTime":"2024-03-05T10:00:00Z","eventSource":"kms.amazonaws.com","eventName":"ScheduleKeyDeletion","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.66","requestParameters":{"keyId":"k-1","pendingWindowInDays":7},"responseElements":{"keyId":"arn:aws:kms:eu-west-1:${ACCT}:key/k-1","keyState":"PendingDeletion"},"source":"kms","source_ip_address":"198.51.100.66"}}`,
    `{"integration":"aws","aws":{${info(events)},"schemaVersion":"1.0","id":"m-1","accountId":"${ACCT}","region":"eu-west-1","type":"SensitiveData:S3Object/Personal","title":"PII in object","severity":{"score":3,"description":"High"},"resourcesAffected":{"s3Bucket":{"name":"hr-data"},"s3Object":{"key":"salaries.csv"}},"tags":{"value":"pii"},"source":"macie"}}`,
    `{"integration":"aws","aws":{${info(events)},"check-name":"IAM Password Policy","check-item-detail":{"Status":"Red","Reason":"No password policy"},"status":"ERROR","resource_id":"","uuid":"ta-1","source":"trustedadvisor"}}`,
  ]);
  const messages = await storedMessages(store);
  const byFile = (key: string) => messages.filter((m) => m.aws.log_info.log_file === key).map((m) => m.aws['source']);
  // The custom type keeps one event per GuardDuty finding (only the guardduty type splits probes).
  assert.deepEqual(byFile(events), ['kms', 'macie', 'trustedadvisor', 'guardduty']);
  // The discarded Trusted Advisor check is gone; the object without detail is kept whole.
  assert.deepEqual(byFile(lines), ['custom']);
  assert.deepEqual(messages.find((m) => m.aws.log_info.log_file === lines)!.aws['logEvents'], { id: '1', timestamp: 1709632800000, message: 'hello' });
  assert.equal(
    texts.find((x) => x.includes(vpc)),
    `{"integration":"aws","aws":{${info(vpc)},"version":"2","account_id":"111122223333","interface_id":"eni-1","srcaddr":"10.0.0.1","dstaddr":"10.0.0.2","srcport":"443","dstport":"49152","protocol":"6","packets":"10","bytes":"840","start":"1709640000","end":"1709640060","action":"REJECT","log_status":"OK","source":"vpc"}}`,
  );
  const cols = await store.query(`SELECT source, account_id, region, src_ip, event_name, user_name, action FROM events_v WHERE log_key = $1 ORDER BY id`, [events]);
  assert.deepEqual(cols, [
    { source: 'kms', account_id: ACCT, region: 'eu-west-1', src_ip: '198.51.100.66', event_name: 'ScheduleKeyDeletion', user_name: 'mallory', action: null },
    { source: 'macie', account_id: ACCT, region: 'eu-west-1', src_ip: null, event_name: 'Macie Finding', user_name: null, action: null },
    { source: 'trustedadvisor', account_id: ACCT, region: 'eu-west-1', src_ip: null, event_name: 'Trusted Advisor Check Item Refresh Notification', user_name: null, action: null },
    { source: 'guardduty', account_id: ACCT, region: 'us-east-1', src_ip: '192.0.2.1', event_name: 'Recon:EC2/PortProbeUnprotectedPort', user_name: null, action: 'PORT_PROBE' },
  ]);

  assert.equal((await runOnce(store, wodle, { now })).stats.objects, 0);
  assert.deepEqual(await processedKeys(store), [csv, events, lines, vpc].sort());
});

test('custom: a path without Firehose date folders is reported; an object cut inside a JSON object names the record', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('custom-bad');
  const cut = firehoseKey('', 's', '2024-03-05T10:00:00Z', 'x');
  await seedBucket(endpoint, name, [
    { key: cut, body: gz(`${JSON.stringify(KMS)}${JSON.stringify(MACIE).slice(0, 40)}`) },
    { key: 'other/readme.txt', body: 'not logs' },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const run = await runOnce(store, block([motoBucket(endpoint, 'custom', name, { onlyLogsAfter: '2024-03-05' })]), { now });
  assert.deepEqual([run.stats.objects, run.stats.errors], [0, 1]);
  assert.deepEqual(run.stats.failures, [`FORMAT_BAD_JSON: bucket '${name}', key '${cut}', line 1, record 2: the object stream ends inside a JSON object (truncated object?)`]);
  const wrongPath = await runOnce(store, block([motoBucket(endpoint, 'custom', name, { path: 'other/' })]), { now });
  assert.equal(wrongPath.failed, true);
  assert.deepEqual(wrongPath.stats.failures, [`SOURCE_EMPTY: bucket '${name}': no files were found under 'other/' (check <path>; it must not start with '/')`]);
});

test('custom and guardduty on one Firehose prefix keep separate state: both read the object', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('custom-gd');
  const key = firehoseKey('', 'findings', '2024-03-05T10:00:00Z', 'k');
  await seedBucket(endpoint, name, [{ key, body: gz(concatenated([GD])) }]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const both = block([motoBucket(endpoint, 'custom', name, { onlyLogsAfter: '2024-03-05' }), motoBucket(endpoint, 'guardduty', name, { onlyLogsAfter: '2024-03-05' })]);
  const run = await runOnce(store, both, { now });
  // custom: one event per finding; guardduty: one per port probe detail.
  assert.deepEqual([run.stats.objects, run.stats.events], [2, 3]);
  assert.deepEqual(await store.query('SELECT bucket_path FROM processed_objects ORDER BY 1'), [{ bucket_path: `${name}/#custom` }, { bucket_path: `${name}/#guardduty` }]);
  assert.equal((await runOnce(store, both, { now })).stats.objects, 0);
});
