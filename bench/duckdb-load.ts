// DuckDB alone: what loading VPC flow rows into the store's `events` table costs, with nothing else
// in the process. Rows are made by the real flow event builder, encoded by the store's RowEncoder
// into its load files, then loaded with the store's own statement (`loadFile`) into a file
// database created by the store's schema with the store's settings. Only the loads and COMMITs
// are timed; process CPU includes DuckDB's threads. Each case runs in a fresh child process so
// peak RSS is the case's own.
//
//   npm run bench:duckdb                 # 1,000,000 rows per case
//   npm run bench:duckdb -- 2000000      # more rows
//
// Cases: rows per transaction (50,000 = the store's chunk of a large object; 122,880 = one DuckDB
// row group; all rows in one), DuckDB threads (default = one per core, or 1), and "parse only":
// the same read_csv aggregated instead of inserted, to tell parsing from storing.
import { fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { createVpcFlowEventBuilder } from '../src/events/index.ts';
import { RowEncoder, loadFile } from '../src/store/bulk-load.ts';
import { DetailKind, ensureSchema } from '../src/store/schema.ts';

interface Case {
  name: string;
  perTransaction: number;
  threads?: number;
  parseOnly?: boolean;
}

interface Result {
  seconds: number;
  cpuSeconds: number;
  rssBeforeMB: number;
  peakRssMB: number;
  checkpointCpuSeconds: number;
}

/** Rows per load file: the size of one store chunk. */
const FILE_ROWS = 50_000;
const V2 = ['version', 'account_id', 'interface_id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log_status'];

/** Writes `rows` encoded flow rows as load files of FILE_ROWS rows; returns the files and their (object id, time base) pairs. */
async function makeFiles(dir: string, rows: number): Promise<{ file: string; base: [number, number] }[]> {
  const build = createVpcFlowEventBuilder(V2, { bucket: 'acme-flows', key: 'k', accountAlias: '', accountId: '123456789012', region: 'us-east-1', flowLogId: 'fl-0abc' });
  const encoder = new RowEncoder();
  const files: { file: string; base: [number, number] }[] = [];
  let off = 0;
  for (let f = 0; f * FILE_ROWS < rows; f++) {
    const objectId = f + 1;
    encoder.start(objectId);
    for (let j = 0; j < FILE_ROWS && f * FILE_ROWS + j < rows; j++) {
      const i = f * FILE_ROWS + j;
      const start = 1_717_200_000 + Math.floor(i / 50);
      // Addresses and ports of many hosts, so DuckDB's dictionaries and statistics work as on real flows.
      const event = build(['2', '123456789012', `eni-0a1b2c3d4e5f${60_718 + (i % 40)}`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        `172.31.${i % 7}.${(i * 7) % 250}`, String(1024 + (i % 60_000)), i % 3 === 0 ? '443' : String(i % 1024), '6', String(i % 90),
        String((i * 13) % 100_000), String(start), String(start + 60), i % 5 === 0 ? 'REJECT' : 'ACCEPT', 'OK']);
      encoder.add(i + 1, event.columns, DetailKind.line, off, 110);
      off += 110;
    }
    const encoded = encoder.take();
    const file = join(dir, `load-${f}.csv`);
    await writeFile(file, encoded.rows);
    files.push({ file, base: [objectId, encoded.timeBase] });
  }
  return files;
}

/** Runs one case in this process. */
async function runCase(c: Case, rows: number): Promise<Result> {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-bench-duckdb-'));
  try {
    const files = await makeFiles(dir, rows);
    const instance = await DuckDBInstance.create(join(dir, 'awsmon.duckdb'), {
      preserve_insertion_order: 'false', checkpoint_threshold: '64MB', memory_limit: '64MB', temp_directory: join(dir, 'tmp'),
      ...(c.threads === undefined ? {} : { threads: String(c.threads) }),
    });
    const conn = await instance.connect();
    await ensureSchema(conn);
    // Garbage of the generation is not DuckDB's.
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let inTransaction = 0;
    for (const { file, base } of files) {
      if (inTransaction === 0) await conn.run('BEGIN TRANSACTION');
      if (c.parseOnly) {
        await conn.run(`SELECT count(*), max(src_ip), max(dst_ip), max(action), sum(bytes) FROM read_csv($1, delim='\x1f', quote='', escape='',
          nullstr='\x02', header=false, auto_detect=false, columns={'id':'BIGINT','object_id':'INTEGER','ts':'BIGINT','source':'VARCHAR',
          'account_id':'VARCHAR','region':'VARCHAR','src_ip':'VARCHAR','dst_ip':'VARCHAR','src_port':'INTEGER','dst_port':'INTEGER',
          'protocol':'INTEGER','action':'VARCHAR','event_name':'VARCHAR','user_name':'VARCHAR','bytes':'BIGINT','packets':'BIGINT',
          'detail_kind':'UTINYINT','body_off':'BIGINT','body_len':'INTEGER'})`, [file]);
      } else {
        await loadFile(conn, file, [base]);
      }
      inTransaction += FILE_ROWS;
      if (inTransaction >= c.perTransaction) {
        await conn.run('COMMIT');
        inTransaction = 0;
      }
    }
    if (inTransaction > 0) await conn.run('COMMIT');
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    await conn.run('CHECKPOINT');
    const cpuAll = process.cpuUsage(cpu0);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    conn.closeSync();
    instance.closeSync();
    return {
      seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, checkpointCpuSeconds: (cpuAll.user + cpuAll.system - cpu.user - cpu.system) / 1e6,
      rssBeforeMB: rssBefore / 1e6, peakRssMB: peak / 1e6,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const CASES: Case[] = [
  { name: 'parse only (read_csv, no insert), 1 thread', perTransaction: Number.POSITIVE_INFINITY, threads: 1, parseOnly: true },
  { name: '50,000 rows per transaction (store chunk)', perTransaction: 50_000 },
  { name: '50,000 rows per transaction, 1 thread', perTransaction: 50_000, threads: 1 },
  { name: '150,000 rows per transaction (> 1 row group)', perTransaction: 150_000 },
  { name: '150,000 rows per transaction, 1 thread', perTransaction: 150_000, threads: 1 },
  { name: 'all rows in one transaction', perTransaction: Number.POSITIVE_INFINITY },
  { name: 'all rows in one transaction, 1 thread', perTransaction: Number.POSITIVE_INFINITY, threads: 1 },
];

const self = fileURLToPath(import.meta.url);
if (process.argv[2] === '--case') {
  const result = await runCase(CASES[Number(process.argv[3])]!, Number(process.argv[4]));
  process.send?.(result);
} else {
  const rows = Number(process.argv[2] ?? 1_000_000);
  console.log(`DuckDB load of ${rows.toLocaleString('en-US')} VPC flow rows into the store's events table (load files of ${FILE_ROWS.toLocaleString('en-US')} rows)\n`);
  console.log('| case | seconds | rows/s | CPU µs/row | + final CHECKPOINT CPU s | RSS before → peak MB |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (let i = 0; i < CASES.length; i++) {
    const child = fork(self, ['--case', String(i), String(rows)], { execArgv: ['--import', 'tsx', '--expose-gc'] });
    const result = await new Promise<Result>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Result));
      child.once('exit', (code) => reject(new Error(`case ${CASES[i]!.name} exited with code ${code}`)));
    });
    child.removeAllListeners('exit');
    const r = result;
    console.log(`| ${CASES[i]!.name} | ${r.seconds.toFixed(2)} | ${Math.round(rows / r.seconds).toLocaleString('en-US')} | ${((r.cpuSeconds * 1e6) / rows).toFixed(2)} | ${r.checkpointCpuSeconds.toFixed(2)} | ${r.rssBeforeMB.toFixed(0)} → ${r.peakRssMB.toFixed(0)} |`);
  }
}
