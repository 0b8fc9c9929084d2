/**
 * Security Lake (OCSF Parquet announced by EventBridge-style notifications) and Security Hub
 * (EventBridge events in SQS messages, or Firehose objects announced by S3 notifications)
 * against moto, and VPC flow logs delivered as Parquet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { motoEndpoint } from '../helpers/moto.ts';
import { seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { block, motoBucket, runOnce, tempStore } from '../helpers/collect.ts';
import { createQueue, eventBridgeObjectCreated, queueDepth, s3Notification, sendMessages, uniqueQueue } from '../helpers/moto-sqs.ts';
import { FAST_SQS, motoSubscriber, storedMessages, subscriberBlock } from '../helpers/subscribe.ts';
import { gzip, vpcFlowKey, vpcFlowObject, vpcFlowRow, V2_FIELDS } from '../fixtures/index.ts';
import { parquetOf } from '../fixtures/parquet.ts';
import { securityHubEvent as hubEvent, securityHubFinding as finding } from '../fixtures/security-hub.ts';

/** Security Lake subscribers always read through the role Security Lake made for them (moto's STS grants it; moto keeps each account's queues apart, so the role is in the queue's account, 123456789012, moto's default). */
const lakeRole = (endpoint: string) => ({ iamRoleArn: 'arn:aws:iam::123456789012:role/AmazonSecurityLake-subscriber', externalId: 'ext-1', stsEndpoint: endpoint });

const OCSF_ROWS = `SELECT {'product': {'name': 'CloudTrail', 'vendor_name': 'AWS'}, 'version': '1.1.0'} AS metadata,
  1763805600000 + i::BIGINT AS time, 3005 AS class_uid, 'API Activity' AS class_name, 'Update' AS activity_name,
  {'operation': 'PutBucketPolicy', 'service': {'name': 's3.amazonaws.com'}} AS api,
  {'account': {'uid': '111122223333'}, 'region': 'us-east-1', 'provider': 'AWS'} AS cloud,
  {'ip': '198.51.100.' || i, 'port': NULL::INT} AS src_endpoint,
  {'user': {'name': 'alice', 'uid': 'AIDAEXAMPLE'}} AS actor,
  NULL::VARCHAR AS unmapped
  FROM range(2) t(i)`;

const ocsfJson = (i: number) => `{"metadata":{"product":{"name":"CloudTrail","vendor_name":"AWS"},"version":"1.1.0"},"time":${1763805600000 + i},"class_uid":3005,"class_name":"API Activity","activity_name":"Update","api":{"operation":"PutBucketPolicy","service":{"name":"s3.amazonaws.com"}},"cloud":{"account":{"uid":"111122223333"},"region":"us-east-1","provider":"AWS"},"src_endpoint":{"ip":"198.51.100.${i}","port":null},"actor":{"user":{"name":"alice","uid":"AIDAEXAMPLE"}},"unmapped":null}`;

test('security_lake: OCSF Parquet rows are stored raw (no wrapper, nulls kept) with their columns; a non-Parquet object is an error', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const bucket = uniqueBucket('aws-security-data-lake');
  const queue = uniqueQueue('lake');
  const { url } = await createQueue(endpoint, queue);
  const key = 'aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=111122223333/eventDay=20261122/6f2c.gz.parquet';
  await seedBucket(endpoint, bucket, [{ key, body: await parquetOf(OCSF_ROWS) }, { key: 'ext/not-parquet.gz.parquet', body: gzip('{}') }]);
  await sendMessages(endpoint, url, [eventBridgeObjectCreated(bucket, key)]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const sub = motoSubscriber(endpoint, 'security_lake', queue, lakeRole(endpoint));
  const result = await runOnce(store, subscriberBlock([sub]), { sqs: FAST_SQS });
  assert.deepEqual([result.failed, result.stats.objects, result.stats.events], [false, 1, 2], result.stats.failures.join('\n'));
  assert.deepEqual(await storedMessages(store), [ocsfJson(0), ocsfJson(1)]);
  const rows = await store.query(`SELECT source, account_id, region, src_ip, event_name, user_name, epoch_ms(ts) AS t FROM events_v ORDER BY src_ip`);
  assert.deepEqual(rows, [0, 1].map((i) => ({
    source: 'security_lake', account_id: '111122223333', region: 'us-east-1', src_ip: `198.51.100.${i}`, event_name: 'PutBucketPolicy', user_name: 'alice', t: 1763805600000 + i,
  })));

  await sendMessages(endpoint, url, [eventBridgeObjectCreated(bucket, 'ext/not-parquet.gz.parquet')]);
  const bad = await runOnce(store, subscriberBlock([sub]), { sqs: FAST_SQS });
  assert.deepEqual(bad.stats.failures, [`FORMAT_BAD_PARQUET: bucket '${bucket}', key 'ext/not-parquet.gz.parquet': the object is not a Parquet file (Security Lake objects are Parquet); check what writes to the bucket`]);
  assert.equal(await queueDepth(endpoint, url), 1);
});

