/**
 * config buckets against moto through the real SDK: history and snapshot files under the unpadded
 * `YYYY/M/D/` folders, listed day folder by day folder (never the whole year), across a month
 * boundary where `2024/9/30` sorts after `2024/10/1`, with resume, late files and bad input.
 * The requests are watched through a pass-through proxy to check what is listed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { motoEndpoint } from '../helpers/moto.ts';
import { motoAuth, seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { block, motoBucket, processedKeys, runOnce, tempStore } from '../helpers/collect.ts';
import { isList, startFaultProxy } from '../helpers/fault-proxy.ts';
import type { FaultProxy } from '../helpers/fault-proxy.ts';
import { awsClientConfig } from '../../src/sources/index.ts';
import { gzip } from '../fixtures/index.ts';
import { configItem, configKey, configObject } from '../fixtures/config.ts';

const A1 = '111122223333';
const SCOPE = `AWSLogs/${A1}/Config/us-east-1/`;

/** The prefixes of the object listings (no delimiter; not the bucket check) the proxy saw from request `from` on. */
function listedPrefixes(proxy: FaultProxy, from = 0): string[] {
  return proxy.requests.slice(from).filter((r) => isList(r) && !r.url.includes('delimiter='))
    .map((r) => new URL(r.url, 'http://x').searchParams.get('prefix') ?? '').filter((p) => p !== '');
}

function item(id: string, time: string): Record<string, unknown> {
  return configItem({ resourceId: id, configurationItemCaptureTime: time });
}

test('config: day folders from only_logs_after, across a month boundary; no repeats; new and late files', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const proxy = await startFaultProxy(endpoint);
  t.after(() => proxy.close());
  const name = uniqueBucket('config-days');
  const objects = [
    { key: configKey(A1, 'us-east-1', '2024-09-29'), body: configObject([item('old', '2024-09-29T10:00:00.000Z')]) },
    { key: configKey(A1, 'us-east-1', '2024-09-30'), body: configObject([item('a', '2024-09-30T10:00:00.000Z'), item('b', '2024-09-30T10:05:00.000Z')]) },
    { key: configKey(A1, 'us-east-1', '2024-10-01'), body: configObject([item('c', '2024-10-01T10:00:00.000Z')]) },
    { key: configKey(A1, 'us-east-1', '2024-10-01', 1, 'ConfigSnapshot'), body: configObject([item('d', '2024-10-01T11:00:00.000Z')], 'snap-1') },
    // Not Config files of the region: the writability check, a stray object.
    { key: `AWSLogs/${A1}/Config/ConfigWritabilityCheckFile`, body: 'x' },
    { key: `${SCOPE}2024/10/1/notes.txt`, body: 'x' },
  ];
  await seedBucket(endpoint, name, objects);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const wodle = block([motoBucket(proxy.endpoint, 'config', name, { onlyLogsAfter: '2024-09-30' })]);
  const day1 = () => new Date('2024-10-01T12:00:00Z');

  const first = await runOnce(store, wodle, { now: day1 });
  assert.deepEqual([first.stats.objects, first.stats.events, first.stats.errors], [3, 4, 0]);
  assert.deepEqual(listedPrefixes(proxy), [`${SCOPE}2024/9/30/`, `${SCOPE}2024/10/1/`]);
  assert.deepEqual(await store.query("SELECT event_name, action, account_id, region, strftime(ts, '%Y-%m-%d %H:%M') AS ts FROM events ORDER BY ts"), [
    { event_name: 'AWS::EC2::Instance', action: 'OK', account_id: A1, region: 'us-east-1', ts: '2024-09-30 10:00' },
    { event_name: 'AWS::EC2::Instance', action: 'OK', account_id: A1, region: 'us-east-1', ts: '2024-09-30 10:05' },
    { event_name: 'AWS::EC2::Instance', action: 'OK', account_id: A1, region: 'us-east-1', ts: '2024-10-01 10:00' },
    { event_name: 'AWS::EC2::Instance', action: 'OK', account_id: A1, region: 'us-east-1', ts: '2024-10-01 11:00' },
  ]);
  const [id] = await store.query("SELECT e.id FROM events_v e WHERE e.log_key LIKE '%ConfigSnapshot%'");
  const snapshot = JSON.parse((await store.getMessage(Number(id!.id)))!) as { aws: Record<string, unknown> };
  assert.deepEqual(snapshot.aws['log_info'], { aws_account_alias: '', log_file: objects[3]!.key, s3bucket: name });
  assert.deepEqual(Object.keys(snapshot.aws).slice(-2), ['source', 'aws_account_id']);
  assert.deepEqual([snapshot.aws['source'], snapshot.aws['aws_account_id'], snapshot.aws['resourceId']], ['config', A1, 'd']);
  assert.deepEqual((snapshot.aws['configuration'] as Record<string, unknown>)['securityGroups'], { groupId: ['sg-0a1b2c3d', 'sg-0e1f2a3b'], groupName: ['web', 'ssh'] });

  // The newest day read is 2024-10-01 although `…/2024/9/30/…` is the greatest key: the next run
  // lists the late window before it (cut at only_logs_after) and today, and reads nothing again.
  let mark = proxy.requests.length;
  const second = await runOnce(store, wodle, { now: day1 });
  assert.deepEqual([second.stats.objects, second.stats.events], [0, 0]);
  assert.deepEqual(listedPrefixes(proxy, mark), [`${SCOPE}2024/9/30/`, `${SCOPE}2024/10/1/`]);

  // A day later: a new file of 10/2 and a late one delivered into 10/1 are read.
  const client = new S3Client(awsClientConfig(motoAuth(endpoint), { service: 's3' }));
  t.after(() => client.destroy());
  const late = configKey(A1, 'us-east-1', '2024-10-01', 2);
  const newer = configKey(A1, 'us-east-1', '2024-10-02', 1);
  await client.send(new PutObjectCommand({ Bucket: name, Key: late, Body: configObject([item('late', '2024-10-01T09:00:00.000Z')]) }));
  await client.send(new PutObjectCommand({ Bucket: name, Key: newer, Body: configObject([item('new', '2024-10-02T09:00:00.000Z')]) }));
  mark = proxy.requests.length;
  const third = await runOnce(store, wodle, { now: () => new Date('2024-10-02T12:00:00Z') });
  assert.deepEqual([third.stats.objects, third.stats.events], [2, 2]);
  assert.deepEqual(listedPrefixes(proxy, mark), [`${SCOPE}2024/9/30/`, `${SCOPE}2024/10/1/`, `${SCOPE}2024/10/2/`]);
  assert.ok((await processedKeys(store)).includes(late));
  assert.equal(await store.countEvents(), 6);
});

