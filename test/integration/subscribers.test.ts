/**
 * SQS subscribers against moto (SQS and S3) through the real SDK clients: notifications in every
 * wrapping, URL-encoded keys, every record of a message, redelivery without duplicates, poison
 * messages left to the redrive policy, Security Lake Parquet, Security Hub events, two workers on
 * one queue.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { motoEndpoint } from '../helpers/moto.ts';
import { motoAuth, seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { runOnce, tempStore } from '../helpers/collect.ts';
import { createQueue, eventBridgeObjectCreated, queueDepth, s3Notification, sendMessages, snsWrapped, uniqueQueue } from '../helpers/moto-sqs.ts';
import { FAST_SQS, motoSubscriber, sleep, storedMessages, subscriberBlock } from '../helpers/subscribe.ts';
import { gzip } from '../fixtures/index.ts';
import { parquetOf } from '../fixtures/parquet.ts';
import { createSilentLogger, SourceError } from '../../src/core/index.ts';
import { awsClientConfig } from '../../src/sources/index.ts';
import { awsSubscriberClients } from '../../src/scheduler/index.ts';

/** A 3-second visibility timeout: back-offs of 3 and 6 s outlast a run even on a loaded machine. */
const SLOW_BACKOFF = { ...FAST_SQS, visibilitySeconds: 3 };

const info = (bucket: string, key: string) => `"log_info":{"log_file":${JSON.stringify(key)},"s3bucket":"${bucket}"}`;
const custom = (bucket: string, key: string, body: string) => `{"integration":"aws","aws":{${info(bucket, key)},${body}}}`;

test('buckets: S3, SNS-wrapped and EventBridge notifications; every record; keys decoded; JSON, JSON lines, CSV, plain text and Parquet', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const bucket = uniqueBucket('sub-custom');
  const queue = uniqueQueue('sub-custom');
  const { url } = await createQueue(endpoint, queue);
  await seedBucket(endpoint, bucket, [
    { key: 'in/app one+two.json', body: '{"version":"0","id":"e1","detail-type":"Macie Finding","source":"aws.macie","detail":{"a":1,"n":null,"nested":{"x":null,"y":[null,1]}}}\n {"plain":true,"source":"mine","z":null}' },
    { key: 'in/users.csv', body: 'user,action\r\nalice,login\r\n"bob, jr","say ""hi"""\r\nshort\r\n' },
    { key: 'in/app.log', body: '2026-11-22 10:00:01 started\n\n2026-11-22 10:00:02 ready\n' },
    { key: 'in/batch.jsonl.gz', body: gzip('{"k":1,"z":null,"detail":{"d":1}}\n\n{"k":2}\n') },
    { key: 'in/more.json', body: '{"m":[1]}' },
    { key: 'in/table.parquet', body: await parquetOf(`SELECT 7 AS n, NULL::VARCHAR AS x, {'ip': '10.0.0.1'} AS src`) },
  ]);
  await sendMessages(endpoint, url, [
    s3Notification(bucket, [{ encodedKey: 'in/app+one%2Btwo.json' }]),
    snsWrapped(s3Notification(bucket, [{ encodedKey: 'in/users.csv' }])),
    eventBridgeObjectCreated(bucket, 'in/app.log'),
    s3Notification(bucket, [{ encodedKey: 'in/batch.jsonl.gz' }, { encodedKey: 'in/more.json' }, { encodedKey: 'in/table.parquet' }]),
    JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2026-11-22T10:00:00.000Z', Bucket: bucket, RequestId: 'R', HostId: 'H' }),
  ]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, subscriberBlock([motoSubscriber(endpoint, 'buckets', queue)]), { sqs: FAST_SQS });
  assert.deepEqual([result.failed, result.stats.objects, result.stats.events, result.stats.errors], [false, 6, 11, 0], result.stats.failures.join('\n'));
  assert.deepEqual(await storedMessages(store), [
    custom(bucket, 'in/app one+two.json', '"a":1,"nested":{"y":[null,1]},"source":"custom"'),
    custom(bucket, 'in/app one+two.json', '"plain":true,"source":"custom"'),
    custom(bucket, 'in/users.csv', '"user":"alice","action":"login","source":"custom"'),
    custom(bucket, 'in/users.csv', '"user":"bob, jr","action":"say \\"hi\\"","source":"custom"'),
    custom(bucket, 'in/users.csv', '"user":"short","source":"custom"'),
    custom(bucket, 'in/app.log', '"full_log":"2026-11-22 10:00:01 started","source":"custom"'),
    custom(bucket, 'in/app.log', '"full_log":"2026-11-22 10:00:02 ready","source":"custom"'),
    custom(bucket, 'in/batch.jsonl.gz', '"k":1,"detail":{"d":1},"source":"custom"'),
    custom(bucket, 'in/batch.jsonl.gz', '"k":2,"source":"custom"'),
    custom(bucket, 'in/more.json', '"m":[1],"source":"custom"'),
    custom(bucket, 'in/table.parquet', '"n":7,"src":{"ip":"10.0.0.1"},"source":"custom"'),
  ].sort());
  assert.equal(await queueDepth(endpoint, url), 0, 'every message deleted once stored');
  const keys = await store.query(`SELECT log_key, flow_log_id FROM processed_objects ORDER BY log_key`);
  assert.deepEqual(keys.map((k) => [k.log_key, k.flow_log_id]), [
    ['in/app one+two.json', 'etag-0'], ['in/app.log', 'etag-eb'], ['in/batch.jsonl.gz', 'etag-0'], ['in/more.json', 'etag-1'], ['in/table.parquet', 'etag-2'], ['in/users.csv', 'etag-0'],
  ]);
});

