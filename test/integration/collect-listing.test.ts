/**
 * Listing of CloudTrail and VPC flow-log buckets against moto, through the real SDK: scopes,
 * markers, late arrivals, pagination, path/suffix/organization layouts, only_logs_after,
 * remove_from_bucket, discard_regex and reparse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { S3Client, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { motoEndpoint } from '../helpers/moto.ts';
import { motoAuth, seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { block, motoBucket, processedKeys, runOnce, tempStore } from '../helpers/collect.ts';
import { awsClientConfig } from '../../src/sources/index.ts';
import { cloudTrailKey, cloudTrailObject, cloudTrailRecord, V2_FIELDS, vpcFlowKey, vpcFlowObject, vpcFlowRow } from '../fixtures/index.ts';

const A1 = '111122223333';
const A2 = '444455556666';

function trail(account: string, region: string, time: string, n = 2, prefix = ''): { key: string; body: Buffer } {
  const records = Array.from({ length: n }, (_, i) => cloudTrailRecord({ eventID: `${account}-${region}-${time}-${i}`, eventTime: time.replace(/\.\d+Z$/, 'Z'), awsRegion: region, recipientAccountId: account }));
  return { key: prefix + cloudTrailKey(account, region, time), body: cloudTrailObject(records) };
}

async function put(endpoint: string, bucket: string, objects: { key: string; body: Buffer }[]): Promise<void> {
  const client = new S3Client(awsClientConfig(motoAuth(endpoint), { service: 's3' }));
  for (const o of objects) await client.send(new PutObjectCommand({ Bucket: bucket, Key: o.key, Body: o.body }));
  client.destroy();
}

test('CloudTrail: every account and region is discovered; a second run reads nothing; new and late objects are read', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('ct-scopes');
  const objects = [
    trail(A1, 'us-east-1', '2024-03-05T10:05:00Z'), trail(A1, 'us-east-1', '2024-03-05T10:10:00Z'),
    trail(A1, 'eu-west-1', '2024-03-05T10:05:00Z'), trail(A2, 'us-east-1', '2024-03-06T00:05:00Z'),
    trail(A2, 'us-gov-west-1', '2024-03-05T11:00:00Z'),
  ];
  await seedBucket(endpoint, name, objects);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const wodle = block([motoBucket(endpoint, 'cloudtrail', name, { onlyLogsAfter: '2024-03-05' })]);
  const now = () => new Date('2024-03-06T12:00:00Z');

  const first = await runOnce(store, wodle, { now });
  assert.deepEqual([first.stats.objects, first.stats.events, first.stats.errors, first.failed], [5, 10, 0, false]);
  const byScope = await store.query('SELECT account_id, region, count(*) AS n FROM events GROUP BY 1, 2 ORDER BY 1, 2');
  assert.deepEqual(byScope, [
    { account_id: A1, region: 'eu-west-1', n: 2 }, { account_id: A1, region: 'us-east-1', n: 4 },
    { account_id: A2, region: 'us-east-1', n: 2 }, { account_id: A2, region: 'us-gov-west-1', n: 2 },
  ]);

  const second = await runOnce(store, wodle, { now });
  assert.deepEqual([second.stats.objects, second.stats.events], [0, 0]);

  // A new object after the newest key, and a late one that sorts before keys already read
  // (CloudTrail delivers some files after newer ones).
  const late = trail(A1, 'us-east-1', '2024-03-05T10:07:00Z');
  const newer = trail(A1, 'us-east-1', '2024-03-06T11:00:00Z');
  await put(endpoint, name, [late, newer]);
  const third = await runOnce(store, wodle, { now });
  assert.deepEqual([third.stats.objects, third.stats.events], [2, 4]);
  assert.ok((await processedKeys(store)).includes(late.key));
  assert.equal(await store.countEvents(), 14);
});

test('without only_logs_after the first run reads today (UTC) only', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('ct-today');
  const yesterday = trail(A1, 'us-east-1', '2024-03-05T23:55:00Z');
  const today = trail(A1, 'us-east-1', '2024-03-06T00:05:00Z');
  await seedBucket(endpoint, name, [yesterday, today]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([motoBucket(endpoint, 'cloudtrail', name)]), { now: () => new Date('2024-03-06T08:00:00Z') });
  assert.equal(result.stats.objects, 1);
  assert.deepEqual(await processedKeys(store), [today.key]);
});

test('a scope with more than 1000 objects is read completely across listing pages', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('ct-pages');
  const base = Date.parse('2024-03-05T00:00:00Z');
  const objects = Array.from({ length: 1105 }, (_, i) => trail(A1, 'us-east-1', new Date(base + i * 60_000).toISOString(), 1));
  await seedBucket(endpoint, name, objects);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([motoBucket(endpoint, 'cloudtrail', name, { onlyLogsAfter: '2024-03-05' })]), { now: () => new Date('2024-03-05T23:00:00Z') });
  assert.deepEqual([result.stats.objects, result.stats.events, result.stats.errors], [1105, 1105, 0]);
  assert.equal((await store.query('SELECT count(DISTINCT log_key) AS n FROM processed_objects'))[0]?.n, 1105);
});

test('path, path_suffix and aws_organization_id compose the prefix; accounts and regions can be given', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('ct-org');
  const org = 'o-abcdefghij';
  const prefix = (acct: string, region: string, time: string) => trail(acct, region, time, 1, '');
  const objects = [
    prefix(A1, 'us-east-1', '2024-03-05T01:00:00Z'), prefix(A2, 'us-east-1', '2024-03-05T01:00:00Z'), prefix(A2, 'eu-west-1', '2024-03-05T01:00:00Z'),
  ].map((o) => ({ key: `team/logs/AWSLogs/sfx/${org}/${o.key.slice('AWSLogs/'.length)}`, body: o.body }));
  // An object outside the prefix that must not be read.
  objects.push({ key: `AWSLogs/${cloudTrailKey(A1, 'us-east-1', '2024-03-05T02:00:00Z').slice('AWSLogs/'.length)}`, body: trail(A1, 'us-east-1', '2024-03-05T02:00:00Z').body });
  await seedBucket(endpoint, name, objects);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const now = () => new Date('2024-03-05T12:00:00Z');
  const all = await runOnce(store, block([motoBucket(endpoint, 'cloudtrail', name, { path: 'team/logs/', pathSuffix: 'sfx/', awsOrganizationId: org, onlyLogsAfter: '2024-03-01' })]), { now });
  assert.deepEqual([all.stats.objects, all.stats.errors], [3, 0]);

  const { store: store2, cleanup: cleanup2 } = await tempStore();
  t.after(cleanup2);
  const some = await runOnce(store2, block([motoBucket(endpoint, 'cloudtrail', name, {
    path: 'team/logs/', pathSuffix: 'sfx/', awsOrganizationId: org, onlyLogsAfter: '2024-03-01', awsAccountIds: [A2], regions: ['eu-west-1'],
  })]), { now });
  assert.equal(some.stats.objects, 1);
  assert.deepEqual((await store2.query('SELECT DISTINCT account_id, region FROM events')), [{ account_id: A2, region: 'eu-west-1' }]);
});

test('remove_from_bucket deletes each object after its events are stored; discard_regex drops matching records', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('ct-remove');
  const records = [
    cloudTrailRecord({ eventID: 'keep-1', eventName: 'CreateUser', eventSource: 'iam.amazonaws.com' }),
    cloudTrailRecord({ eventID: 'drop-1', eventName: 'DescribeInstances' }),
    cloudTrailRecord({ eventID: 'drop-2', eventName: 'DescribeVpcs' }),
  ];
  const key = cloudTrailKey(A1, 'us-east-1', '2024-03-05T10:00:00Z');
  await seedBucket(endpoint, name, [{ key, body: cloudTrailObject(records) }]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([motoBucket(endpoint, 'cloudtrail', name, {
    onlyLogsAfter: '2024-03-05', removeFromBucket: true, discardRegex: { field: 'eventName', pattern: 'Describe', regex: /(?<![\s\S])(?:Describe)/ },
  })]), { now: () => new Date('2024-03-05T12:00:00Z') });
  assert.deepEqual([result.stats.objects, result.stats.events], [1, 1]);
  assert.deepEqual(await store.query('SELECT event_name FROM events'), [{ event_name: 'CreateUser' }]);
  const client = new S3Client(awsClientConfig(motoAuth(endpoint), { service: 's3' }));
  t.after(() => client.destroy());
  const left = await client.send(new ListObjectsV2Command({ Bucket: name }));
  assert.equal(left.KeyCount, 0);
});

test('reparse reads objects again and replaces their events instead of duplicating them', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('ct-reparse');
  await seedBucket(endpoint, name, [trail(A1, 'us-east-1', '2024-03-05T10:00:00Z', 3), trail(A1, 'us-east-1', '2024-03-05T11:00:00Z', 2)]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const wodle = block([motoBucket(endpoint, 'cloudtrail', name, { onlyLogsAfter: '2024-03-05' })]);
  const now = () => new Date('2024-03-05T12:00:00Z');
  await runOnce(store, wodle, { now });
  const again = await runOnce(store, wodle, { now, reparse: true });
  assert.deepEqual([again.stats.objects, again.stats.events], [2, 5]);
  assert.equal(await store.countEvents(), 5);
});

test('VPC flow logs: flow-log ids come from the keys, so a central bucket of other accounts works', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('vpc-central');
  const rows = [vpcFlowRow(), vpcFlowRow({ srcaddr: '198.51.100.23', dstport: 22, action: 'REJECT' })];
  const objects = [
    { key: vpcFlowKey(A1, 'us-east-1', 'fl-0123456789abcdef0', '2024-03-05T10:00:00Z'), body: vpcFlowObject(V2_FIELDS, rows) },
    { key: vpcFlowKey(A2, 'eu-west-1', 'fl-0fedcba9876543210', '2024-03-05T10:00:00Z'), body: vpcFlowObject(V2_FIELDS, rows.map((r) => ({ ...r, 'account-id': A2 }))) },
  ];
  await seedBucket(endpoint, name, objects);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([motoBucket(endpoint, 'vpcflow', name, { onlyLogsAfter: '2024-03-05' })]), { now: () => new Date('2024-03-05T12:00:00Z') });
  assert.deepEqual([result.stats.objects, result.stats.events, result.stats.errors], [2, 4, 0]);
  assert.deepEqual(await store.query('SELECT flow_log_id, account_id FROM processed_objects ORDER BY 1'), [
    { flow_log_id: 'fl-0123456789abcdef0', account_id: A1 }, { flow_log_id: 'fl-0fedcba9876543210', account_id: A2 },
  ]);
  assert.deepEqual(await store.query("SELECT src_ip, dst_port, action FROM events WHERE action = 'REJECT' ORDER BY account_id"), [
    { src_ip: '198.51.100.23', dst_port: 22, action: 'REJECT' }, { src_ip: '198.51.100.23', dst_port: 22, action: 'REJECT' },
  ]);
});

test('the read-state stays bounded: only the late window behind the newest object is kept', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('ct-bounded');
  const days = Array.from({ length: 10 }, (_, i) => `2024-03-${String(i + 1).padStart(2, '0')}`);
  await seedBucket(endpoint, name, days.flatMap((d) => [trail(A1, 'us-east-1', `${d}T06:00:00Z`, 1), trail(A1, 'us-east-1', `${d}T18:00:00Z`, 1)]));
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const wodle = block([motoBucket(endpoint, 'cloudtrail', name, { onlyLogsAfter: '2024-03-01' })]);
  const result = await runOnce(store, wodle, { now: () => new Date('2024-03-10T20:00:00Z') });
  assert.equal(result.stats.objects, 20);
  // Newest object on 03-10: the window (2 days) plus one more day is kept, 03-07 to 03-10.
  const kept = await store.query('SELECT DISTINCT created_date FROM processed_objects ORDER BY 1');
  assert.deepEqual(kept.map((r) => String(r.created_date).slice(0, 10)), ['2024-03-07', '2024-03-08', '2024-03-09', '2024-03-10']);
  // Pruned state does not make old objects look new: the next run reads nothing.
  const again = await runOnce(store, wodle, { now: () => new Date('2024-03-10T21:00:00Z') });
  assert.equal(again.stats.objects, 0);
  assert.equal(await store.countEvents(), 20);
});
