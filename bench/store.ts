// Store write throughput: VPC flow events (~400-byte messages) through openDuckDbStore, objects
// of 200k events written in batches of 1,000, 1 or 2 objects in flight, with and without
// archives.json. Prints rows/s and peak RSS. Usage: node --import tsx bench/store.ts [events]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDbStore } from '../src/store/index.ts';
import type { AwsmonEvent } from '../src/core/index.ts';

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const PER_OBJECT = 200_000;
const BATCH = 1_000;

function flow(i: number, key: string): AwsmonEvent {
  const start = 1717200000 + (i % 86400);
  const src = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const dst = `172.31.${i % 7}.${i % 250}`;
  const action = i % 5 === 0 ? 'REJECT' : 'ACCEPT';
  return {
    message: { integration: 'aws', aws: {
      version: '2', account_id: '123456789012', interface_id: 'eni-0a1b2c3d4e5f60718', srcaddr: src, dstaddr: dst,
      srcport: String(1024 + (i % 60000)), dstport: '443', protocol: '6', packets: String(i % 90), bytes: String(i % 100000),
      start: new Date(start * 1000).toISOString().slice(0, 19) + 'Z', end: new Date((start + 60) * 1000).toISOString().slice(0, 19) + 'Z',
      action, log_status: 'OK', source: 'vpc', log_info: { aws_account_alias: '', log_file: key, s3bucket: 'acme-flow-logs' },
    } },
    columns: { time: start * 1000, source: 'vpc', account: '123456789012', region: 'us-east-1', bucket: 'acme-flow-logs', key,
      srcIp: src, dstIp: dst, srcPort: 1024 + (i % 60000), dstPort: 443, protocol: 6, action, bytes: i % 100000, packets: i % 90 },
  };
}

let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);

async function run(parallel: number, archives: boolean): Promise<{ rows: number; seconds: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'awsmon-bench-store-'));
  const store = await openDuckDbStore({ path: join(dir, 'awsmon.duckdb'), archivesFile: archives ? join(dir, 'archives', 'archives.json') : undefined });
  const scope = { bucketPath: 'acme-flow-logs/', accountId: '123456789012', region: 'us-east-1' };
  const objects = Math.ceil(TOTAL / PER_OBJECT);
  let next = 0;
  let rows = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < objects) {
      const o = next++;
      const key = `AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/06/01/123456789012_vpcflowlogs_us-east-1_fl-0abc_20240601T${String(o).padStart(4, '0')}Z_f00d.log.gz`;
      const tx = await store.beginObject(scope, { key, createdDate: '2024-06-01' });
      const base = o * PER_OBJECT;
      for (let b = 0; b < PER_OBJECT; b += BATCH) {
        const batch = Array.from({ length: BATCH }, (_, j) => flow(base + b + j, key));
        await tx.write(batch);
      }
      const n = await tx.commit();
      rows += n;
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  await rm(dir, { recursive: true, force: true });
  return { rows, seconds };
}

// Event construction is part of the loop; measure it alone to subtract.
const g0 = performance.now();
for (let i = 0; i < 200_000; i++) flow(i, 'k');
const genPerRow = (performance.now() - g0) / 1000 / 200_000;

const table: Record<string, string | number>[] = [];
for (const [parallel, archives] of [[1, false], [2, false], [2, true]] as const) {
  peak = 0;
  const { rows, seconds } = await run(parallel, archives);
  const storeSeconds = seconds - genPerRow * rows;
  table.push({ case: `${parallel} object(s) in flight${archives ? ' + archives.json' : ''}`, rows,
    'rows/s (incl. event generation)': Math.round(rows / seconds), 'rows/s (store only)': Math.round(rows / storeSeconds),
    'peak RSS MB': Math.round(peak / 1e6) });
}
clearInterval(sampler);
console.table(table);
