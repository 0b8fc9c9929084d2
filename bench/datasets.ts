/**
 * Benchmark data sets, generated once under bench/.data/ and reused while their manifest matches:
 * each set is a folder holding one bucket folder (served by bench/s3-server.ts) and manifest.json.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { cloudTrailKey, createRng, gzipDeterministic, trailText, vpcFlowKey, type CloudTrailRecord } from '../src/demo/index.ts';
import { BENCH_ACCOUNT, BENCH_REGIONS, cloudTrailMixRecord, FLOW_HEADER, flowMixLine } from './records.ts';

/** Bumped whenever generation changes, so old data sets are regenerated. */
const GENERATOR_VERSION = 2;
const SEED = 20240601;
/** The first day of every data set; `onlyLogsAfter` of the benchmark buckets. */
export const FIRST_DAY = '2024-06-01';
const DAY0 = Date.parse(`${FIRST_DAY}T00:00:00Z`);
const FLOW_LOG_ID = 'fl-0a1b2c3d4e5f60718';
/** Where data sets live (gitignored). */
export const DATA_ROOT = join(dirname(fileURLToPath(import.meta.url)), '.data');

/** What to generate. */
export interface DatasetSpec {
  kind: 'cloudtrail' | 'vpcflow' | 'vpcflow-one-object';
  /** Records to write (cloudtrail, vpcflow), or uncompressed bytes of the one object. */
  size: number;
  /** Records per object, inclusive range (unused for the one object). */
  perObject: readonly [number, number];
}

/** A generated data set, as its manifest records it. */
export interface Dataset {
  spec: DatasetSpec;
  version: number;
  /** The folder served as S3 (its one sub-folder is the bucket). */
  root: string;
  bucket: string;
  records: number;
  objects: number;
  compressedBytes: number;
  uncompressedBytes: number;
  /** The listing's `today`: the day of the newest object. */
  lastDay: string;
  generateSeconds: number;
}

const isoDay = (t: number): string => new Date(t).toISOString().slice(0, 10);
const sameSpec = (a: DatasetSpec, b: DatasetSpec): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The data set of `spec`: read from its manifest when it matches, else (re)generated. */
export async function ensureDataset(spec: DatasetSpec): Promise<Dataset> {
  const root = join(DATA_ROOT, `${spec.kind}-${spec.size}`);
  const manifestFile = join(root, 'manifest.json');
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Dataset;
    if (manifest.version === GENERATOR_VERSION && sameSpec(manifest.spec, spec)) return { ...manifest, root };
  }
  rmSync(root, { recursive: true, force: true });
  const t0 = performance.now();
  const bucket = `bench-${spec.kind}`;
  const bucketDir = join(root, bucket);
  const written = spec.kind === 'cloudtrail' ? writeCloudTrail(bucketDir, spec)
    : spec.kind === 'vpcflow' ? writeFlows(bucketDir, spec)
      : await writeOneFlowObject(bucketDir, spec.size);
  const dataset: Dataset = { spec, version: GENERATOR_VERSION, root, bucket, ...written, generateSeconds: (performance.now() - t0) / 1000 };
  // Written last: a run interrupted while generating leaves no manifest, so the set is rebuilt.
  writeFileSync(manifestFile, `${JSON.stringify(dataset, null, 2)}\n`);
  return dataset;
}

type Written = Pick<Dataset, 'records' | 'objects' | 'compressedBytes' | 'uncompressedBytes' | 'lastDay'>;

function put(bucketDir: string, key: string, body: Buffer): void {
  const file = join(bucketDir, key);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, body);
}

/** Splits `total` into object sizes drawn from `range`. */
function objectSizes(total: number, range: readonly [number, number], seed: string): number[] {
  const rng = createRng(SEED, seed);
  const sizes: number[] = [];
  for (let left = total; left > 0;) {
    const n = Math.min(left, rng.int(range[0], range[1]));
    sizes.push(n);
    left -= n;
  }
  return sizes;
}

/** CloudTrail log files, one per region and 5-minute window, in AWS's key layout. */
function writeCloudTrail(bucketDir: string, spec: DatasetSpec): Written {
  const out: Written = { records: 0, objects: 0, compressedBytes: 0, uncompressedBytes: 0, lastDay: FIRST_DAY };
  const sizes = objectSizes(spec.size, spec.perObject, 'ct-sizes');
  sizes.forEach((count, i) => {
    const region = BENCH_REGIONS[i % BENCH_REGIONS.length]!;
    const window = DAY0 + Math.floor(i / BENCH_REGIONS.length) * 300_000;
    const rng = createRng(SEED, 'ct', i);
    const records: CloudTrailRecord[] = [];
    for (let r = 0; r < count; r++) records.push(cloudTrailMixRecord(rng, region, window + Math.floor((r * 300_000) / count)));
    writeObject(bucketDir, out, cloudTrailKey(BENCH_ACCOUNT, region, window, rng.alnum(16)), trailText(records), count, window);
  });
  return out;
}

/** Gzips `text` to `key` and counts it into `out`. */
function writeObject(bucketDir: string, out: Written, key: string, text: string, records: number, window: number): void {
  const body = gzipDeterministic(text);
  put(bucketDir, key, body);
  out.records += records;
  out.objects += 1;
  out.compressedBytes += body.length;
  out.uncompressedBytes += Buffer.byteLength(text);
  out.lastDay = isoDay(window);
}

/** Flow-log files of one flow log, one per 10-minute window. */
function writeFlows(bucketDir: string, spec: DatasetSpec): Written {
  const out: Written = { records: 0, objects: 0, compressedBytes: 0, uncompressedBytes: 0, lastDay: FIRST_DAY };
  objectSizes(spec.size, spec.perObject, 'flow-sizes').forEach((count, i) => {
    const window = DAY0 + i * 600_000;
    const rng = createRng(SEED, 'flow', i);
    const lines = [FLOW_HEADER];
    for (let r = 0; r < count; r++) lines.push(flowMixLine(rng, window / 1000));
    writeObject(bucketDir, out, vpcFlowKey(BENCH_ACCOUNT, 'us-east-1', FLOW_LOG_ID, window, rng.hex(8)), `${lines.join('\n')}\n`, count, window);
  });
  return out;
}

/** One flow-log object of at least `bytes` uncompressed, streamed through gzip to disk (never held whole). */
async function writeOneFlowObject(bucketDir: string, bytes: number): Promise<Written> {
  const rng = createRng(SEED, 'one-object');
  const key = vpcFlowKey(BENCH_ACCOUNT, 'us-east-1', FLOW_LOG_ID, DAY0, rng.hex(8));
  const file = join(bucketDir, key);
  mkdirSync(dirname(file), { recursive: true });
  let records = 0;
  let written = 0;
  function* chunks(): Generator<string> {
    let chunk = `${FLOW_HEADER}\n`;
    written = chunk.length;
    while (written < bytes) {
      const line = `${flowMixLine(rng, DAY0 / 1000 + Math.floor(records / 20_000) * 60)}\n`;
      chunk += line;
      written += line.length;
      records += 1;
      if (chunk.length >= 1 << 20) { yield chunk; chunk = ''; }
    }
    yield chunk;
  }
  await pipeline(Readable.from(chunks()), createGzip({ level: 6 }), createWriteStream(file));
  return { records, objects: 1, compressedBytes: statSync(file).size, uncompressedBytes: written, lastDay: FIRST_DAY };
}