test('buckets: a redelivered message stores nothing twice; a new upload under the same key is read again', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const bucket = uniqueBucket('sub-dup');
  const queue = uniqueQueue('sub-dup');
  const { url } = await createQueue(endpoint, queue);
  await seedBucket(endpoint, bucket, [{ key: 'd/x.json', body: '{"v":1}' }]);
  const note = s3Notification(bucket, [{ encodedKey: 'd/x.json', eTag: 'v1' }]);
  // S3 delivers at least once: the same notification twice.
  await sendMessages(endpoint, url, [note, note]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const sub = motoSubscriber(endpoint, 'buckets', queue);
  const first = await runOnce(store, subscriberBlock([sub]), { sqs: FAST_SQS });
  assert.deepEqual([first.stats.events, await store.countEvents(), await queueDepth(endpoint, url)], [1, 1, 0]);

  // Stored, then the delete fails (as when awsmon dies between the two): the message comes back
  // after its back-off and is deleted without storing again.
  await sendMessages(endpoint, url, [note]);
  let failDelete = true;
  const flaky = await runOnce(store, subscriberBlock([sub]), {
    sqs: SLOW_BACKOFF,
    subscriberClients: async (s) => {
      const clients = await awsSubscriberClients(s, createSilentLogger());
      const realDelete = clients.queue.delete.bind(clients.queue);
      clients.queue.delete = async (m) => {
        if (failDelete) {
          failDelete = false;
          throw new SourceError('SOURCE_ENDPOINT', {}, 'connection closed');
        }
        await realDelete(m);
      };
      return clients;
    },
  });
  assert.deepEqual([flaky.stats.errors, await queueDepth(endpoint, url), await store.countEvents()], [1, 1, 1]);
  await sleep(3500);
  const again = await runOnce(store, subscriberBlock([sub]), { sqs: FAST_SQS });
  assert.deepEqual([again.stats.events, again.stats.errors, await queueDepth(endpoint, url), await store.countEvents()], [0, 0, 0, 1]);

  // A new upload under the same key has a new ETag: it is new content.
  const s3 = new S3Client(awsClientConfig(motoAuth(endpoint), { service: 's3' }));
  t.after(() => s3.destroy());
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'd/x.json', Body: '{"v":2}' }));
  await sendMessages(endpoint, url, [s3Notification(bucket, [{ encodedKey: 'd/x.json', eTag: 'v2' }])]);
  await runOnce(store, subscriberBlock([sub]), { sqs: FAST_SQS });
  assert.deepEqual(await storedMessages(store), [custom(bucket, 'd/x.json', '"v":1,"source":"custom"'), custom(bucket, 'd/x.json', '"v":2,"source":"custom"')]);
});

