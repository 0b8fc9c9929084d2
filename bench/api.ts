/**
 * The dashboard API benchmark (DESIGN.md: p95 < 200 ms over 10 million stored events). It fills a
 * DuckDB store with N generated events (default 10,000,000: 85 % VPC flows, 15 % CloudTrail,
 * 30 days, 5 accounts, 6 regions, 2 buckets, 10,000 objects) and 0.5 % of them with alerts, in
 * SQL (generating them through the collector would measure the collector), then times the
 * Overview's queries and filtered event searches through the same EventSearch the API uses.
 *
 *   node --import tsx bench/api.ts [events] [repetitions]
 *
 * The store file is kept in bench/.data/api-<events>.duckdb and reused while it exists.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createDuckDbSearch, openDuckDbStore } from '../src/store/index.ts';
import type { EventSearch, SearchFilter } from '../src/store/index.ts';
import { DATA_ROOT } from './datasets.ts';

const EVENTS = Number(process.argv[2] ?? 10_000_000);
const REPS = Number(process.argv[3] ?? 30);
const OBJECTS = 10_000;
const START = Date.UTC(2024, 5, 1);
const DAYS = 30;
const END = START + DAYS * 86_400_000;

const EVENT_NAMES = ['ConsoleLogin', 'AssumeRole', 'GetObject', 'PutObject', 'DescribeInstances', 'CreateUser', 'CreateVpc', 'RunInstances',
  'AttachRolePolicy', 'Decrypt', 'GenerateDataKey', 'ListBuckets', 'GetCallerIdentity', 'DeleteObject', 'StopLogging', 'CreateAccessKey',
  'AuthorizeSecurityGroupIngress', 'PutBucketPolicy', 'DescribeSecurityGroups', 'GetSecretValue'];
const sqlList = (values: string[]): string => `[${values.map((v) => `'${v}'`).join(', ')}]`;

/** Fills a new store at `path` with generated rows. */
async function generate(path: string): Promise<void> {
  const store = await openDuckDbStore({ path });
  await store.close();
  const instance = await DuckDBInstance.create(path, { memory_limit: '2GB' });
  const conn = await instance.connect();
  const perObject = Math.ceil(EVENTS / OBJECTS);
  // hash() is UBIGINT; list indexes and arithmetic want BIGINT.
  await conn.run('CREATE TEMP MACRO h(x) AS CAST(hash(x) % 1000000007 AS BIGINT)');
  await conn.run(`INSERT INTO objects SELECT i, CASE WHEN i % 7 = 0 THEN 'acme-trail' ELSE 'acme-flows' END, 'AWSLogs/key-' || i, 'b/',
    '11112222' || lpad(CAST(i % 5 AS VARCHAR), 4, '0'), ${sqlList(['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'sa-east-1'])}[1 + i % 6],
    '', NULL, NULL, NULL, now()::TIMESTAMP, 0, 0 FROM range(1, ${OBJECTS + 1}) t(i)`);
  // Events in time order (as collection stores them), each object's events together.
  await conn.run(`INSERT INTO events SELECT
      i AS id,
      make_timestamp(${START * 1000}::BIGINT + (i * ${(DAYS * 86_400_000_000) / EVENTS})::BIGINT + (h(i) % 60000000)::BIGINT) AS ts,
      o AS object_id,
      CASE WHEN o % 7 = 0 THEN 'cloudtrail' ELSE 'vpc' END AS source,
      '11112222' || lpad(CAST(o % 5 AS VARCHAR), 4, '0') AS account_id,
      ${sqlList(['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'sa-east-1'])}[1 + o % 6] AS region,
      CASE WHEN o % 7 = 0 THEN '198.51.' || (h(i) % 50) || '.' || (h(i * 7) % 256)
           ELSE '10.0.' || (h(i) % 64) || '.' || (h(i * 3) % 256) END AS src_ip,
      CASE WHEN o % 7 = 0 THEN NULL ELSE '10.1.' || (h(i * 5) % 16) || '.' || (h(i * 11) % 256) END AS dst_ip,
      CASE WHEN o % 7 = 0 THEN NULL ELSE 1024 + h(i * 13) % 64000 END AS src_port,
      CASE WHEN o % 7 = 0 THEN NULL ELSE [443, 80, 22, 5432, 53, 123, 3389, 8080][1 + h(i * 17) % 8] END AS dst_port,
      CASE WHEN o % 7 = 0 THEN NULL WHEN h(i * 19) % 10 = 0 THEN 17 ELSE 6 END AS protocol,
      CASE WHEN o % 7 = 0 THEN NULL WHEN h(i * 23) % 20 = 0 THEN 'REJECT' ELSE 'ACCEPT' END AS action,
      CASE WHEN o % 7 = 0 THEN ${sqlList(EVENT_NAMES)}[1 + h(i * 29) % ${EVENT_NAMES.length}] END AS event_name,
      CASE WHEN o % 7 = 0 THEN 'user-' || (h(i * 31) % 50) END AS user_name,
      CASE WHEN o % 7 = 0 THEN NULL ELSE h(i * 37) % 1000000 END AS bytes,
      CASE WHEN o % 7 = 0 THEN NULL ELSE 1 + h(i * 41) % 1000 END AS packets,
      0, 0, 0
    FROM (SELECT i, 1 + (i - 1) // ${perObject} AS o FROM range(1, ${EVENTS + 1}) t(i))`);
  await conn.run(`INSERT INTO alerts SELECT
      row_number() OVER (ORDER BY e.id), '1717200000.' || e.id, e.id, e.ts, e.ts,
      CAST(80200 + h(e.id) % 40 AS VARCHAR), [3, 3, 3, 4, 5, 5, 6, 8, 10, 12][1 + h(e.id * 3) % 10],
      'generated alert ' || (h(e.id) % 40), ['amazon', 'aws', ${sqlList(['aws_cloudtrail', 'aws_vpcflow', 'authentication_failed', 'amazon-error'])}[1 + h(e.id) % 4]],
      [${sqlList(['T1078', 'T1110', 'T1046', 'T1098', 'T1562.008', 'T1530'])}[1 + h(e.id * 5) % 6]], '{}',
      [${sqlList(['Initial Access', 'Credential Access', 'Discovery', 'Persistence', 'Defense Evasion', 'Collection'])}[1 + h(e.id * 5) % 6]]
    FROM events e WHERE h(e.id * 43) % 200 = 0`);
  await conn.run('CHECKPOINT');
  conn.closeSync();
  instance.closeSync();
}

