/**
 * One benchmark in its own process, so its peak RSS is its own: `prepare NAME SCALE` generates
 * the data set (kept out of the measured process), `run NAME SCALE` measures and sends its rows
 * to the parent (bench/run.ts) over IPC, or prints them as JSON when run by hand.
 */
import { ensureDataset } from './datasets.ts';
import { runE2e } from './e2e.ts';
import { RssSampler, type BenchRow } from './measure.ts';
import { runParsers } from './parsers.ts';
import { runStoreBench } from './store.ts';
import { BENCHMARKS, datasetFor, storeEvents, targetFor, type BenchmarkName } from './suite.ts';

/** What the child sends back. */
export type ChildMessage = { ok: true; rows: BenchRow[]; generated?: { seconds: number; reused: boolean } } | { ok: false; error: string };

async function prepare(name: BenchmarkName, scale: number): Promise<ChildMessage> {
  const spec = datasetFor(name, scale);
  if (!spec) return { ok: true, rows: [] };
  const t0 = performance.now();
  const dataset = await ensureDataset(spec);
  const seconds = (performance.now() - t0) / 1000;
  return { ok: true, rows: [], generated: { seconds, reused: seconds < dataset.generateSeconds / 2 } };
}

async function run(name: BenchmarkName, scale: number): Promise<ChildMessage> {
  const sampler = new RssSampler();
  const spec = datasetFor(name, scale);
  const target = targetFor(name);
  if (spec && target) {
    const dataset = await ensureDataset(spec);
    const row = await runE2e(name, dataset, target, sampler);
    if (name === 'vpcflow-1gb-object') {
      row.note = `ONE object: ${(dataset.uncompressedBytes / 1024 ** 3).toFixed(2)} GiB uncompressed (${dataset.uncompressedBytes.toLocaleString('en-US')} bytes; "1 GB" is the uncompressed size), ${(dataset.compressedBytes / 1e6).toFixed(0)} MB gzip; ${row.note ?? ''}`;
    }
    return { ok: true, rows: [row] };
  }
  if (name === 'parsers') return { ok: true, rows: await runParsers(scale, sampler) };
  const { vpc, trail } = storeEvents(scale);
  const table = await runStoreBench(vpc, trail);
  return {
    ok: true,
    rows: table.map((r) => ({
      benchmark: `store: ${String(r.case)}`, records: Number(r.rows), seconds: Number(r.seconds), peakRssMB: Number(r['peak RSS MB']),
      note: `bench/store.ts (events built in the loop); store only, generation subtracted: ${Number(r['rows/s (store only)']).toLocaleString('en-US')} rows/s`,
    })),
  };
}

const [mode, rawName, rawScale] = process.argv.slice(2);
const name = BENCHMARKS.find((b) => b === rawName);
let message: ChildMessage;
try {
  if (!name || (mode !== 'prepare' && mode !== 'run')) throw new Error(`usage: child.ts prepare|run ${BENCHMARKS.join('|')} [scale]`);
  const scale = Number(rawScale ?? 1);
  message = mode === 'prepare' ? await prepare(name, scale) : await run(name, scale);
} catch (err) {
  message = { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}
// Exit at once: open handles (idle sockets, timers) must not keep a finished benchmark alive.
if (process.send) process.send(message, () => process.exit(message.ok ? 0 : 1));
else console.log(JSON.stringify(message, null, 2));
