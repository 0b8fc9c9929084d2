/**
 * The contract every EventStore back end passes (DuckDB now, OpenSearch later). Call
 * `eventStoreContract(name, open)` from the back end's test file; `open` returns a fresh, empty store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsmonEvent, EventBatch } from '../core/index.ts';
import type { EventStore, StateScope } from './types.ts';

/** A VPC-flow-like event for tests (its JSON starts with `log_info`, like the real builders'); `n` varies the values. */
export function flowEvent(n: number, key = 'AWSLogs/111122223333/vpcflowlogs/us-east-1/2024/06/01/a.log.gz', bucket = 'flows'): AwsmonEvent {
  const start = 1717200000 + n;
  return {
    message: {
      integration: 'aws',
      aws: {
        log_info: { aws_account_alias: '', log_file: key, s3bucket: bucket },
        version: '2', account_id: '111122223333', srcaddr: `10.0.0.${n % 256}`, dstaddr: '172.31.5.9', srcport: String(1000 + n),
        dstport: '443', protocol: '6', packets: String(n), bytes: String(100 * n), start: new Date(start * 1000).toISOString().replace('.000', ''),
        action: n % 2 === 0 ? 'ACCEPT' : 'REJECT', source: 'vpc',
      },
    },
    columns: {
      time: start * 1000, source: 'vpc', account: '111122223333', region: 'us-east-1', bucket, key, srcIp: `10.0.0.${n % 256}`,
      dstIp: '172.31.5.9', srcPort: 1000 + n, dstPort: 443, protocol: 6, action: n % 2 === 0 ? 'ACCEPT' : 'REJECT', bytes: 100 * n, packets: n,
    },
  };
}

/** `count` flow events numbered from `from`, all of one object key. */
export function flowBatch(from: number, count: number, key?: string, bucket?: string): EventBatch {
  return Array.from({ length: count }, (_, i) => flowEvent(from + i, key, bucket));
}

const scope: StateScope = { bucketPath: 'flows/AWSLogs/', accountId: '111122223333', region: 'us-east-1' };
const keyA = 'AWSLogs/111122223333/vpcflowlogs/us-east-1/2024/06/01/a.log.gz';
const keyB = 'AWSLogs/111122223333/vpcflowlogs/us-east-1/2024/06/01/b.log.gz';