interface Case {
  name: string;
  run(search: EventSearch): Promise<unknown>;
}

const week: SearchFilter = { from: END - 7 * 86_400_000, to: END };
const all: SearchFilter = { from: START, to: END };

/** The Overview's panels, the flow and CloudTrail views' main queries, and filtered searches. */
const CASES: Case[] = [
  { name: 'overview: sources donut (7 d)', run: (s) => s.aggregate('events', week, { kind: 'terms', field: 'source', size: 5 }) },
  { name: 'overview: accounts donut (7 d)', run: (s) => s.aggregate('events', week, { kind: 'terms', field: 'account', size: 5 }) },
  { name: 'overview: buckets donut (7 d)', run: (s) => s.aggregate('events', week, { kind: 'terms', field: 'bucket', size: 5 }) },
  { name: 'overview: regions donut (7 d)', run: (s) => s.aggregate('events', week, { kind: 'terms', field: 'region', size: 5 }) },
  { name: 'overview: events by source over time (7 d)', run: (s) => s.aggregate('events', week, { kind: 'histogram', split: 'source' }) },
  { name: 'overview: events by bucket over time (30 d)', run: (s) => s.aggregate('events', all, { kind: 'histogram', split: 'bucket' }) },
  { name: 'overview: alerts by level over time (30 d)', run: (s) => s.aggregate('alerts', all, { kind: 'histogram', split: 'level' }) },
  { name: 'overview: top rules (30 d)', run: (s) => s.aggregate('alerts', all, { kind: 'terms', field: 'ruleId', size: 10 }) },
  { name: 'overview: top tactics (30 d)', run: (s) => s.aggregate('alerts', all, { kind: 'terms', field: 'tactic', size: 10 }) },
  { name: 'overview: top techniques (30 d)', run: (s) => s.aggregate('alerts', all, { kind: 'terms', field: 'mitre', size: 10 }) },
  { name: 'flows: bytes over time, accepted vs rejected (7 d)', run: (s) => s.aggregate('events', { ...week, source: ['vpc'] }, { kind: 'histogram', metric: 'bytes', split: 'action' }) },
  { name: 'flows: top talker pairs by bytes (1 d)', run: (s) => s.aggregate('events', { from: END - 86_400_000, to: END, source: ['vpc'] }, { kind: 'terms', field: 'pair', size: 10, metric: 'bytes' }) },
  { name: 'search: one IP, 30 d, first page', run: (s) => s.searchEvents({ ...all, ip: ['10.0.12.34'] }, { limit: 50 }) },
  { name: 'pivot: one IP, bytes over time by action (30 d)', run: (s) => s.aggregate('events', { ...all, ip: ['10.0.12.34'] }, { kind: 'histogram', metric: 'bytes', split: 'action' }) },
  { name: 'pivot: one IP, its alerts (30 d)', run: (s) => s.searchAlerts({ ...all, ip: ['10.0.12.34'] }, { limit: 50 }) },
  { name: 'search: CloudTrail event name + user, 30 d', run: (s) => s.searchEvents({ ...all, eventName: ['CreateUser'], user: ['user-7'] }, { limit: 50 }) },
  { name: 'search: free text, 7 d', run: (s) => s.searchEvents({ ...week, text: 'StopLog' }, { limit: 50 }) },
  { name: 'search: alerts level ≥ 10, 30 d', run: (s) => s.searchAlerts({ ...all, minLevel: 10 }, { limit: 50 }) },
  {
    // The cursor of page 20 is fetched once, outside the timing: a client paging deep sends one request per page.
    name: 'search: REJECT flows, the 20th page (by cursor)',
    run: async (s) => s.searchEvents({ ...all, action: ['REJECT'] }, { limit: 50, cursor: await deepCursor(s) }),
  },
];

