/**
 * A large object is committed in chunks; when reading it fails halfway, the next run resumes
 * after the events already stored instead of storing them again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { motoEndpoint } from '../helpers/moto.ts';
import { seedBucket, uniqueBucket } from '../helpers/moto-s3.ts';
import { block, motoBucket, runOnce } from '../helpers/collect.ts';
import { createSilentLogger } from '../../src/core/index.ts';
import type { EventBatch } from '../../src/core/index.ts';
import { openDuckDbStore } from '../../src/store/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { V2_FIELDS, vpcFlowKey, vpcFlowObject, vpcFlowRow } from '../fixtures/index.ts';

test('a chunked object interrupted halfway is resumed after its stored events, none twice', async (t) => {
  const endpoint = motoEndpoint(t);
  if (!endpoint) return;
  const name = uniqueBucket('resume');
  const rows = Array.from({ length: 5000 }, (_, i) => vpcFlowRow({ srcport: 10000 + i }));
  await seedBucket(endpoint, name, [{ key: vpcFlowKey('111122223333', 'us-east-1', 'fl-0123456789abcdef0', '2024-03-05T10:00:00Z'), body: vpcFlowObject(V2_FIELDS, rows) }]);
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-resume-'));
  const store = await openDuckDbStore({ path: join(dir, 'awsmon.duckdb'), logger: createSilentLogger(), chunkRows: 1000 });
  t.after(async () => { await store.close(); await rm(dir, { recursive: true, force: true }); });
  const wodle = block([motoBucket(endpoint, 'vpcflow', name, { onlyLogsAfter: '2024-03-05' })], true);
  const now = () => new Date('2024-03-05T12:00:00Z');

  // A stage that fails once 3000 events have passed: the chunks committed before it stay.
  let seen = 0;
  const failing = createPipeline([{ name: 'fails-once', process(batch: EventBatch) {
    seen += batch.length;
    if (seen > 3000) throw new Error('simulated failure halfway through the object');
  } }]);
  const first = await runOnce(store, wodle, { now, pipeline: failing });
  assert.deepEqual([first.stats.objects, first.stats.errors], [0, 1]);
  const stored = await store.countEvents();
  assert.ok(stored >= 1000 && stored <= 3000, `chunks committed before the failure: ${stored}`);

  const second = await runOnce(store, wodle, { now });
  // The resumed object counts all its events, the chunks stored by the first attempt included.
  assert.deepEqual([second.stats.objects, second.stats.events, second.stats.errors], [1, 5000, 0]);
  assert.equal(await store.countEvents(), 5000);
  const [distinct] = await store.query('SELECT count(DISTINCT src_port) AS n, min(src_port) AS lo, max(src_port) AS hi FROM events');
  assert.deepEqual(distinct, { n: 5000, lo: 10000, hi: 14999 });
});
