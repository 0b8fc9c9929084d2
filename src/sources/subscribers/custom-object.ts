/**
 * How a `buckets` subscriber reads an announced object, whatever it holds (reference §3.2, "sub:
 * buckets"): `.jsonl.gz` objects as JSON lines; objects starting with `{` as a stream of JSON
 * objects (an EventBridge event's `detail`, else the object); otherwise text lines, read as CSV
 * when the first line (the header) holds no digit, else as plain lines (`full_log`). Parquet
 * objects, which the Wazuh module cannot read, give one record per row.
 */
import type { Readable } from 'node:stream';
import type { EventBatch } from '../../core/index.ts';
import { FormatError, errorCode } from '../../core/index.ts';
import type { DiscardRegex } from '../../config/index.ts';
import { csvRows, decodeObject, isParquet, jsonObjects, lines, parquetJsonRows, peekStream, sniffDelimiter } from '../../formats/index.ts';
import type { LineBatch, ParseContext } from '../../formats/index.ts';
import { subscriberCsvRecord, customEvent, customLineRecord, customRecord, dropNulls, matchesAtTextStart, shouldDiscard } from '../../events/index.ts';

/** What reading one announced object needs. */
export interface AnnouncedObject {
  bucket: string;
  key: string;
  discard?: DiscardRegex | undefined;
  /** Downloads the object again, from the start (for a text object that only looked like JSON). */
  reopen(): Promise<Readable>;
}

/** Bytes looked at to find the first character that is not white space. */
const SNIFF_BYTES = 4096;

/** Python's `re.match`: the regex must match at the start of the line. */
function lineDiscarded(line: string, discard: DiscardRegex | undefined): boolean {
  return discard !== undefined && matchesAtTextStart(line, discard.regex);
}

/** Turns records into events, dropping the discarded ones. */
function toBatch(records: Iterable<Record<string, unknown>>, obj: AnnouncedObject): EventBatch {
  const batch: EventBatch = [];
  const where = { bucket: obj.bucket, key: obj.key };
  for (const record of records) {
    if (obj.discard !== undefined) {
      // Plain lines are matched whole (the Wazuh module applies the regex to `full_log`), records by `field`.
      const line = record['full_log'];
      if (typeof line === 'string' ? lineDiscarded(line, obj.discard) : shouldDiscard(record, obj.discard)) continue;
    }
    batch.push(customEvent(record, where));
  }
  return batch;
}

async function* jsonLines(text: Readable, ctx: ParseContext, obj: AnnouncedObject): AsyncIterable<EventBatch> {
  for await (const { lines: batch, firstLine } of lines(text, ctx)) {
    const records: Record<string, unknown>[] = [];
    batch.forEach((line, i) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (err) {
        throw new FormatError('FORMAT_BAD_JSON', { ...ctx, line: firstLine + i }, `invalid JSON: ${(err as Error).message}`, { cause: err });
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new FormatError('FORMAT_BAD_JSON', { ...ctx, line: firstLine + i }, 'the line is not a JSON object');
      }
      // JSON lines are sent whole (no `detail` extraction), as the Wazuh module does.
      records.push({ ...dropNulls(value as Record<string, unknown>), source: 'custom' });
    });
    const out = toBatch(records, obj);
    if (out.length > 0) yield out;
  }
}

async function* textLines(text: Readable, ctx: ParseContext, obj: AnnouncedObject): AsyncIterable<EventBatch> {
  const it = lines(text, ctx)[Symbol.asyncIterator]();
  // The first non-blank line decides between CSV (a header: no digit) and plain lines.
  const pending: LineBatch[] = [];
  let first: string | undefined;
  while (first === undefined) {
    const next = await it.next();
    if (next.done === true) break;
    pending.push(next.value);
    first = next.value.lines.find((l) => l.trim() !== '');
  }
  if (first === undefined) return;
  async function* all(): AsyncGenerator<LineBatch> {
    yield* pending;
    for (;;) {
      const next = await it.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  if (/\d/.test(first)) {
    for await (const { lines: batch } of all()) {
      const out = toBatch(batch.filter((l) => l.trim() !== '').map(customLineRecord), obj);
      if (out.length > 0) yield out;
    }
    return;
  }
  let header: string[] | undefined;
  for await (const { rows } of csvRows(all(), sniffDelimiter(first), ctx)) {
    if (header === undefined) header = rows.shift();
    const out = toBatch(rows.map((row) => subscriberCsvRecord(header!, row)), obj);
    if (out.length > 0) yield out;
  }
}

async function* parquetRows(body: Readable, ctx: ParseContext, obj: AnnouncedObject): AsyncIterable<EventBatch> {
  for await (const { rows } of parquetJsonRows(body, ctx)) {
    const out = toBatch(rows.map((text) => customRecord(JSON.parse(text) as Record<string, unknown>)), obj);
    if (out.length > 0) yield out;
  }
}

/** The events of one object announced to a `buckets` subscriber; `body` is the object as downloaded. */
export async function* readCustomObject(body: Readable, obj: AnnouncedObject): AsyncIterable<EventBatch> {
  const ctx: ParseContext = { bucket: obj.bucket, key: obj.key };
  const { head, stream } = await peekStream(decodeObject(body, ctx), SNIFF_BYTES);
  if (isParquet(head)) {
    yield* parquetRows(stream, ctx, obj);
    return;
  }
  if (/\.jsonl(\.gz)?$/.test(obj.key)) {
    yield* jsonLines(stream, ctx, obj);
    return;
  }
  const firstChar = head.toString('utf8').trimStart()[0];
  if (firstChar !== '{') {
    yield* textLines(stream, ctx, obj);
    return;
  }
  let yielded = false;
  try {
    for await (const { records } of jsonObjects(stream, ctx)) {
      const out = toBatch(records.map(customRecord), obj);
      yielded = true;
      if (out.length > 0) yield out;
    }
  } catch (err) {
    const code = errorCode(err);
    // Text that merely starts with `{` (its first record is no JSON object): read it again as lines,
    // as the Wazuh module falls back to CSV and plain text. Later bad records are errors.
    if (yielded || (code !== 'FORMAT_BAD_JSON' && code !== 'FORMAT_RECORD_TOO_LARGE') || (err as FormatError).location.record !== 1) throw err;
    stream.destroy();
    yield* textLines(decodeObject(await obj.reopen(), ctx), ctx, obj);
  }
}