let cursor20: string | undefined;
async function deepCursor(s: EventSearch): Promise<string | undefined> {
  if (cursor20 !== undefined) return cursor20;
  let cursor: string | undefined;
  for (let i = 0; i < 19; i++) cursor = (await s.searchEvents({ ...all, action: ['REJECT'] }, { limit: 50, cursor })).next ?? undefined;
  cursor20 = cursor;
  return cursor;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

await mkdir(DATA_ROOT, { recursive: true });
// v2: alerts carry MITRE tactics (store schema 4).
const path = join(DATA_ROOT, `api-${EVENTS}-v2.duckdb`);
if (!existsSync(path)) {
  const t0 = performance.now();
  process.stderr.write(`[api] generating ${EVENTS.toLocaleString('en-US')} events into ${path}...\n`);
  await generate(path);
  process.stderr.write(`[api] generated in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
const store = await openDuckDbStore({ path, memoryLimit: '1GB' });
const search = createDuckDbSearch(store);
const counts = await store.query('SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM alerts) AS alerts');
process.stderr.write(`[api] store: ${JSON.stringify(counts[0])}; ${REPS} repetitions per query after one warm-up\n`);
const rows: { name: string; p50: number; p95: number; max: number }[] = [];
for (const c of CASES) {
  await c.run(search);
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    await c.run(search);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  rows.push({ name: c.name, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)! });
}
await store.close();
const width = Math.max(...rows.map((r) => r.name.length));
console.log(`\nAPI queries over ${Number(counts[0]?.events).toLocaleString('en-US')} events, ${Number(counts[0]?.alerts).toLocaleString('en-US')} alerts (ms; target p95 < 200)\n`);
console.log(`${'query'.padEnd(width)}  ${'p50'.padStart(7)}  ${'p95'.padStart(7)}  ${'max'.padStart(7)}  result`);
for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.p50.toFixed(1).padStart(7)}  ${r.p95.toFixed(1).padStart(7)}  ${r.max.toFixed(1).padStart(7)}  ${r.p95 < 200 ? 'pass' : 'FAIL'}`);
