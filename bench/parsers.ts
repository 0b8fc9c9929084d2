/**
 * The formats and events stages alone, on gzip objects held in memory: decompression, the
 * CloudTrail and VPC flow parsers (as the collector calls them, through `decodeObject`), and the
 * event builders over already-parsed records. No network, no store.
 */
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { createRng, gzipDeterministic, trailText } from '../src/demo/index.ts';
import { cloudTrailEvent, createVpcFlowEventBuilder } from '../src/events/index.ts';
import { decodeObject, parseCloudTrail, parseVpcFlow } from '../src/formats/index.ts';
import { BENCH_ACCOUNT, cloudTrailMixRecord, FLOW_HEADER, flowMixLine } from './records.ts';
import { since, type BenchRow, type RssSampler } from './measure.ts';

const CT_PER_OBJECT = 500;
const FLOW_PER_OBJECT = 100_000;
const CT_KEY = `AWSLogs/${BENCH_ACCOUNT}/CloudTrail/us-east-1/2024/06/01/${BENCH_ACCOUNT}_CloudTrail_us-east-1_20240601T0000Z_benchbenchbench0.json.gz`;
const FLOW_KEY = `AWSLogs/${BENCH_ACCOUNT}/vpcflowlogs/us-east-1/2024/06/01/${BENCH_ACCOUNT}_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f60718_20240601T0000Z_0badf00d.log.gz`;

interface Corpus { objects: Buffer[]; records: number; compressed: number; uncompressed: number }

function corpus(records: number, perObject: number, text: (count: number, i: number) => string): Corpus {
  const out: Corpus = { objects: [], records: 0, compressed: 0, uncompressed: 0 };
  for (let i = 0; out.records < records; i++) {
    const count = Math.min(perObject, records - out.records);
    const t = text(count, i);
    const gz = gzipDeterministic(t);
    out.objects.push(gz);
    out.records += count;
    out.compressed += gz.length;
    out.uncompressed += Buffer.byteLength(t);
  }
  return out;
}

const body = (gz: Buffer): Readable => Readable.from([gz], { objectMode: false });

async function timeParse(c: Corpus, parse: (gz: Buffer) => Promise<number>): Promise<{ records: number; seconds: number }> {
  await parse(c.objects[0]!); // warm-up: let the JIT see the hot path before timing
  const t0 = performance.now();
  let records = 0;
  for (const gz of c.objects) records += await parse(gz);
  return { records, seconds: since(t0) };
}

/** Runs the parser and event-builder measurements; `scale` multiplies the corpora (100k CloudTrail records, 2M flow lines). */
export async function runParsers(scale: number, sampler: RssSampler): Promise<BenchRow[]> {
  const ctRecords = Math.max(CT_PER_OBJECT, Math.round(100_000 * scale));
  const flowRecords = Math.max(FLOW_PER_OBJECT, Math.round(2_000_000 * scale));
  const ct = corpus(ctRecords, CT_PER_OBJECT, (count, i) => {
    const rng = createRng(7, 'parsers-ct', i);
    return trailText(Array.from({ length: count }, (_, r) => cloudTrailMixRecord(rng, 'us-east-1', Date.UTC(2024, 5, 1) + r * 600)));
  });
  const flows = corpus(flowRecords, FLOW_PER_OBJECT, (count, i) => {
    const rng = createRng(7, 'parsers-flow', i);
    const lines = [FLOW_HEADER];
    for (let r = 0; r < count; r++) lines.push(flowMixLine(rng, 1717200000));
    return `${lines.join('\n')}\n`;
  });
  const rows: BenchRow[] = [];
  const push = (benchmark: string, r: { records: number; seconds: number }, c: Corpus | undefined, note: string): void => {
    rows.push({ benchmark, ...r, compressedBytes: c?.compressed, uncompressedBytes: c?.uncompressed, peakRssMB: sampler.peakMB(), note });
  };

  const ctx = { bucket: 'bench', key: CT_KEY };
  const gunzip = async (c: Corpus): Promise<{ records: number; seconds: number }> => {
    const { seconds } = await timeParse(c, (gz) => { gunzipSync(gz); return Promise.resolve(0); });
    return { records: c.records, seconds };
  };
  push('gunzip cloudtrail (zlib)', await gunzip(ct), ct, 'gunzipSync of each object: the floor under any parser');
  push('parseCloudTrail', await timeParse(ct, async (gz) => {
    let n = 0;
    for await (const batch of parseCloudTrail(decodeObject(body(gz), ctx), ctx)) n += batch.length;
    return n;
  }), ct, `decodeObject + parseCloudTrail, objects of ${CT_PER_OBJECT} records`);

  const flowCtx = { bucket: 'bench', key: FLOW_KEY };
  push('gunzip vpcflow (zlib)', await gunzip(flows), flows, 'gunzipSync of each object');
  push('parseVpcFlow', await timeParse(flows, async (gz) => {
    let n = 0;
    for await (const batch of parseVpcFlow(decodeObject(body(gz), flowCtx), flowCtx)) n += batch.rows.length;
    return n;
  }), flows, `decodeObject + parseVpcFlow, objects of ${FLOW_PER_OBJECT.toLocaleString('en-US')} lines`);

  // Event builders over records parsed beforehand (one object's worth, built repeatedly).
  const eventCtx = { bucket: 'bench', key: CT_KEY, accountAlias: '', accountId: BENCH_ACCOUNT, region: 'us-east-1' };
  const parsed: Record<string, unknown>[] = [];
  for (const gz of ct.objects.slice(0, 20)) for await (const b of parseCloudTrail(decodeObject(body(gz), ctx), ctx)) parsed.push(...b);
  const ctRounds = Math.max(1, Math.round(ctRecords / parsed.length));
  for (const r of parsed) cloudTrailEvent(r, eventCtx);
  let t0 = performance.now();
  for (let k = 0; k < ctRounds; k++) for (const r of parsed) cloudTrailEvent(r, eventCtx);
  push('cloudTrailEvent', { records: ctRounds * parsed.length, seconds: since(t0) }, undefined, 'event builder alone, records already parsed');

  const rowsOfObject: string[][] = [];
  let fields: readonly string[] = [];
  for await (const b of parseVpcFlow(decodeObject(body(flows.objects[0]!), flowCtx), flowCtx)) { fields = b.fields; rowsOfObject.push(...b.rows); }
  const build = createVpcFlowEventBuilder(fields, { ...eventCtx, key: FLOW_KEY, flowLogId: 'fl-0a1b2c3d4e5f60718' });
  for (const v of rowsOfObject) build(v);
  const flowRounds = Math.max(1, Math.round(flowRecords / rowsOfObject.length));
  t0 = performance.now();
  for (let k = 0; k < flowRounds; k++) for (const v of rowsOfObject) build(v);
  push('vpcFlow event builder', { records: flowRounds * rowsOfObject.length, seconds: since(t0) }, undefined, 'createVpcFlowEventBuilder per object, called per row');
  return rows;
}