/** Registers the shared EventStore tests for one back end. */
export function eventStoreContract(name: string, open: () => Promise<EventStore>): void {
  async function withStore(fn: (store: EventStore) => Promise<void>): Promise<void> {
    const store = await open();
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  }

  test(`${name}: commit stores every written event and marks the object processed`, () => withStore(async (store) => {
    const tx = await store.beginObject(scope, { key: keyA, createdDate: '2024-06-01', flowLogId: 'fl-1' });
    await tx.write(flowBatch(0, 3, keyA));
    await tx.write(flowBatch(3, 2, keyA));
    assert.equal(await store.countEvents(), 0, 'nothing visible before commit');
    assert.equal(await tx.commit(), 5);
    assert.equal(await store.countEvents(), 5);
    assert.deepEqual(await store.processedKeys(scope, ''), new Set([keyA]));
    const rows = await store.query('SELECT id, src_port, action FROM events_v WHERE log_key = $1 ORDER BY src_port', [keyA]);
    assert.deepEqual(rows.map((r) => r.src_port), [1000, 1001, 1002, 1003, 1004]);
    assert.equal(rows[1]!.action, 'REJECT');
    assert.equal(await store.getMessage(rows[4]!.id as number), JSON.stringify(flowEvent(4, keyA).message));
    assert.deepEqual(await store.readMessages(rows.map((r) => r.id as number).reverse()), [4, 3, 2, 1, 0].map((n) => JSON.stringify(flowEvent(n, keyA).message)));
    assert.equal(await store.getMessage(999_999), undefined);
    assert.equal(tx.resumeAfter, 0);
  }));

  test(`${name}: abort drops the written events and leaves the object unprocessed`, () => withStore(async (store) => {
    const tx = await store.beginObject(scope, { key: keyA });
    await tx.write(flowBatch(0, 4, keyA));
    await tx.abort();
    assert.equal(await store.countEvents(), 0);
    assert.equal(await store.lastKey(scope), undefined);
    assert.deepEqual(await store.processedKeys(scope, ''), new Set());
  }));

  test(`${name}: two objects in concurrent transactions both commit, each exactly once`, () => withStore(async (store) => {
    const [a, b] = await Promise.all([store.beginObject(scope, { key: keyA }), store.beginObject(scope, { key: keyB })]);
    await Promise.all([a.write(flowBatch(0, 50, keyA)), b.write(flowBatch(100, 70, keyB))]);
    await a.write(flowBatch(50, 50, keyA));
    assert.deepEqual(await Promise.all([b.commit(), a.commit()]), [70, 100]);
    const rows = await store.query('SELECT log_key, count(*) AS n, count(DISTINCT id) AS ids FROM events_v GROUP BY log_key ORDER BY log_key');
    assert.deepEqual(rows, [{ log_key: keyA, n: 100, ids: 100 }, { log_key: keyB, n: 70, ids: 70 }]);
    const stored = await store.query('SELECT id, log_key FROM events_v ORDER BY id');
    const messages = await store.readMessages(stored.map((r) => r.id as number));
    const want = new Set([...flowBatch(0, 100, keyA), ...flowBatch(100, 70, keyB)].map((e) => JSON.stringify(e.message)));
    assert.equal(new Set(messages).size, 170);
    assert.ok(messages.every((m) => m !== undefined && want.has(m)), 'every stored message is one written');
  }));

  test(`${name}: replace deletes the object's earlier events in the same transaction`, () => withStore(async (store) => {
    const first = await store.beginObject(scope, { key: keyA });
    await first.write(flowBatch(0, 10, keyA));
    await first.commit();
    const other = await store.beginObject(scope, { key: keyB });
    await other.write(flowBatch(0, 2, keyB));
    await other.commit();
    const again = await store.beginObject(scope, { key: keyA }, { replace: true });
    await again.write(flowBatch(0, 6, keyA));
    assert.equal(await store.countEvents(), 12, 'the old events stay until the replacing commit');
    assert.equal(await again.commit(), 6);
    assert.equal(await store.countEvents(), 8);
    const rows = await store.query('SELECT id FROM events_v WHERE log_key = $1 ORDER BY id', [keyA]);
    assert.equal(rows.length, 6);
    assert.deepEqual(await store.readMessages(rows.map((r) => r.id as number)), flowBatch(0, 6, keyA).map((e) => JSON.stringify(e.message)));
  }));

  test(`${name}: processedKeys, lastKey and pruneState keep the greatest key`, () => withStore(async (store) => {
    const days = ['2024-05-01', '2024-05-02', '2024-05-03', '2024-05-04'];
    for (const [i, day] of days.entries()) {
      const tx = await store.beginObject(scope, { key: `k/${day}/${i}`, createdDate: day });
      await tx.commit();
    }
    const otherScope = { ...scope, region: 'eu-west-1' };
    await (await store.beginObject(otherScope, { key: 'k/2024-05-01/x', createdDate: '2024-05-01' })).commit();
    assert.equal(await store.lastKey(scope), 'k/2024-05-04/3');
    assert.deepEqual(await store.processedKeys(scope, 'k/2024-05-02/1'), new Set(['k/2024-05-03/2', 'k/2024-05-04/3']));
    assert.equal(await store.pruneState(scope, '2024-05-03'), 2);
    assert.deepEqual(await store.processedKeys(scope, ''), new Set(['k/2024-05-03/2', 'k/2024-05-04/3']));
    assert.equal(await store.pruneState(scope, '2024-06-01'), 1, 'the greatest key is always kept');
    assert.deepEqual(await store.processedKeys(scope, ''), new Set(['k/2024-05-04/3']));
    assert.equal(await store.lastKey(otherScope), 'k/2024-05-01/x', 'other scopes are untouched');
  }));

  test(`${name}: isProcessed finds a committed key, and with a version only that version`, () => withStore(async (store) => {
    await (await store.beginObject(scope, { key: 'k/a', flowLogId: 'etag-1' })).commit();
    await (await store.beginObject(scope, { key: 'k/b' })).abort();
    assert.equal(await store.isProcessed(scope, 'k/a'), true);
    assert.equal(await store.isProcessed(scope, 'k/a', 'etag-1'), true);
    assert.equal(await store.isProcessed(scope, 'k/a', 'etag-2'), false, 'a new upload under the same key');
    assert.equal(await store.isProcessed(scope, 'k/b'), false, 'aborted');
    assert.equal(await store.isProcessed({ ...scope, region: 'eu-west-1' }, 'k/a'), false, 'another scope');
  }));

  test(`${name}: recordObjectError keeps the code and message`, () => withStore(async (store) => {
    await store.recordObjectError(scope, keyA, 'FORMAT_BAD_GZIP', "key 'a': truncated gzip");
    const rows = await store.query('SELECT log_key, code, message FROM object_errors WHERE bucket_path = $1', [scope.bucketPath]);
    assert.deepEqual(rows, [{ log_key: keyA, code: 'FORMAT_BAD_GZIP', message: "key 'a': truncated gzip" }]);
  }));

  test(`${name}: query binds parameters, so a hostile string stays data`, () => withStore(async (store) => {
    const hostile = "x'); DROP TABLE events; --";
    const event = flowEvent(1, keyA);
    event.columns.user = hostile;
    const tx = await store.beginObject(scope, { key: keyA });
    await tx.write([event]);
    await tx.commit();
    assert.deepEqual(await store.query('SELECT user_name FROM events WHERE user_name = $1', [hostile]), [{ user_name: hostile }]);
    assert.deepEqual(await store.query('SELECT count(*) AS n FROM events WHERE action = $1', ["ACCEPT' OR '1'='1"]), [{ n: 0 }]);
    assert.equal(await store.countEvents(), 1);
  }));
}
