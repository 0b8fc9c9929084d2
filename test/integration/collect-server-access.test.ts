/**
 * S3 server access log buckets against moto through the real SDK: the simple key format under a
 * prefix and the date-partitioned one (one scope per source bucket), golden messages, state,
 * late objects (event-time partitions), only_logs_after, bad lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { motoEndpoint } from '../helpers/moto.ts';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { motoAuth, seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { awsClientConfig } from '../../src/sources/index.ts';
import { putObjects } from '../helpers/s3-put.ts';
import { block, motoBucket, processedKeys, runOnce, tempStore } from '../helpers/collect.ts';
import { storedTexts } from '../helpers/stored.ts';
import { serverAccessKey, serverAccessLine } from '../fixtures/dated-types.ts';

const ACCT = '111122223333';
const now = () => new Date('2024-03-06T12:00:00Z');

test('server_access, simple keys: golden message, the day before only_logs_after skipped, other prefixes ignored, nothing twice', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('s3al');
  const a = serverAccessKey('access/', '2024-03-05T10:00:00Z', 'A1B2C3D4E5F60718');
  const b = serverAccessKey('access/', '2024-03-05T10:05:00Z', 'B1B2C3D4E5F60718');
  const old = serverAccessKey('access/', '2024-03-04T23:59:00Z', 'C1B2C3D4E5F60718');
  await seedBucket(endpoint, name, [
    { key: a, body: `${serverAccessLine('2024-03-05T09:59:01Z', 'a.jpg', '200', 'REQ1')}\n${serverAccessLine('2024-03-05T09:59:02Z', 'b.jpg', '403', 'REQ2')}\n` },
    { key: b, body: serverAccessLine('2024-03-05T10:04:00Z', 'c.jpg', '200', 'REQ3') },
    { key: old, body: serverAccessLine('2024-03-04T23:58:00Z', 'd.jpg', '200', 'REQ4') },
    { key: 'other/2024-03-05-10-00-00-AAAA', body: 'not read' },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const wodle = block([motoBucket(endpoint, 'server_access', name, { path: 'access/', onlyLogsAfter: '2024-03-05' })]);
  const first = await runOnce(store, wodle, { now });
  assert.deepEqual([first.stats.objects, first.stats.events, first.stats.errors], [2, 3, 0]);
  assert.deepEqual(await processedKeys(store), [a, b]);
  const texts = await storedTexts(store);
  assert.equal(
    texts[0],
    `{"integration":"aws","aws":{"log_info":{"aws_account_alias":"","log_file":"${a}","s3bucket":"${name}"},"bucket_owner":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be","bucket":"media","time":"05/Mar/2024:09:59:01 +0000","remote_ip":"192.0.2.3","requester":"arn:aws:iam::111122223333:user/carol","request_id":"REQ1","operation":"REST.GET.OBJECT","key":"a.jpg","request_uri":"GET /media/a.jpg HTTP/1.1","http_status":"200","error_code":"-","bytes_sent":"2662992","object_sent":"3462992","total_time":"70","turn_around_time":"10","referer":"-","user_agent":"aws-cli/2.15.0 md/Botocore#1.34","version_id":"-","host_id":"hostid=","signature_version":"SigV4","cipher_suite":"TLS_AES_128_GCM_SHA256","authentication_type":"AuthHeader","host_header":"media.s3.us-east-1.amazonaws.com","tls_version":"TLSv1.3","access_point_arn":"-","acl_required":"-","source_region":"us-east-1","source":"s3_server_access"}}`,
  );
  const cols = await store.query('SELECT ts, src_ip, action, event_name, user_name, bytes FROM events_v ORDER BY log_key, id LIMIT 2');
  assert.deepEqual(cols, [
    { ts: '2024-03-05T09:59:01.000Z', src_ip: '192.0.2.3', action: '200', event_name: 'REST.GET.OBJECT', user_name: 'carol', bytes: 2662992 },
    { ts: '2024-03-05T09:59:02.000Z', src_ip: '192.0.2.3', action: '403', event_name: 'REST.GET.OBJECT', user_name: 'carol', bytes: 2662992 },
  ]);
  assert.equal((await runOnce(store, wodle, { now })).stats.objects, 0);
  const newer = serverAccessKey('access/', '2024-03-06T01:00:00Z', 'D1B2C3D4E5F60718');
  await putObjects(endpoint, name, [{ key: newer, body: serverAccessLine('2024-03-06T00:59:00Z', 'e.jpg', '200', 'REQ5') }]);
  const third = await runOnce(store, wodle, { now });
  assert.deepEqual([third.stats.objects, third.stats.events], [1, 1]);
});

test('server_access, date-partitioned keys: one scope per source bucket, account and region from the key, late objects found', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('s3al-part');
  const media = { account: ACCT, region: 'us-east-1', bucket: 'media' };
  const backups = { account: ACCT, region: 'eu-west-1', bucket: 'backups' };
  const m1 = serverAccessKey('logs/', '2024-03-06T10:00:00Z', 'M1', media);
  const b1 = serverAccessKey('logs/', '2024-03-06T10:00:00Z', 'B1', backups);
  await seedBucket(endpoint, name, [
    { key: m1, body: serverAccessLine('2024-03-06T09:59:00Z', 'a.jpg', '200', 'R1') },
    { key: b1, body: serverAccessLine('2024-03-06T09:59:00Z', 'db.dump', '200', 'R2') },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const wodle = block([motoBucket(endpoint, 'server_access', name, { path: 'logs/' })]);
  const first = await runOnce(store, wodle, { now });
  assert.deepEqual([first.stats.objects, first.stats.events], [2, 2]);
  assert.deepEqual(await store.query('SELECT account_id, region, event_name FROM events_v ORDER BY log_key'), [
    { account_id: ACCT, region: 'eu-west-1', event_name: 'REST.GET.OBJECT' },
    { account_id: ACCT, region: 'us-east-1', event_name: 'REST.GET.OBJECT' },
  ]);
  // With event-time partitioning a log of yesterday's requests lands in yesterday's folder after
  // today's objects were read: it is still found, and only once.
  const late = serverAccessKey('logs/', '2024-03-05T23:00:00Z', 'M0', media);
  await putObjects(endpoint, name, [{ key: late, body: serverAccessLine('2024-03-05T22:59:00Z', 'z.jpg', '404', 'R0') }]);
  const second = await runOnce(store, wodle, { now });
  assert.deepEqual([second.stats.objects, second.stats.events], [1, 1]);
  assert.equal((await runOnce(store, wodle, { now })).stats.objects, 0);
  // <regions> selects source-bucket folders by region.
  const { store: only, cleanup: done } = await tempStore();
  t.after(done);
  const filtered = await runOnce(only, block([motoBucket(endpoint, 'server_access', name, { path: 'logs/', regions: ['eu-west-1'], onlyLogsAfter: '2024-03-01' })]), { now });
  assert.deepEqual([filtered.stats.objects, filtered.stats.events], [1, 1]);
});

test('server_access: a bad line names the object and line', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('s3al-bad');
  const bad = serverAccessKey('', '2024-03-06T10:00:00Z', 'BAD');
  await seedBucket(endpoint, name, [{ key: bad, body: `${serverAccessLine('2024-03-06T09:59:00Z', 'a', '200', 'R')}\nowner media [06/Mar/2024:09:59:00 +0000 broken\n` }]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const run = await runOnce(store, block([motoBucket(endpoint, 'server_access', name)]), { now });
  assert.deepEqual(run.stats.failures, [`FORMAT_BAD_RECORD: bucket '${name}', key '${bad}', line 2: unterminated quoted or bracketed field`]);
  assert.equal(await store.countEvents(), 0);
});

test('server_access: reparse reads again without duplicating; remove_from_bucket deletes what was stored', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('s3al-rm');
  const keys = [serverAccessKey('', '2024-03-06T10:00:00Z', 'K1'), serverAccessKey('', '2024-03-06T10:01:00Z', 'K2')];
  await seedBucket(endpoint, name, keys.map((key, i) => ({ key, body: serverAccessLine('2024-03-06T09:59:00Z', `o${i}`, '200', `R${i}`) })));
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const bucket = motoBucket(endpoint, 'server_access', name);
  assert.equal((await runOnce(store, block([bucket]), { now })).stats.events, 2);
  const again = await runOnce(store, block([bucket]), { now, reparse: true });
  assert.deepEqual([again.stats.objects, again.stats.events], [2, 2]);
  assert.equal(await store.countEvents(), 2);
  const removing = await runOnce(store, block([{ ...bucket, removeFromBucket: true }]), { now, reparse: true });
  assert.equal(removing.stats.objects, 2);
  const client = new S3Client(awsClientConfig(motoAuth(endpoint), { service: 's3' }));
  t.after(() => client.destroy());
  const left = await client.send(new ListObjectsV2Command({ Bucket: name }));
  assert.equal(left.KeyCount, 0);
  assert.equal(await store.countEvents(), 2);
});
