/**
 * VPC flow logs delivered with hourly partitions (`…/YYYY/MM/DD/HH/`) and with Hive-compatible
 * prefixes (`AWSLogs/aws-account-id=…/aws-service=vpcflowlogs/aws-region=…/year=…/month=…/day=…/
 * [hour=…/]`), against moto: discovery, state per scope, resume and late files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { motoEndpoint } from '../helpers/moto.ts';
import { motoAuth, seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { block, motoBucket, processedKeys, runOnce, tempStore } from '../helpers/collect.ts';
import { awsClientConfig } from '../../src/sources/index.ts';
import { V2_FIELDS, vpcFlowKey, vpcFlowObject, vpcFlowRow } from '../fixtures/index.ts';

const A1 = '111122223333';
const A2 = '444455556666';
const FL1 = 'fl-0123456789abcdef0';
const FL2 = 'fl-0fedcba9876543210';

/** The key of a flow-log file in the hourly layout: `…/YYYY/MM/DD/HH/<file>`. */
function hourlyKey(account: string, region: string, flowLogId: string, time: string): string {
  const key = vpcFlowKey(account, region, flowLogId, time);
  const slash = key.lastIndexOf('/');
  return `${key.slice(0, slash)}/${time.slice(11, 13)}${key.slice(slash)}`;
}

/** The key of a flow-log file with Hive-compatible prefixes (optionally per hour). */
function hiveKey(account: string, region: string, flowLogId: string, time: string, hourly = false): string {
  const file = vpcFlowKey(account, region, flowLogId, time).split('/').pop()!;
  const [y, m, d] = time.slice(0, 10).split('-');
  const hour = hourly ? `hour=${time.slice(11, 13)}/` : '';
  return `AWSLogs/aws-account-id=${account}/aws-service=vpcflowlogs/aws-region=${region}/year=${y}/month=${m}/day=${d}/${hour}${file}`;
}

const body = (account: string, srcport: number) => vpcFlowObject(V2_FIELDS, [vpcFlowRow({ 'account-id': account, srcport })]);

test('VPC flow logs in hourly and Hive-compatible layouts are all read, each scope with its own state', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('vpc-hive');
  const objects = [
    { key: hourlyKey(A1, 'us-east-1', FL1, '2024-03-05T10:05:00Z'), body: body(A1, 1) },
    { key: hourlyKey(A1, 'us-east-1', FL1, '2024-03-05T23:55:00Z'), body: body(A1, 2) },
    { key: hiveKey(A2, 'eu-west-1', FL2, '2024-03-05T10:05:00Z'), body: body(A2, 3) },
    { key: hiveKey(A2, 'eu-west-1', FL2, '2024-03-05T11:05:00Z', true), body: body(A2, 4) },
    // Before only_logs_after: not read.
    { key: hiveKey(A2, 'eu-west-1', FL2, '2024-03-01T11:05:00Z', true), body: body(A2, 5) },
  ];
  await seedBucket(endpoint, name, objects);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const wodle = block([motoBucket(endpoint, 'vpcflow', name, { onlyLogsAfter: '2024-03-05' })]);
  const now = () => new Date('2024-03-06T12:00:00Z');

  const first = await runOnce(store, wodle, { now });
  assert.deepEqual([first.stats.objects, first.stats.events, first.stats.errors], [4, 4, 0]);
  assert.deepEqual(await store.query('SELECT bucket_path, account_id, region, flow_log_id, strftime(created_date, \'%Y-%m-%d\') AS day, count(*) AS n FROM processed_objects GROUP BY ALL ORDER BY 1'), [
    { bucket_path: `${name}/AWSLogs/${A1}/vpcflowlogs/us-east-1/`, account_id: A1, region: 'us-east-1', flow_log_id: FL1, day: '2024-03-05', n: 2 },
    { bucket_path: `${name}/AWSLogs/aws-account-id=${A2}/aws-service=vpcflowlogs/aws-region=eu-west-1/`, account_id: A2, region: 'eu-west-1', flow_log_id: FL2, day: '2024-03-05', n: 2 },
  ]);
  assert.deepEqual(await store.query('SELECT src_port, account_id, region FROM events ORDER BY src_port'), [
    { src_port: 1, account_id: A1, region: 'us-east-1' }, { src_port: 2, account_id: A1, region: 'us-east-1' },
    { src_port: 3, account_id: A2, region: 'eu-west-1' }, { src_port: 4, account_id: A2, region: 'eu-west-1' },
  ]);
  const [hive] = await store.query('SELECT id FROM events WHERE src_port = 4');
  const message = JSON.parse((await store.getMessage(Number(hive!.id)))!) as { aws: Record<string, unknown> };
  assert.deepEqual([message.aws['source'], message.aws['aws_account_id'], message.aws['flow_log_id'], (message.aws['log_info'] as { log_file: string }).log_file], ['vpc', A2, FL2, objects[3]!.key]);

  const second = await runOnce(store, wodle, { now });
  assert.deepEqual([second.stats.objects, second.stats.events], [0, 0]);

  // Late files: an hour folder that sorts before one already read, in both layouts.
  const client = new S3Client(awsClientConfig(motoAuth(endpoint), { service: 's3' }));
  t.after(() => client.destroy());
  const lateHive = hiveKey(A2, 'eu-west-1', FL2, '2024-03-05T09:05:00Z', true);
  const lateHourly = hourlyKey(A1, 'us-east-1', FL1, '2024-03-05T09:05:00Z');
  await client.send(new PutObjectCommand({ Bucket: name, Key: lateHive, Body: body(A2, 6) }));
  await client.send(new PutObjectCommand({ Bucket: name, Key: lateHourly, Body: body(A1, 7) }));
  const third = await runOnce(store, wodle, { now });
  assert.deepEqual([third.stats.objects, third.stats.events], [2, 2]);
  const keys = await processedKeys(store);
  assert.ok(keys.includes(lateHive) && keys.includes(lateHourly));
  assert.equal(await store.countEvents(), 6);
});

test('configured accounts and regions find Hive-compatible folders; an account with neither layout yields nothing', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('vpc-hive-acct');
  await seedBucket(endpoint, name, [
    { key: hiveKey(A2, 'eu-west-1', FL2, '2024-03-05T10:05:00Z'), body: body(A2, 1) },
    { key: hiveKey(A2, 'us-east-1', FL2, '2024-03-05T10:05:00Z'), body: body(A2, 2) },
    { key: vpcFlowKey(A1, 'eu-west-1', FL1, '2024-03-05T10:05:00Z'), body: body(A1, 3) },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([motoBucket(endpoint, 'vpcflow', name, { onlyLogsAfter: '2024-03-05', awsAccountIds: [A2, '777788889999'], regions: ['eu-west-1'] })]), { now: () => new Date('2024-03-05T12:00:00Z') });
  assert.deepEqual([result.stats.objects, result.stats.errors], [1, 0]);
  assert.deepEqual(await store.query('SELECT src_port FROM events'), [{ src_port: 1 }]);
});
