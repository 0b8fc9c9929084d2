import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AwsmonEvent, RawTextMessage } from '../core/index.ts';
import { openDuckDbStore, SCHEMA_VERSION } from './index.ts';
import type { ServicePosition } from './index.ts';
import { downgradeSchema } from './schema.fixture.ts';
import { tempDirs } from './temp-dirs.fixture.ts';

const tempDir = tempDirs('awsmon-positions-test-');

const scope = { bucketPath: '/aws/lambda/fn', accountId: '123456789012', region: 'eu-west-1' };

function textEvent(text: string, time: number): AwsmonEvent<RawTextMessage> {
  return { message: text, columns: { time, source: 'cloudwatchlogs', account: scope.accountId, region: scope.region } };
}

function position(last: number): ServicePosition {
  return { service: 'cloudwatchlogs', accountId: scope.accountId, region: scope.region, name: '/aws/lambda/fn\nstream-1', value: { last, lastCount: 1 } };
}

test('a position is stored with the events of its transaction; raw text messages are kept as JSON strings', async () => {
  const store = await openDuckDbStore({ path: join(await tempDir(), 'a.duckdb') });
  const tx = await store.beginObject(scope, { key: 'stream-1', bucket: '/aws/lambda/fn', position: position(2000) });
  await tx.write([textEvent('START RequestId: 1', 1000), textEvent('{"level":"info","msg":"x"}', 2000)]);
  assert.equal(await tx.commit(), 2);
  assert.deepEqual(await store.positions('cloudwatchlogs', scope.accountId, scope.region), new Map([['/aws/lambda/fn\nstream-1', { last: 2000, lastCount: 1 }]]));
  const rows = await store.query('SELECT id, bucket, log_key, source, region FROM events_v ORDER BY id');
  assert.deepEqual(rows, [
    { id: 1, bucket: '/aws/lambda/fn', log_key: 'stream-1', source: 'cloudwatchlogs', region: 'eu-west-1' },
    { id: 2, bucket: '/aws/lambda/fn', log_key: 'stream-1', source: 'cloudwatchlogs', region: 'eu-west-1' },
  ]);
  assert.deepEqual(await store.readMessages([1, 2]), ['"START RequestId: 1"', '"{\\"level\\":\\"info\\",\\"msg\\":\\"x\\"}"']);
  // Services keep no per-object read-state.
  assert.deepEqual(await store.query('SELECT count(*) AS n FROM processed_objects'), [{ n: 0 }]);
  await store.close();
});

test('an aborted transaction leaves the previous position; a later unit of the same stream replaces it', async () => {
  const store = await openDuckDbStore({ path: join(await tempDir(), 'b.duckdb') });
  const first = await store.beginObject(scope, { key: 'stream-1', bucket: '/aws/lambda/fn', position: position(1000) });
  await first.write([textEvent('a', 1000)]);
  await first.commit();
  const aborted = await store.beginObject(scope, { key: 'stream-1', bucket: '/aws/lambda/fn', position: position(5000) });
  await aborted.write([textEvent('b', 5000)]);
  await aborted.abort();
  assert.deepEqual(await store.positions('cloudwatchlogs', scope.accountId, scope.region), new Map([['/aws/lambda/fn\nstream-1', { last: 1000, lastCount: 1 }]]));
  assert.equal(await store.countEvents(), 1);
  const second = await store.beginObject(scope, { key: 'stream-1', bucket: '/aws/lambda/fn', position: position(3000) });
  await second.write([textEvent('c', 3000)]);
  await second.commit();
  assert.deepEqual(await store.positions('cloudwatchlogs', scope.accountId, scope.region), new Map([['/aws/lambda/fn\nstream-1', { last: 3000, lastCount: 1 }]]));
  await store.setPosition({ service: 'inspector', accountId: scope.accountId, region: scope.region, name: '', value: { lastScan: '2026-01-01T00:00:00.000Z' } });
  assert.deepEqual(await store.positions('inspector', scope.accountId, scope.region), new Map([['', { lastScan: '2026-01-01T00:00:00.000Z' }]]));
  assert.equal(await store.deletePositions('cloudwatchlogs', scope.accountId, scope.region, ['/aws/lambda/fn\nstream-1', 'gone']), 1);
  assert.deepEqual(await store.positions('cloudwatchlogs', scope.accountId, scope.region), new Map());
  await store.close();
});

test('a schema-2 database is migrated to the current schema and keeps its rows', async () => {
  const path = join(await tempDir(), 'old.duckdb');
  // A schema-2 file: what an earlier release created (meta says 2, no service_positions, no alerts).
  let store = await openDuckDbStore({ path });
  const tx = await store.beginObject(scope, { key: 'stream-1', bucket: '/aws/lambda/fn' });
  await tx.write([textEvent('kept', 1000)]);
  await tx.commit();
  await store.close();
  await downgradeSchema(path, 2, ['DROP TABLE service_positions', 'DROP TABLE alerts']);

  store = await openDuckDbStore({ path });
  assert.deepEqual(await store.query(`SELECT value FROM meta WHERE key = 'schema_version'`), [{ value: String(SCHEMA_VERSION) }]);
  assert.equal(SCHEMA_VERSION, 4);
  assert.deepEqual(await store.readMessages([1]), ['"kept"']);
  await store.setPosition(position(42));
  assert.deepEqual(await store.positions('cloudwatchlogs', scope.accountId, scope.region), new Map([['/aws/lambda/fn\nstream-1', { last: 42, lastCount: 1 }]]));
  await store.close();
});
