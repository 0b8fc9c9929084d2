import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode } from '../core/index.ts';
import { openDuckDbStore } from './index.ts';
import type { EventStore } from './index.ts';
import { eventStoreContract, flowBatch, flowEvent } from './event-store.contract.ts';
import { tempDirs } from './temp-dirs.fixture.ts';

const tempDir = tempDirs('awsmon-store-test-');

eventStoreContract('duckdb', async () => openDuckDbStore({ path: join(await tempDir(), 'awsmon.duckdb') }));

const scope = { bucketPath: 'flows/', accountId: '111122223333', region: 'us-east-1' };

async function commitObject(store: EventStore, key: string, from: number, count: number): Promise<number> {
  const tx = await store.beginObject(scope, { key, createdDate: '2024-06-01' });
  await tx.write(flowBatch(from, count, key));
  return tx.commit();
}

async function lines(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return text === '' ? [] : text.slice(0, -1).split('\n');
}

test('reopening a file keeps events and state, and ids continue after the greatest', async () => {
  const path = join(await tempDir(), 'sub', 'awsmon.duckdb');
  let store = await openDuckDbStore({ path });
  await commitObject(store, 'a', 0, 3);
  await store.close();
  store = await openDuckDbStore({ path });
  await commitObject(store, 'b', 3, 2);
  assert.deepEqual(await store.query('SELECT id, object_id, log_key FROM events_v ORDER BY id'), [
    { id: 1, object_id: 1, log_key: 'a' }, { id: 2, object_id: 1, log_key: 'a' }, { id: 3, object_id: 1, log_key: 'a' },
    { id: 4, object_id: 2, log_key: 'b' }, { id: 5, object_id: 2, log_key: 'b' },
  ]);
  assert.equal(await store.lastKey(scope), 'b');
  await store.close();
});

test('stored columns: timestamps, integers and exact strings, nulls for absent values', async () => {
  const store = await openDuckDbStore({ path: join(await tempDir(), 'a.duckdb') });
  const e = flowEvent(7, 'k');
  e.columns.user = 'tab\there\x1fsep'; // control characters take the parameter-bound path
  const plain = flowEvent(8, 'k');
  plain.columns.srcPort = undefined;
  plain.columns.eventName = '';
  const tx = await store.beginObject(scope, { key: 'k', createdDate: '2024-06-01', flowLogId: 'fl-9' });
  await tx.write([e, plain]);
  await tx.commit();
  const rows = await store.query('SELECT ts, source, bucket, src_ip, src_port, dst_port, protocol, event_name, user_name, bytes, packets FROM events_v ORDER BY id');
  assert.deepEqual(rows, [
    { ts: '2024-06-01T00:00:07.000Z', source: 'vpc', bucket: 'flows', src_ip: '10.0.0.7', src_port: 1007, dst_port: 443, protocol: 6, event_name: null, user_name: 'tab\there\x1fsep', bytes: 700, packets: 7 },
    { ts: '2024-06-01T00:00:08.000Z', source: 'vpc', bucket: 'flows', src_ip: '10.0.0.8', src_port: null, dst_port: 443, protocol: 6, event_name: '', user_name: null, bytes: 800, packets: 8 },
  ]);
  assert.deepEqual(await store.query('SELECT log_key, flow_log_id, created_date, events FROM processed_objects'), [
    { log_key: 'k', flow_log_id: 'fl-9', created_date: '2024-06-01', events: 2 },
  ]);
  await store.close();
});

test('an object larger than the chunk limits is stored whole, once', async () => {
  const store = await openDuckDbStore({ path: join(await tempDir(), 'big.duckdb'), chunkBytes: 4 * 1024 * 1024 });
  const tx = await store.beginObject(scope, { key: 'big' });
  const batches = Math.ceil((4 * 1024 * 1024 * 2.5) / (1000 * 400));
  for (let b = 0; b < batches; b++) await tx.write(flowBatch(b * 1000, 1000, 'big'));
  assert.equal(await tx.commit(), batches * 1000);
  assert.deepEqual(await store.query('SELECT count(*) AS n, count(DISTINCT id) AS ids, min(packets) AS lo, max(packets) AS hi FROM events'),
    [{ n: batches * 1000, ids: batches * 1000, lo: 0, hi: batches * 1000 - 1 }]);
  await store.close();
});

