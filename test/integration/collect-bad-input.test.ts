/**
 * Bad input while collecting, against moto through the real SDK: every kind of broken object
 * gets a clear error naming bucket and key (and record or line), is never marked read, and
 * nothing else is lost — with skip_on_error the run goes on, without it the run stops.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { motoEndpoint } from '../helpers/moto.ts';
import { seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { block, motoBucket, processedKeys, runOnce, tempStore } from '../helpers/collect.ts';
import { firstN, isList, s3Error, startFaultProxy } from '../helpers/fault-proxy.ts';
import { createS3Source } from '../../src/sources/index.ts';
import { cloudTrailKey, cloudTrailObject, cloudTrailRecord, gzip, V2_FIELDS, vpcFlowKey, vpcFlowObject, vpcFlowRow } from '../fixtures/index.ts';

const A1 = '111122223333';
const now = () => new Date('2024-03-05T23:00:00Z');
const at = (hhmm: string) => `2024-03-05T${hhmm}:00Z`;
const good = (hhmm: string, id: string) => ({ key: cloudTrailKey(A1, 'us-east-1', at(hhmm)), body: cloudTrailObject([cloudTrailRecord({ eventID: id })]) });

function badCloudTrailObjects() {
  const valid = cloudTrailObject([cloudTrailRecord({ eventID: 'x' })]);
  return {
    corrupt: { key: cloudTrailKey(A1, 'us-east-1', at('10:05')), body: Buffer.concat([valid.subarray(0, 20), Buffer.from('garbage-garbage-garbage'), valid.subarray(43)]) },
    truncated: { key: cloudTrailKey(A1, 'us-east-1', at('10:10')), body: valid.subarray(0, Math.floor(valid.length / 2)) },
    invalidJson: { key: cloudTrailKey(A1, 'us-east-1', at('10:15')), body: gzip('{"Records":[{"eventID":"a"},{"eventID": nope}]}') },
    noRecords: { key: cloudTrailKey(A1, 'us-east-1', at('10:20')), body: gzip('{"Events":[{"eventID":"a"}]}') },
    tooLarge: { key: cloudTrailKey(A1, 'us-east-1', at('10:25')), body: gzip(JSON.stringify({ Records: [{ eventID: 'big', blob: 'x'.repeat(5 * 1024 * 1024) }] })) },
    junk: { key: cloudTrailKey(A1, 'us-east-1', at('10:30')), body: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)) },
  };
}

const EXPECTED_CODES = ['FORMAT_BAD_GZIP', 'FORMAT_BAD_GZIP', 'FORMAT_BAD_JSON', 'FORMAT_NO_RECORDS', 'FORMAT_RECORD_TOO_LARGE', 'FORMAT_BINARY'];

test('CloudTrail: with skip_on_error every bad object is reported and skipped, the good ones are stored', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('bad-ct-skip');
  const bad = badCloudTrailObjects();
  const goods = [good('10:00', 'g1'), good('10:35', 'g2')];
  await seedBucket(endpoint, name, [...goods, ...Object.values(bad)]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([motoBucket(endpoint, 'cloudtrail', name, { onlyLogsAfter: '2024-03-05' })], true), { now });
  assert.deepEqual([result.stats.objects, result.stats.events, result.stats.errors, result.failed], [2, 2, 6, false]);
  assert.deepEqual(await processedKeys(store), goods.map((g) => g.key).sort());
  const errors = await store.query('SELECT log_key, code, message FROM object_errors ORDER BY log_key');
  assert.deepEqual(errors.map((e) => e.code), EXPECTED_CODES);
  for (const e of errors) {
    assert.ok(String(e.message).includes(`bucket '${name}'`), String(e.message));
    assert.ok(String(e.message).includes(`key '${String(e.log_key)}'`), String(e.message));
  }
  const json = errors.find((e) => e.code === 'FORMAT_BAD_JSON');
  assert.match(String(json?.message), /record 2/);
  // The next run tries the bad objects again (they were not marked read) and still reads nothing twice.
  const again = await runOnce(store, block([motoBucket(endpoint, 'cloudtrail', name, { onlyLogsAfter: '2024-03-05' })], true), { now });
  assert.deepEqual([again.stats.objects, again.stats.errors], [0, 6]);
  assert.equal(await store.countEvents(), 2);
});

test('CloudTrail: without skip_on_error the run stops non-zero, keeps what was read, and leaves the bad object unread', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('bad-ct-stop');
  const bad = badCloudTrailObjects();
  const first = good('10:00', 'g1');
  await seedBucket(endpoint, name, [first, bad.invalidJson]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([motoBucket(endpoint, 'cloudtrail', name, { onlyLogsAfter: '2024-03-05' })], false), { now, concurrency: 1 });
  assert.equal(result.failed, true);
  assert.equal(result.stats.objects, 1);
  assert.equal(result.stats.errors, 1);
  assert.match(result.stats.failures[0] ?? '', /^FORMAT_BAD_JSON: bucket '.*', key '.*', record 2/);
  assert.deepEqual(await processedKeys(store), [first.key]);
  assert.equal(await store.countEvents(), 1);
});

test('CloudTrail: without skip_on_error an object waiting for a slot when the run fails is not started', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('bad-ct-wait');
  const bad = badCloudTrailObjects();
  // One slot: the good object is listed while the bad one is read, and waits for its slot.
  await seedBucket(endpoint, name, [bad.invalidJson, good('10:35', 'g2')]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([motoBucket(endpoint, 'cloudtrail', name, { onlyLogsAfter: '2024-03-05' })], false), { now, concurrency: 1 });
  assert.deepEqual([result.failed, result.stats.objects, result.stats.errors], [true, 0, 1]);
  assert.deepEqual(await processedKeys(store), []);
  assert.equal(await store.countEvents(), 0);
});

test('VPC flow logs: a file without a header and a line with the wrong column count are reported with key and line', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('bad-vpc');
  const fl = 'fl-0123456789abcdef0';
  const goodKey = vpcFlowKey(A1, 'us-east-1', fl, at('10:00'));
  const noHeaderKey = vpcFlowKey(A1, 'us-east-1', fl, at('10:05'));
  const columnsKey = vpcFlowKey(A1, 'us-east-1', fl, at('10:10'));
  const header = V2_FIELDS.join(' ');
  await seedBucket(endpoint, name, [
    { key: goodKey, body: vpcFlowObject(V2_FIELDS, [vpcFlowRow(), vpcFlowRow({ dstport: 22 })]) },
    { key: noHeaderKey, body: gzip('2 111122223333 eni-0a1b2c3d4e5f60101 203.0.113.12 10.0.1.10 49152 443 6 10 840 1709640000 1709640060 ACCEPT OK\n') },
    { key: columnsKey, body: gzip(`${header}\n2 111122223333 eni-0a1b2c3d4e5f60101 203.0.113.12 10.0.1.10 49152 443 6 10 840 1709640000 1709640060 ACCEPT OK\n2 111122223333 eni-x 1.2.3.4\n`) },
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([motoBucket(endpoint, 'vpcflow', name, { onlyLogsAfter: '2024-03-05' })], true), { now });
  assert.deepEqual([result.stats.objects, result.stats.events, result.stats.errors], [1, 2, 2]);
  const errors = await store.query('SELECT log_key, code, message FROM object_errors ORDER BY log_key');
  assert.deepEqual(errors.map((e) => [e.log_key, e.code]), [[noHeaderKey, 'FORMAT_FLOW_NO_HEADER'], [columnsKey, 'FORMAT_FLOW_COLUMNS']]);
  assert.match(String(errors[1]?.message), /line 3/);
  // The partial object's first line was not stored: its transaction was rolled back.
  assert.equal(await store.countEvents(), 2);
});

test('a missing bucket fails that bucket with SOURCE_BUCKET_NOT_FOUND and the other buckets of the block still run', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('present');
  await seedBucket(endpoint, name, [good('10:00', 'g1')]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, block([
    motoBucket(endpoint, 'cloudtrail', uniqueBucket('missing'), { onlyLogsAfter: '2024-03-05' }),
    motoBucket(endpoint, 'cloudtrail', name, { onlyLogsAfter: '2024-03-05' }),
  ]), { now });
  assert.equal(result.failed, true);
  assert.equal(result.stats.objects, 1);
  assert.match(result.stats.failures[0] ?? '', /^SOURCE_BUCKET_NOT_FOUND: bucket 'missing-/);
});

test('denied credentials fail the bucket with SOURCE_ACCESS_DENIED; throttling and 5xx are retried until the objects are read', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('faults');
  await seedBucket(endpoint, name, [good('10:00', 'g1'), good('10:05', 'g2'), good('10:10', 'g3')]);
  const isGet = (r: { method: string; url: string }) => r.method === 'GET' && !r.url.includes('list-type=2');

  const denied = await startFaultProxy(endpoint, firstN(100, s3Error(403, 'AccessDenied', 'Access Denied'), isList));
  t.after(() => denied.close());
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const bucket = motoBucket(denied.endpoint, 'cloudtrail', name, { onlyLogsAfter: '2024-03-05' });
  const refused = await runOnce(store, block([bucket]), { now });
  assert.equal(refused.failed, true);
  assert.match(refused.stats.failures[0] ?? '', /^SOURCE_ACCESS_DENIED: bucket '/);
  assert.doesNotMatch(refused.stats.failures[0] ?? '', /testing/);

  let served = 0;
  const flaky = await startFaultProxy(endpoint, (req) => {
    if (!isGet(req) || served >= 4) return undefined;
    served += 1;
    return served % 2 === 0 ? s3Error(503, 'SlowDown', 'Please reduce your request rate.') : s3Error(500, 'InternalError', 'We encountered an internal error.');
  });
  t.after(() => flaky.close());
  const ok = await runOnce(store, block([motoBucket(flaky.endpoint, 'cloudtrail', name, { onlyLogsAfter: '2024-03-05' })]), {
    now, concurrency: 1, sourceFor: (b) => createS3Source({ bucket: b.name, auth: b, maxAttempts: 5 }),
  });
  assert.deepEqual([ok.stats.objects, ok.stats.errors, ok.failed], [3, 0, false]);
  assert.equal(served, 4);
  assert.equal(flaky.requests.filter((r) => r.faulted).length, 4);
});

test('an object deleted between the listing and its download is skipped without failing the run', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('vanishing');
  const objects = [good('10:00', 'g1'), good('10:05', 'g2'), good('10:10', 'g3')];
  await seedBucket(endpoint, name, objects);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  // A real S3 source whose listing deletes the second object (in moto) just after listing it.
  const sourceFor = (b: { name: string }) => {
    const s3 = createS3Source({ bucket: b.name, auth: motoBucket(endpoint, 'cloudtrail', b.name), maxAttempts: 2 });
    return {
      ...s3, bucket: s3.bucket, check: () => s3.check(), listPrefixes: (p: string) => s3.listPrefixes(p), getObject: (k: string) => s3.getObject(k), deleteObject: (k: string) => s3.deleteObject(k),
      async *listObjects(prefix: string, after?: string) {
        for await (const o of s3.listObjects(prefix, after)) {
          if (o.key === objects[1]!.key) await s3.deleteObject(o.key);
          yield o;
        }
      },
    };
  };
  const result = await runOnce(store, block([motoBucket(endpoint, 'cloudtrail', name, { onlyLogsAfter: '2024-03-05' })], false), { now, concurrency: 1, sourceFor });
  assert.deepEqual([result.stats.objects, result.stats.errors, result.failed], [2, 0, false]);
  assert.deepEqual(await processedKeys(store), [objects[0]!.key, objects[2]!.key]);
});
