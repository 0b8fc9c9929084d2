import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSilentLogger } from '../core/index.ts';
import type { AwsmonConfig, BucketConfig, WodleConfig } from '../config/index.ts';
import { DEFAULT_ALERT_LEVELS, emptyRuleset } from '../config/index.ts';
import { openDuckDbStore } from '../store/index.ts';
import { createPipeline } from '../pipeline/index.ts';
import { createLocalSource } from '../sources/index.ts';
import { startScheduler } from './daemon.ts';
import type { BlockRunResult } from './run-block.ts';
import { cloudTrailKey, cloudTrailObject, cloudTrailRecord } from '../../test/fixtures/index.ts';

const bucket = (name: string): BucketConfig => ({ kind: 'bucket', type: 'cloudtrail', name, awsAccountAlias: '', path: '', pathSuffix: '', removeFromBucket: false, onlyLogsAfter: '2024-03-01' });
const wodle = (index: number, extra: Partial<WodleConfig>): WodleConfig => ({
  index, disabled: false, interval: 1, runOnStart: true, skipOnError: true, buckets: [bucket(`b${index}`)], services: [], subscribers: [], ...extra,
});

test('each enabled block runs on its own schedule, never overlapping itself, until stopped', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-sched-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const key = cloudTrailKey('111122223333', 'us-east-1', '2024-03-05T10:00:00Z');
  await mkdir(dirname(join(dir, 'bucket', key)), { recursive: true });
  await writeFile(join(dir, 'bucket', key), cloudTrailObject([cloudTrailRecord()]));
  const store = await openDuckDbStore({ path: join(dir, 'awsmon.duckdb'), logger: createSilentLogger() });
  t.after(() => store.close());
  const source = createLocalSource(join(dir, 'bucket'));
  const config: AwsmonConfig = {
    wodles: [wodle(1, { interval: 1 }), wodle(2, { runOnStart: false, interval: 3600 }), wodle(3, { disabled: true })],
    logAllJson: false, alerts: DEFAULT_ALERT_LEVELS, ruleset: emptyRuleset(), warnings: [],
  };
  const runs: { block: number; result: BlockRunResult; at: number }[] = [];
  const starts: number[] = [];
  let active = 0;
  let maxActive = 0;
  const scheduler = startScheduler(config, {
    store, pipeline: createPipeline([]), logger: createSilentLogger(),
    sourceFor: () => {
      // Called once per run of block 1 (its one bucket), when the run starts.
      starts.push(Date.now());
      active += 1;
      maxActive = Math.max(maxActive, active);
      setImmediate(() => { active -= 1; });
      return source;
    },
  }, { onRun: (block, result) => runs.push({ block: block.index, result, at: Date.now() }) });
  // Until block 1 ran three times (at start, ~1 s and ~2 s later), however slow the machine is.
  const started = Date.now();
  while (runs.filter((r) => r.block === 1).length < 3 && Date.now() - started < 60_000) await sleep(50);
  await scheduler.stop();
  const elapsed = Date.now() - started;
  const first = runs.filter((r) => r.block === 1);
  // Block 2 waits an hour; block 3 is disabled; block 1 never runs more often than its interval.
  assert.ok(first.length >= 3 && first.length <= 1 + Math.ceil(elapsed / 1000), `block 1 ran ${first.length} times in ${elapsed} ms`);
  assert.equal(runs.filter((r) => r.block !== 1).length, 0);
  assert.deepEqual(first.map((r) => r.result.stats.objects), [1, ...first.slice(1).map(() => 0)]);
  // Run starts are an interval apart (a run that overran starts the next at once, later still).
  for (let i = 1; i < starts.length; i++) assert.ok(starts[i]! - starts[i - 1]! >= 900, `one interval between run starts: ${starts.join(', ')}`);
  assert.equal(maxActive, 1);
  assert.equal(await store.countEvents(), 1);
});
