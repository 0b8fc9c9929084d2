import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode } from '../core/index.ts';
import { openDuckDbStore } from './index.ts';
import type { DuckDbStoreOptions, EventStore } from './index.ts';
import { flowBatch } from './event-store.contract.ts';
import { tempDirs } from './temp-dirs.fixture.ts';

const tempDir = tempDirs('awsmon-writer-test-');

const scope = { bucketPath: 'flows/', accountId: '111122223333', region: 'us-east-1' };
const json = (from: number, count: number, key: string): string[] => flowBatch(from, count, key).map((e) => JSON.stringify(e.message));

async function allMessages(store: EventStore): Promise<string[]> {
  const ids = (await store.query('SELECT id FROM events ORDER BY id')).map((r) => r.id as number);
  return (await store.readMessages(ids)).map((m) => m!);
}

test('group commit: many small objects committed concurrently share few DuckDB transactions, all visible once', async () => {
  const groups: { units: number; rows: number }[] = [];
  const dir = await tempDir();
  const store = await openDuckDbStore({ path: join(dir, 'g.duckdb'), archivesFile: join(dir, 'archives.json'), onGroupCommit: (g) => groups.push(g) });
  const keys = Array.from({ length: 40 }, (_, i) => `k-${String(i).padStart(2, '0')}`);
  const counts = await Promise.all(keys.map(async (key, i) => {
    const tx = await store.beginObject(scope, { key, createdDate: '2024-06-01' });
    await tx.write(flowBatch(i * 10, 10, key));
    return tx.commit();
  }));
  assert.deepEqual(counts, keys.map(() => 10));
  assert.equal(groups.reduce((n, g) => n + g.units, 0), 40);
  assert.equal(groups.reduce((n, g) => n + g.rows, 0), 400);
  assert.ok(groups.length < 40 && groups.some((g) => g.units > 1), `several objects per transaction: ${JSON.stringify(groups.map((g) => g.units))}`);
  assert.deepEqual(await store.processedKeys(scope, ''), new Set(keys));
  assert.deepEqual(await store.query('SELECT count(*) AS n, count(DISTINCT id) AS ids, count(DISTINCT object_id) AS o FROM events'), [{ n: 400, ids: 400, o: 40 }]);
  const want = keys.flatMap((key, i) => json(i * 10, 10, key)).sort();
  assert.deepEqual((await allMessages(store)).sort(), want);
  await store.close();
});

test('a failed group rejects each of its units and leaves nothing behind, in the table, the bodies and archives.json', async () => {
  const dir = await tempDir();
  const archivesFile = join(dir, 'archives.json');
  const store = await openDuckDbStore({ path: join(dir, 'f.duckdb'), archivesFile });
  const ok = await store.beginObject(scope, { key: 'ok' });
  await ok.write(flowBatch(0, 5, 'ok'));
  await ok.commit();
  // A group holding an object whose state row cannot be stored (a bad date) fails as a whole.
  const [x, a, b] = await Promise.all([store.beginObject(scope, { key: 'x' }), store.beginObject(scope, { key: 'a', createdDate: '2024-13-45' }), store.beginObject(scope, { key: 'b' })]);
  await x.write(flowBatch(30, 2, 'x'));
  await a.write(flowBatch(10, 3, 'a'));
  await b.write(flowBatch(20, 3, 'b'));
  // x commits alone while a and b queue behind it, into one group.
  const px = x.commit();
  const results = await Promise.allSettled([a.commit(), b.commit()]);
  assert.equal(await px, 2);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  assert.ok(results.every((r) => r.status === 'rejected' && errorCode(r.reason) === 'STORE_WRITE_FAILED'));
  assert.equal(await store.countEvents(), 7);
  assert.deepEqual(await store.processedKeys(scope, ''), new Set(['ok', 'x']));
  assert.deepEqual(await readFile(archivesFile, 'utf8'), [...json(0, 5, 'ok'), ...json(30, 2, 'x')].map((l) => `${l}\n`).join(''));
  const [bodyBytes] = await store.query('SELECT sum(body_len) AS n FROM events');
  assert.equal((await stat(join(dir, 'bodies', 'segment-000001.dat'))).size, bodyBytes!.n);
  const again = await store.beginObject(scope, { key: 'a' });
  await again.write(flowBatch(10, 3, 'a'));
  await again.commit();
  assert.deepEqual(await allMessages(store), [...json(0, 5, 'ok'), ...json(30, 2, 'x'), ...json(10, 3, 'a')]);
  await store.close();
});

