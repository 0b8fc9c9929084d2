/**
 * End-to-end collection: a data set served by bench/s3-server.ts (in its own process, as S3 would
 * be) and read by `runBlock` through `createS3Source` into a fresh DuckDB file, archives off, with
 * the detection stage and the shipped ruleset in the pipeline as the daemon runs it (loaded before
 * the timing starts, as at start-up) — from the first listing to the last committed object.
 * Checks that every record was stored.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance as perfHooks } from 'node:perf_hooks';
import { createSilentLogger } from '../src/core/index.ts';
import type { BucketConfig, WodleConfig } from '../src/config/index.ts';
import { createPipeline } from '../src/pipeline/index.ts';
import { createDetectionStage, loadRuleEngine, shippedRuleset } from '../src/rules/index.ts';
import { runBlock } from '../src/scheduler/index.ts';
import { createS3Source } from '../src/sources/index.ts';
import { openDuckDbStore } from '../src/store/index.ts';
import { FIRST_DAY, type Dataset } from './datasets.ts';
import { meets, since, type BenchRow, type RssSampler, type Target } from './measure.ts';

const SERVER = join(dirname(fileURLToPath(import.meta.url)), 's3-server.ts');

/** Starts bench/s3-server.ts over `root` in a child process; resolves with its endpoint. */
export function startServerProcess(root: string): Promise<{ endpoint: string; child: ChildProcess }> {
  const child = fork(SERVER, [root], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ endpoint: (m as { endpoint: string }).endpoint, child }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench/s3-server.ts exited with code ${code} before listening`)));
  });
}

/** CPU seconds a child process has used so far (Linux /proc), undefined where that cannot be read. */
async function processCpuSeconds(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses and may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Collects `dataset` end to end once and returns its row; `correct` is false when events were lost or added. */
export async function runE2e(name: string, dataset: Dataset, target: Target, sampler: RssSampler): Promise<BenchRow> {
  const server = await startServerProcess(dataset.root);
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-bench-'));
  try {
    const groups = { count: 0, rows: 0, max: 0 };
    const store = await openDuckDbStore({
      path: join(dir, 'awsmon.duckdb'), logger: createSilentLogger(),
      onGroupCommit: (g) => { groups.count++; groups.rows += g.rows; groups.max = Math.max(groups.max, g.rows); },
    });
    const bucket: BucketConfig = {
      kind: 'bucket', type: dataset.spec.kind === 'cloudtrail' ? 'cloudtrail' : 'vpcflow', name: dataset.bucket,
      awsAccountAlias: '', path: '', pathSuffix: '', removeFromBucket: false, onlyLogsAfter: FIRST_DAY,
      accessKey: 'bench', secretKey: 'bench', serviceEndpoint: server.endpoint,
    };
    const block: WodleConfig = { index: 1, disabled: false, interval: 600, runOnStart: true, skipOnError: false, buckets: [bucket], services: [], subscribers: [] };
    const detection = createDetectionStage(await loadRuleEngine(shippedRuleset()));
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const elu0 = perfHooks.eventLoopUtilization();
    const result = await runBlock(block, {
      store,
      // BENCH_NO_DETECTION=1: collection alone, to see what detection costs.
      pipeline: createPipeline(process.env.BENCH_NO_DETECTION === '1' ? [] : [detection]),
      logger: createSilentLogger(),
      sourceFor: (b) => createS3Source({ bucket: b.name, auth: b, region: 'us-east-1', maxAttempts: 3 }),
      now: () => new Date(`${dataset.lastDay}T23:59:59Z`),
    });
    const seconds = since(t0);
    const cpu = process.cpuUsage(cpu0);
    // Share of the run the JS thread was busy: near 1 means the JS thread is the bottleneck.
    const elu = perfHooks.eventLoopUtilization(elu0).utilization;
    const serverCpu = await processCpuSeconds(server.child.pid);
    // Cores busy on average in this process (JS thread + DuckDB and zlib threads): near 2 means CPU-bound here.
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const cores = cpuSeconds / seconds;
    const stored = await store.countEvents();
    const t1 = performance.now();
    const cpu1 = process.cpuUsage();
    await store.close();
    const closeSeconds = since(t1);
    // Work the run left for close (DuckDB's final checkpoint) is not in the timed figures; its CPU is shown.
    const closeCpu = process.cpuUsage(cpu1);
    const closeCpuSeconds = (closeCpu.user + closeCpu.system) / 1e6;
    const problems: string[] = [];
    if (result.failed || result.stats.errors > 0) problems.push(`run failed: ${result.stats.failures.join('; ')}`);
    if (result.stats.objects !== dataset.objects) problems.push(`${result.stats.objects} of ${dataset.objects} objects read`);
    if (stored !== dataset.records) problems.push(`${stored} events stored for ${dataset.records} records generated`);
    const row: BenchRow = {
      benchmark: name, records: stored, seconds,
      compressedBytes: dataset.compressedBytes, uncompressedBytes: dataset.uncompressedBytes,
      peakRssMB: sampler.peakMB(), target, correct: problems.length === 0,
      note: problems.length > 0 ? `CORRECTNESS: ${problems.join('; ')}`
        : `${dataset.objects} objects, ${stored} events stored = records generated, ${detection.stats.alerts} alerts; collector process used ${cores.toFixed(2)} cores on average (its JS thread busy ${(elu * 100).toFixed(0)} % of the time), ${cpuSeconds.toFixed(1)} CPU s = ${((cpuSeconds * 1e6) / Math.max(1, stored)).toFixed(2)} CPU µs/record (less sensitive than rec/s to other load on the machine); peak JS heap+external ${sampler.peakHeapMB().toFixed(0)} MB; ${groups.count} group commits of ${Math.round(groups.rows / Math.max(1, groups.count))} rows on average (largest ${groups.max}); the S3 server process used ${serverCpu === undefined ? '?' : (serverCpu / seconds).toFixed(2)} cores; store.close() ${closeSeconds.toFixed(1)} s, ${closeCpuSeconds.toFixed(1)} CPU s (not timed)`,
    };
    row.pass = row.correct === true && meets(row, target);
    return row;
  } finally {
    server.child.removeAllListeners('exit');
    server.child.kill();
    await rm(dir, { recursive: true, force: true });
  }
}