test('query refuses statements that write, with STORE_QUERY_FAILED', async () => {
  const store = await openDuckDbStore({ path: join(await tempDir(), 'q.duckdb') });
  await commitObject(store, 'a', 0, 1);
  for (const sql of ['DROP TABLE events', 'DELETE FROM events', 'SELECT 1; DROP TABLE events']) {
    await assert.rejects(store.query(sql), (err) => errorCode(err) === 'STORE_QUERY_FAILED', sql);
  }
  await assert.rejects(store.query('SELECT $1 AS x'), (err) => errorCode(err) === 'STORE_QUERY_FAILED');
  assert.equal(await store.countEvents(), 1);
  await store.close();
});

test('archives.json gets each committed message once, none of aborted objects', async () => {
  const dir = await tempDir();
  const archivesFile = join(dir, 'archives', 'archives.json');
  const store = await openDuckDbStore({ path: join(dir, 'awsmon.duckdb'), archivesFile });
  await commitObject(store, 'a', 0, 3);
  const aborted = await store.beginObject(scope, { key: 'x' });
  await aborted.write(flowBatch(50, 4, 'x'));
  await aborted.abort();
  const [b, c] = await Promise.all([store.beginObject(scope, { key: 'b' }), store.beginObject(scope, { key: 'c' })]);
  await Promise.all([b.write(flowBatch(10, 2, 'b')), c.write(flowBatch(20, 2, 'c'))]);
  await Promise.all([c.commit(), b.commit()]);
  await store.close();
  const got = (await lines(archivesFile)).sort();
  const want = [...flowBatch(0, 3, 'a'), ...flowBatch(10, 2, 'b'), ...flowBatch(20, 2, 'c')].map((e) => JSON.stringify(e.message)).sort();
  assert.deepEqual(got, want);
});

test('on open, archives.json lines past the last committed object are cut off', async () => {
  const dir = await tempDir();
  const path = join(dir, 'awsmon.duckdb');
  const archivesFile = join(dir, 'archives', 'archives.json');
  let store = await openDuckDbStore({ path, archivesFile });
  await commitObject(store, 'a', 0, 2);
  await store.close();
  const committed = (await stat(archivesFile)).size;
  // A crash between the staged append and the DuckDB commit leaves these lines behind.
  await appendFile(archivesFile, `${JSON.stringify(flowEvent(99, 'z').message)}\n{"partial":`);
  store = await openDuckDbStore({ path, archivesFile });
  assert.equal((await stat(archivesFile)).size, committed);
  await commitObject(store, 'b', 5, 1);
  await store.close();
  assert.deepEqual(await lines(archivesFile), [...flowBatch(0, 2, 'a'), ...flowBatch(5, 1, 'b')].map((e) => JSON.stringify(e.message)));
});

test('a rotated (shorter) archives.json is continued from its size', async () => {
  const dir = await tempDir();
  const path = join(dir, 'awsmon.duckdb');
  const archivesFile = join(dir, 'archives', 'archives.json');
  let store = await openDuckDbStore({ path, archivesFile });
  await commitObject(store, 'a', 0, 3);
  await store.close();
  await writeFile(archivesFile, '');
  store = await openDuckDbStore({ path, archivesFile });
  await commitObject(store, 'b', 7, 1);
  await store.close();
  store = await openDuckDbStore({ path, archivesFile });
  await store.close();
  assert.deepEqual(await lines(archivesFile), [JSON.stringify(flowEvent(7, 'b').message)]);
});

/** Runs the crash fixture and SIGKILLs it `delayMs` after it printed `when`. */
async function killChild(args: string[], when: string, delayMs: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./crash-writer.fixture.ts', import.meta.url).pathname, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(when)) setTimeout(() => { child.kill('SIGKILL'); resolve(); }, delayMs);
    });
    child.on('exit', (code) => (code === null ? resolve() : reject(new Error(`child exited with ${code}`))));
  });
  await new Promise((resolve) => child.on('close', resolve));
  return out;
}

/** Every stored message, sorted, and archives.json's lines, sorted. */
async function storedAndArchived(store: EventStore, archivesFile: string): Promise<{ stored: string[]; archived: string[] }> {
  const ids = (await store.query('SELECT id FROM events ORDER BY id')).map((r) => r.id as number);
  const stored = (await store.readMessages(ids)).map((m) => m!).sort();
  return { stored, archived: (await lines(archivesFile)).sort() };
}