test('body segments rotate at the size option, and bytes past the committed size are cut off at open', async () => {
  const dir = await tempDir();
  const path = join(dir, 'r.duckdb');
  const options: DuckDbStoreOptions = { path, segmentBytes: 2000 };
  let store = await openDuckDbStore(options);
  for (let i = 0; i < 6; i++) {
    const tx = await store.beginObject(scope, { key: `k${i}` });
    await tx.write(flowBatch(i * 10, 10, `k${i}`));
    await tx.commit();
  }
  const segments = await store.query('SELECT DISTINCT segment FROM objects ORDER BY segment');
  assert.ok(segments.length >= 3, `rotated: ${JSON.stringify(segments)}`);
  await store.close();
  const files = (await readdir(join(dir, 'bodies'))).sort();
  assert.deepEqual(files, segments.map((r) => `segment-${String(r.segment).padStart(6, '0')}.dat`));
  const last = join(dir, 'bodies', files.at(-1)!);
  const committed = (await stat(last)).size;
  // A crash after the bodies were appended but before the commit leaves bytes and a new segment behind.
  await appendFile(last, 'x'.repeat(100));
  await appendFile(join(dir, 'bodies', 'segment-000099.dat'), 'y'.repeat(10));
  store = await openDuckDbStore(options);
  assert.equal((await stat(last)).size, committed);
  assert.deepEqual((await readdir(join(dir, 'bodies'))).sort(), files);
  const tx = await store.beginObject(scope, { key: 'k6' });
  await tx.write(flowBatch(60, 10, 'k6'));
  await tx.commit();
  assert.deepEqual(await allMessages(store), Array.from({ length: 7 }, (_, i) => json(i * 10, 10, `k${i}`)).flat());
  await store.close();
});

test('chunks: a large object commits in chunks; abort keeps them and the next attempt resumes after them', async () => {
  const groups: number[] = [];
  const store = await openDuckDbStore({ path: join(await tempDir(), 'c.duckdb'), chunkRows: 100, onGroupCommit: (g) => groups.push(g.rows) });
  const tx = await store.beginObject(scope, { key: 'big' });
  for (let i = 0; i < 250; i += 50) await tx.write(flowBatch(i, 50, 'big'));
  await tx.abort();
  assert.deepEqual(groups, [100, 100], 'two chunks committed, the last 50 events dropped');
  assert.deepEqual(await store.query('SELECT log_key, events_committed FROM object_progress'), [{ log_key: 'big', events_committed: 200 }]);
  assert.deepEqual(await store.processedKeys(scope, ''), new Set());
  const again = await store.beginObject(scope, { key: 'big' });
  assert.equal(again.resumeAfter, 200);
  await again.write(flowBatch(200, 130, 'big'));
  assert.equal(await again.commit(), 330);
  assert.deepEqual(await store.query('SELECT count(*) AS n FROM object_progress'), [{ n: 0 }]);
  assert.deepEqual(await store.query('SELECT events FROM processed_objects'), [{ events: 330 }]);
  assert.deepEqual(await store.query('SELECT count(*) AS n FROM objects'), [{ n: 4 }], 'one objects row per unit');
  assert.deepEqual(await allMessages(store), json(0, 330, 'big'));
  // Reparse: the first chunk's transaction deletes every earlier event of the object.
  const replace = await store.beginObject(scope, { key: 'big' }, { replace: true });
  assert.equal(replace.resumeAfter, 0);
  await replace.write(flowBatch(0, 150, 'big'));
  assert.equal(await replace.commit(), 150);
  assert.deepEqual(groups.slice(4), [150, 0], 'limits are checked after each batch');
  assert.deepEqual(await allMessages(store), json(0, 150, 'big'));
  assert.deepEqual(await store.query('SELECT count(*) AS n FROM objects'), [{ n: 2 }]);
  await store.close();
});