/** The finding as sent: null keys dropped, nothing else changed. */
function sent(f: Record<string, unknown>): string {
  const { Note: _note, ...rest } = f;
  return JSON.stringify(rest);
}

test('security_hub: one event per finding from EventBridge events in SQS and from Firehose objects; discard_regex; no duplicate on redelivery', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const bucket = uniqueBucket('hub-firehose');
  const queue = uniqueQueue('hub');
  const { url } = await createQueue(endpoint, queue);
  const imported = hubEvent('Security Hub Findings - Imported', { findings: [finding('f-1', 'FAILED'), finding('f-2', 'PASSED')] });
  const insight = hubEvent('Security Hub Insight Results', {
    actionName: 'SendToAwsmon', actionDescription: 'export', insightName: 'Public buckets', insightArn: 'arn:aws:securityhub:us-east-1:111122223333:insight/x', resultType: 'ResourceAwsS3BucketId', insightResults: [{ 'arn:aws:s3:::public': 1 }],
  });
  const action = hubEvent('Security Hub Findings - Custom Action', { actionName: 'Escalate', actionDescription: 'page', findings: [finding('f-3', 'FAILED')] });
  const key = 'hub/2026/11/22/09/stream-1-2026-11-22-09-31-00-abc';
  await seedBucket(endpoint, bucket, [{ key, body: gzip(JSON.stringify(action) + JSON.stringify(imported)) }]);
  await sendMessages(endpoint, url, [JSON.stringify(imported), JSON.stringify(insight), s3Notification(bucket, [{ encodedKey: key }])]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const sub = motoSubscriber(endpoint, 'security_hub', queue, { discardRegex: { field: 'finding.Compliance.Status', pattern: 'PASSED', regex: /PASSED/ } });
  const result = await runOnce(store, subscriberBlock([sub]), { sqs: FAST_SQS });
  assert.deepEqual([result.failed, result.stats.events], [false, 4], result.stats.failures.join('\n'));
  const head = (type: string) => `{"integration":"aws","aws":{"source":"securityhub","detail_type":"${type}"`;
  const logInfo = `{"integration":"aws","aws":{"log_info":{"log_file":"${key}","s3bucket":"${bucket}"},"source":"securityhub"`;
  assert.deepEqual(await storedMessages(store), [
    `${head('Security Hub Findings - Imported')},"finding":${sent(finding('f-1', 'FAILED'))}}}`,
    `${head('Security Hub Insight Results')},"actionName":"SendToAwsmon","actionDescription":"export","insightName":"Public buckets","insightArn":"arn:aws:securityhub:us-east-1:111122223333:insight/x","resultType":"ResourceAwsS3BucketId","insightResults":[{"arn:aws:s3:::public":1}]}}`,
    `${logInfo},"detail_type":"Security Hub Findings - Custom Action","finding":${sent(finding('f-3', 'FAILED'))},"actionName":"Escalate","actionDescription":"page"}}`,
    `${logInfo},"detail_type":"Security Hub Findings - Imported","finding":${sent(finding('f-1', 'FAILED'))}}}`,
  ].sort());
  const cols = await store.query(`SELECT DISTINCT source, account_id, region, action, event_name FROM events_v WHERE action IS NOT NULL`);
  assert.deepEqual(cols, [{ source: 'securityhub', account_id: '111122223333', region: 'us-east-1', action: 'FAILED', event_name: 'S3.8' }]);

  // The same EventBridge event delivered again (EventBridge and SQS are at-least-once).
  await sendMessages(endpoint, url, [JSON.stringify(imported)]);
  const again = await runOnce(store, subscriberBlock([sub]), { sqs: FAST_SQS });
  assert.deepEqual([again.stats.events, await store.countEvents(), await queueDepth(endpoint, url)], [0, 4, 0]);

  // An event that is not Security Hub's is reported and kept.
  await sendMessages(endpoint, url, [JSON.stringify({ ...imported, source: 'aws.guardduty', 'detail-type': 'GuardDuty Finding' })]);
  const other = await runOnce(store, subscriberBlock([sub]), { sqs: FAST_SQS });
  assert.match(other.stats.failures[0] ?? '', /^FORMAT_BAD_MESSAGE: .*an EventBridge event of source 'aws\.guardduty' and type 'GuardDuty Finding' is neither an S3 "Object Created" notification nor a Security Hub event$/);
});

