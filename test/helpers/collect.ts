/** Runs collection in-process against moto, with a real DuckDB store in a temp folder. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSilentLogger } from '../../src/core/index.ts';
import type { BucketConfig, WodleConfig } from '../../src/config/index.ts';
import { openDuckDbStore } from '../../src/store/index.ts';
import type { EventStore } from '../../src/store/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { createS3Source } from '../../src/sources/index.ts';
import { runBlock } from '../../src/scheduler/index.ts';
import type { BlockRunResult, RunEnvironment } from '../../src/scheduler/index.ts';
import { motoAuth } from './moto-s3.ts';

/** A bucket block as `parseConfig` would produce it, pointed at moto. */
export function motoBucket(endpoint: string, type: BucketConfig['type'], name: string, extra: Partial<BucketConfig> = {}): BucketConfig {
  return { kind: 'bucket', type, name, awsAccountAlias: '', path: '', pathSuffix: '', removeFromBucket: false, ...motoAuth(endpoint), ...extra };
}

/** A wodle block around buckets. */
export function block(buckets: BucketConfig[], skipOnError = true): WodleConfig {
  return { index: 1, disabled: false, interval: 600, runOnStart: true, skipOnError, buckets, services: [], subscribers: [] };
}

/** A temp data folder with an open store; `cleanup` closes and deletes it. */
export async function tempStore(archives = false): Promise<{ dir: string; store: EventStore; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-it-'));
  const store = await openDuckDbStore({ path: join(dir, 'awsmon.duckdb'), archivesFile: archives ? join(dir, 'archives', 'archives.json') : undefined, logger: createSilentLogger() });
  return { dir, store, cleanup: async () => { await store.close(); await rm(dir, { recursive: true, force: true }); } };
}

/** Runs one block once against S3 (moto), as the daemon would. */
export function runOnce(store: EventStore, wodle: WodleConfig, env: Partial<RunEnvironment> = {}): Promise<BlockRunResult> {
  return runBlock(wodle, {
    store,
    pipeline: createPipeline([]),
    logger: createSilentLogger(),
    sourceFor: (bucket) => createS3Source({ bucket: bucket.name, auth: bucket, maxAttempts: 2 }),
    ...env,
  });
}

/** The `log_key`s of processed objects, sorted. */
export async function processedKeys(store: EventStore): Promise<string[]> {
  const rows = await store.query('SELECT log_key FROM processed_objects ORDER BY log_key');
  return rows.map((r) => String(r.log_key));
}