test('config: a long span walks the year, month and day folders that exist instead of every day', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const proxy = await startFaultProxy(endpoint);
  t.after(() => proxy.close());
  const name = uniqueBucket('config-walk');
  await seedBucket(endpoint, name, [
    { key: configKey(A1, 'us-east-1', '2023-12-31'), body: configObject([item('before', '2023-12-31T10:00:00.000Z')]) },
    { key: configKey(A1, 'us-east-1', '2024-02-29'), body: configObject([item('leap', '2024-02-29T10:00:00.000Z')]) },
    { key: configKey(A1, 'us-east-1', '2024-10-01'), body: configObject([item('now', '2024-10-01T10:00:00.000Z')]) },
    { key: configKey(A1, 'us-east-1', '2024-10-03'), body: configObject([item('future', '2024-10-03T10:00:00.000Z')]) },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([motoBucket(proxy.endpoint, 'config', name, { onlyLogsAfter: '2024-01-01' })]), { now: () => new Date('2024-10-01T12:00:00Z') });
  assert.deepEqual([result.stats.objects, result.stats.errors], [2, 0]);
  assert.deepEqual(listedPrefixes(proxy), [`${SCOPE}2024/2/29/`, `${SCOPE}2024/10/1/`]);
  // Folder listings: the bucket root, AWSLogs/, the account's regions, the years, 2024's months
  // (2023 is before only_logs_after), then the days of the two months that exist: 7, not 275 days.
  const folderListings = proxy.requests.filter((r) => isList(r) && r.url.includes('delimiter=')).length;
  assert.equal(folderListings, 7);
});

test('config: a file without configurationItems is reported with its key', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('config-bad');
  const bad = configKey(A1, 'us-east-1', '2024-10-01', 1);
  await seedBucket(endpoint, name, [
    { key: bad, body: gzip(JSON.stringify({ fileVersion: '1.0', Records: [] })) },
    { key: configKey(A1, 'us-east-1', '2024-10-01', 2), body: configObject([item('ok', '2024-10-01T10:00:00.000Z')]) },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([motoBucket(endpoint, 'config', name, { onlyLogsAfter: '2024-10-01' })], true), { now: () => new Date('2024-10-01T12:00:00Z') });
  assert.deepEqual([result.stats.objects, result.stats.events, result.stats.errors], [1, 1, 1]);
  assert.deepEqual(result.stats.failures, [`FORMAT_NO_RECORDS: bucket '${name}', key '${bad}': the JSON document has no "configurationItems" array (not an AWS Config history or snapshot file)`]);
});