test('vpcflow: an object delivered as Parquet gives the same messages as the text format', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('flow-parquet');
  const day = '2026-11-22T10:00:00Z';
  const textKey = vpcFlowKey('111122223333', 'us-east-1', 'fl-0a1b2c3d4e5f60001', day, '0000aaaa');
  const parquetKey = vpcFlowKey('111122223333', 'us-east-1', 'fl-0a1b2c3d4e5f60001', day, '0000bbbb').replace(/\.log\.gz$/, '.log.parquet');
  const rows = [vpcFlowRow(), vpcFlowRow({ srcport: 22, action: 'REJECT', 'log-status': 'OK' })];
  const cols = V2_FIELDS.map((f) => `"${f.replaceAll('-', '_')}"`);
  const values = rows.map((r) => `(${V2_FIELDS.map((f) => (typeof r[f] === 'number' ? String(r[f]) : `'${String(r[f])}'`)).join(', ')})`);
  // Parquet types of AWS's flow logs: integers for numbers, strings otherwise; a null is a missing value.
  const parquet = await parquetOf(`SELECT version::INT AS version, account_id, interface_id, srcaddr, dstaddr, srcport::INT AS srcport, dstport::INT AS dstport,
    protocol::BIGINT AS protocol, packets::BIGINT AS packets, bytes::BIGINT AS bytes, start::BIGINT AS start, "end"::BIGINT AS "end", action, log_status
    FROM (VALUES ${values.join(', ')}) v(${cols.join(', ')})`);
  await seedBucket(endpoint, name, [{ key: textKey, body: vpcFlowObject(V2_FIELDS, rows) }, { key: parquetKey, body: parquet }]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([motoBucket(endpoint, 'vpcflow', name, { onlyLogsAfter: '2026-11-22' })]), { now: () => new Date('2026-11-22T12:00:00Z') });
  assert.deepEqual([result.failed, result.stats.objects, result.stats.events], [false, 2, 4], result.stats.failures.join('\n'));
  const messages = await storedMessages(store);
  const fromText = messages.filter((m) => m.includes(textKey));
  const fromParquet = messages.filter((m) => m.includes(parquetKey)).map((m) => m.replace(parquetKey, textKey));
  assert.equal(fromText.length, 2);
  assert.deepEqual(fromParquet, fromText);
  assert.match(fromText[0]!, /"srcport":"22",.*"start":"2024-03-05T12:00:00Z","end":"2024-03-05T12:01:00Z","action":"REJECT","log_status":"OK","source":"vpc","aws_account_id":"111122223333","flow_log_id":"fl-0a1b2c3d4e5f60001"/);
});
