/**
 * `npm run bench`: runs each benchmark in its own child process (bench/child.ts) and prints one
 * table. Options: --only NAME[,NAME] · --scale N (multiplies data sizes) · --json · --profile
 * (writes V8 CPU profiles of each measured child to bench/.data/profiles/NAME-TIME/; summarise the
  * largest with bench/profile-summary.ts) · --strict (exit 1 when a target is missed, not only on errors).
 */
import { fork } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ChildMessage } from './child.ts';
import { DATA_ROOT } from './datasets.ts';
import { rate, targetText, type BenchRow } from './measure.ts';
import { BENCHMARKS, type BenchmarkName } from './suite.ts';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'child.ts');

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    scale: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
  },
});
const scale = Number(values.scale);
if (!Number.isFinite(scale) || scale <= 0) throw new Error(`--scale must be a positive number, got '${values.scale}'`);
const wanted = values.only?.split(',').map((s) => s.trim()) ?? [...BENCHMARKS];
const unknown = wanted.filter((w) => !BENCHMARKS.includes(w as BenchmarkName));
if (unknown.length > 0) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; known: ${BENCHMARKS.join(', ')}`);
const selected = BENCHMARKS.filter((b) => wanted.includes(b));
const log = (line: string): void => { if (!values.json) process.stderr.write(`${line}\n`); };

/** BENCH_NODE_FLAGS: extra node/V8 flags for the benchmark children (`--trace-gc`, heap sizes), for experiments. */
const nodeFlags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];

function child(mode: 'prepare' | 'run', name: BenchmarkName): Promise<ChildMessage> {
  // One folder per run: the main thread and tsx's loader thread each write a profile (the main one is the larger).
  const profile = mode === 'run' && values.profile ? ['--cpu-prof', '--cpu-prof-dir', join(DATA_ROOT, 'profiles', `${name}-${Date.now()}`)] : [];
  const proc = fork(CHILD, [mode, name, String(scale)], { execArgv: ['--import', 'tsx', '--disable-warning=NodeVersionSupportWarning', ...profile, ...nodeFlags], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve) => {
    let message: ChildMessage | undefined;
    proc.on('message', (m) => { message = m as ChildMessage; });
    proc.on('exit', (code, signal) => resolve(message ?? { ok: false, error: `child exited with ${signal ?? `code ${code}`} without a result` }));
  });
}

const rows: BenchRow[] = [];
const errors: string[] = [];
const started = performance.now();
for (const name of selected) {
  log(`[bench] ${name}: preparing data...`);
  const prepared = await child('prepare', name);
  if (!prepared.ok) { errors.push(`${name}: ${prepared.error}`); continue; }
  if (prepared.generated) log(`[bench] ${name}: data ${prepared.generated.reused ? 'reused' : 'generated'} in ${prepared.generated.seconds.toFixed(1)} s`);
  log(`[bench] ${name}: running...`);
  const result = await child('run', name);
  if (!result.ok) { errors.push(`${name}: ${result.error}`); continue; }
  rows.push(...result.rows);
}
const totalSeconds = (performance.now() - started) / 1000;

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const mbps = (bytes: number | undefined, seconds: number): string => (bytes === undefined ? '-' : (bytes / 1e6 / seconds).toFixed(1));
const verdict = (r: BenchRow): string => (r.correct === false ? 'FAIL (lost events)' : r.pass === undefined ? '-' : r.pass ? 'pass' : 'FAIL');

if (values.json) {
  const machine = { nproc: cpus().length, cpu: cpus()[0]?.model, memGB: +(totalmem() / 1e9).toFixed(1), node: process.version };
  console.log(JSON.stringify({ scale, machine, totalSeconds, rows: rows.map((r) => ({ ...r, recordsPerSecond: rate(r) })), errors }, null, 2));
} else {
  const header = ['benchmark', 'records', 'seconds', 'records/s', 'MB/s gz', 'MB/s raw', 'peak RSS MB', 'target', 'result'];
  const table = rows.map((r) => [r.benchmark, int(r.records), r.seconds.toFixed(2), int(rate(r)), mbps(r.compressedBytes, r.seconds),
    mbps(r.uncompressedBytes, r.seconds), int(r.peakRssMB), targetText(r.target), verdict(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 || i >= 7 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\nawsmon benchmarks (scale ${scale}; ${cpus().length} CPUs, ${cpus()[0]?.model ?? '?'}, Node ${process.version}; ${totalSeconds.toFixed(0)} s in all)\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const t of table) console.log(line(t));
  console.log('\nMB/s gz = compressed input (as stored in S3), MB/s raw = after gunzip. Peak RSS is per benchmark process.');
  for (const r of rows) if (r.note) console.log(`  ${r.benchmark}: ${r.note}`);
  for (const e of errors) console.log(`ERROR ${e}`);
}
const failed = errors.length > 0 || rows.some((r) => r.correct === false) || (values.strict && rows.some((r) => r.pass === false));
process.exitCode = failed ? 1 : 0;