test('a message that cannot be read is reported, kept with a back-off, and ends in the dead-letter queue', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const bucket = uniqueBucket('sub-poison');
  const queue = uniqueQueue('sub-poison');
  const { url, dlqUrl } = await createQueue(endpoint, queue, 2);
  await seedBucket(endpoint, bucket, [{ key: 'ok.json', body: '{"ok":1}' }, { key: 'bad.csv', body: 'a,b\n"open,1\n' }]);
  await sendMessages(endpoint, url, ['not json at all', s3Notification(bucket, [{ encodedKey: 'ok.json' }])]);
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const sub = motoSubscriber(endpoint, 'buckets', queue);
  const first = await runOnce(store, subscriberBlock([sub], false), { sqs: SLOW_BACKOFF });
  assert.equal(first.failed, true, 'skip_on_error is no: the run fails');
  assert.equal(await store.countEvents(), 1, 'the good message is stored');
  assert.equal(first.stats.failures.length, 1, first.stats.failures.join('\n'));
  assert.match(first.stats.failures[0]!, new RegExp(`^FORMAT_BAD_MESSAGE: queue '${queue}', message '[0-9a-f-]+': the body is not JSON`));
  assert.equal(await queueDepth(endpoint, url), 1, 'kept, hidden for its back-off');
  const hidden = await runOnce(store, subscriberBlock([sub], true), { sqs: SLOW_BACKOFF });
  assert.deepEqual([hidden.stats.errors, hidden.failed], [0, false], 'not retried before its back-off ends');
  await sleep(3500);
  const second = await runOnce(store, subscriberBlock([sub], true), { sqs: SLOW_BACKOFF });
  assert.deepEqual([second.stats.errors, second.failed], [1, false]);
  await sleep(6500);
  const third = await runOnce(store, subscriberBlock([sub], true), { sqs: SLOW_BACKOFF });
  assert.equal(third.stats.errors, 0, 'moved to the dead-letter queue after maxReceiveCount receives');
  assert.deepEqual([await queueDepth(endpoint, url), await queueDepth(endpoint, dlqUrl!)], [0, 1]);

  // A bad object: the error names bucket, key and line; the message stays.
  await sendMessages(endpoint, url, [s3Notification(bucket, [{ encodedKey: 'bad.csv' }])]);
  const bad = await runOnce(store, subscriberBlock([sub], true), { sqs: FAST_SQS });
  assert.deepEqual(bad.stats.failures, [`FORMAT_BAD_CSV: bucket '${bucket}', key 'bad.csv', line 2: a quoted field is never closed`]);
  assert.equal(await queueDepth(endpoint, url), 1);
  assert.equal(await store.countEvents(), 1);
});

test('a queue that does not exist fails the subscriber with SOURCE_QUEUE_NOT_FOUND', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const { store, cleanup } = await tempStore();
  t.after(cleanup);
  const result = await runOnce(store, subscriberBlock([motoSubscriber(endpoint, 'buckets', 'no-such-queue')]), { sqs: FAST_SQS });
  assert.equal(result.failed, true);
  assert.match(result.stats.failures[0]!, /^SOURCE_QUEUE_NOT_FOUND: queue 'no-such-queue' does not exist \(QueueDoesNotExist\); check sqs_name/);
});

test('two workers on one queue store every object once between them', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const bucket = uniqueBucket('sub-workers');
  const queue = uniqueQueue('sub-workers');
  const { url } = await createQueue(endpoint, queue);
  const objects = Array.from({ length: 40 }, (_, i) => ({ key: `w/${String(i).padStart(2, '0')}.json`, body: `{"n":${i}}` }));
  await seedBucket(endpoint, bucket, objects);
  await sendMessages(endpoint, url, objects.map((o) => s3Notification(bucket, [{ encodedKey: o.key }])));
  const a = await tempStore();
  const b = await tempStore();
  t.after(a.cleanup);
  t.after(b.cleanup);
  const sub = motoSubscriber(endpoint, 'buckets', queue);
  const slow = { ...FAST_SQS, visibilitySeconds: 30, concurrency: 2 };
  await Promise.all([runOnce(a.store, subscriberBlock([sub]), { sqs: slow }), runOnce(b.store, subscriberBlock([sub]), { sqs: slow })]);
  const keys = async (s: typeof a.store) => (await s.query('SELECT log_key FROM processed_objects')).map((r) => String(r.log_key));
  const [ka, kb] = [await keys(a.store), await keys(b.store)];
  assert.deepEqual([...ka, ...kb].sort(), objects.map((o) => o.key));
  assert.equal(await queueDepth(endpoint, url), 0);
});