test('SIGKILL at any moment, also between the chunks of an object: after reopening, no event is lost or stored twice, in the table and archives.json', async () => {
  for (const delayMs of [0, 170, 390]) {
    const dir = await tempDir();
    const path = join(dir, 'awsmon.duckdb');
    const archivesFile = join(dir, 'archives', 'archives.json');
    const out = await killChild([path, archivesFile], 'committed 2\n', delayMs);
    const reported = out.trim().split('\n').length;
    const store = await openDuckDbStore({ path, archivesFile });
    const keys = [...await store.processedKeys(scope, '')].sort();
    assert.ok(keys.length >= reported, `every reported commit survives (${keys.length} >= ${reported})`);
    const perKey = await store.query('SELECT log_key, count(*) AS n, count(DISTINCT packets) AS d FROM events_v GROUP BY log_key ORDER BY log_key');
    // The object being written when killed has its committed chunks only (whole chunks of 1,000).
    const next = `obj-${String(keys.length).padStart(6, '0')}`;
    const partial = perKey.find((r) => r.log_key === next);
    const done = partial === undefined ? 0 : partial.n as number;
    assert.equal(done % 1000, 0);
    assert.deepEqual(perKey.filter((r) => r.log_key !== next), keys.map((k) => ({ log_key: k, n: 3000, d: 3000 })));
    // The next attempt resumes after them and completes the object exactly.
    const tx = await store.beginObject(scope, { key: next, createdDate: '2024-06-01' });
    assert.equal(tx.resumeAfter, done);
    await tx.write(flowBatch(keys.length * 3000 + done, 3000 - done, next));
    assert.equal(await tx.commit(), 3000);
    assert.deepEqual(await store.query('SELECT count(*) AS n, count(DISTINCT packets) AS d FROM events_v WHERE log_key = $1', [next]), [{ n: 3000, d: 3000 }]);
    assert.deepEqual(await store.query('SELECT count(*) AS n FROM object_progress'), [{ n: 0 }]);
    const { stored, archived } = await storedAndArchived(store, archivesFile);
    await store.close();
    assert.equal(new Set(archived).size, archived.length, 'no duplicate archive line');
    assert.deepEqual(archived, stored);
    assert.deepEqual(stored, Array.from({ length: keys.length + 1 }, (_, n) => flowBatch(n * 3000, 3000, `obj-${String(n).padStart(6, '0')}`)).flat().map((e) => JSON.stringify(e.message)).sort());
  }
});

test('SIGKILL after two committed chunks: the next attempt resumes after exactly those events', async () => {
  const dir = await tempDir();
  const path = join(dir, 'awsmon.duckdb');
  const archivesFile = join(dir, 'archives', 'archives.json');
  await killChild([path, archivesFile, 'two-chunks'], 'chunks 2\n', 0);
  const store = await openDuckDbStore({ path, archivesFile });
  assert.deepEqual(await store.query('SELECT log_key, events_committed FROM object_progress'), [{ log_key: 'big', events_committed: 2000 }]);
  assert.equal(await store.countEvents(), 2000);
  assert.deepEqual(await store.processedKeys(scope, ''), new Set());
  const tx = await store.beginObject(scope, { key: 'big', createdDate: '2024-06-01' });
  assert.equal(tx.resumeAfter, 2000);
  await tx.write(flowBatch(2000, 1500, 'big'));
  assert.equal(await tx.commit(), 3500);
  assert.deepEqual(await store.query('SELECT log_key, events FROM processed_objects'), [{ log_key: 'big', events: 3500 }]);
  const { stored, archived } = await storedAndArchived(store, archivesFile);
  await store.close();
  const want = flowBatch(0, 3500, 'big').map((e) => JSON.stringify(e.message)).sort();
  assert.deepEqual(stored, want);
  assert.deepEqual(archived, want);
});

test('a very long message is stored and read back exactly', async () => {
  const store = await openDuckDbStore({ path: join(await tempDir(), 'long.duckdb') });
  const e = flowEvent(1, 'k');
  e.message.aws.padding = 'p'.repeat(700_000);
  const tx = await store.beginObject(scope, { key: 'k' });
  await tx.write([flowEvent(0, 'k'), e, flowEvent(2, 'k')]);
  assert.equal(await tx.commit(), 3);
  const ids = (await store.query('SELECT id FROM events ORDER BY id')).map((r) => r.id as number);
  assert.deepEqual(await store.readMessages(ids), [0, 1, 2].map((i) => JSON.stringify(i === 1 ? e.message : flowEvent(i, 'k').message)));
  await store.close();
});
