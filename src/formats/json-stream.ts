/**
 * A stream of JSON objects one after the other: JSON lines, or objects written back to back with
 * no separator, as Kinesis Data Firehose delivers EventBridge events and WAF logs
 * (https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html). Object boundaries are
 * found by scanning; each object is parsed by `JSON.parse`. Only one partial object is held.
 */
import { Readable } from 'node:stream';
import { formatError, maxRecordBytes } from './context.ts';
import type { ParseContext } from './context.ts';
import { compositeEnd, skipWhitespace } from './json-scan.ts';
import type { CompositeScan } from './json-scan.ts';
import { textChunks } from './text.ts';

const NO_NEWLINE = -3;

/** Objects per batch. */
export const JSON_OBJECTS_PER_BATCH = 500;

/** Parsed objects, with the 1-based record number and line of the first one. */
export interface JsonObjectBatch {
  records: Record<string, unknown>[];
  firstRecord: number;
  /** `lines[i]` is the 1-based line where `records[i]` starts. */
  lines: number[];
}

/** Line breaks in `s` from `from` up to `to`; looks no further than `to` (objects back to back have none between them). */
function countNewlines(s: string, from: number, to: number): number {
  if (from >= to) return 0;
  let n = 0;
  let i = s.indexOf('\n', from);
  while (i >= 0 && i < to) {
    n++;
    i = s.indexOf('\n', i + 1);
  }
  return n;
}

/**
 * Streams the objects of a JSON object stream in batches. Anything other than an object at the
 * top level, invalid JSON, or an object cut off at the end fails with FORMAT_BAD_JSON naming the
 * record and line; an object larger than the record limit fails with FORMAT_RECORD_TOO_LARGE.
 */
export function parseJsonObjects(text: Readable, ctx: ParseContext, batchSize = JSON_OBJECTS_PER_BATCH): AsyncGenerator<JsonObjectBatch, void, undefined> {
  return objectStream(text, ctx, batchSize, BUCKET_WORDING);
}

/**
 * The same stream as a `buckets` subscriber reads it: errors name the record only, and a complete
 * record over the size limit fails too (FORMAT_RECORD_TOO_LARGE).
 */
export function jsonObjects(text: Readable, ctx: ParseContext, batchSize = JSON_OBJECTS_PER_BATCH): AsyncGenerator<JsonObjectBatch, void, undefined> {
  return objectStream(text, ctx, batchSize, SUBSCRIBER_WORDING);
}

/** How one entry point reports, and whether it checks complete records against the size limit. */
interface StreamWording {
  withLine: boolean;
  checkComplete: boolean;
  notObject: (head: string) => string;
  tooLarge: (limit: number) => string;
  truncated: string;
}

const BUCKET_WORDING: StreamWording = {
  withLine: true,
  checkComplete: false,
  notObject: (head) => `expected a JSON object, found ${JSON.stringify(head)}`,
  tooLarge: (limit) => `JSON object is longer than ${limit} bytes`,
  truncated: 'the object stream ends inside a JSON object (truncated object?)',
};
const SUBSCRIBER_WORDING: StreamWording = {
  withLine: false,
  checkComplete: true,
  notObject: (head) => `the value is not a JSON object (it starts with '${head}')`,
  tooLarge: (limit) => `record is longer than ${limit} bytes`,
  truncated: 'the object ends inside a JSON record (truncated)',
};

async function* objectStream(text: Readable, ctx: ParseContext, batchSize: number, wording: StreamWording): AsyncGenerator<JsonObjectBatch, void, undefined> {
  const at = (record: number, line: number) => (wording.withLine ? { record, line } : { record });
  const limit = maxRecordBytes(ctx);
  let buf = '';
  let line = 1;
  let record = 0;
  let scan: CompositeScan | undefined;
  // Index in `buf` of the end of a line the fast path gave up on (-1: none).
  let scannedLineEnd = -1;
  // Index in `buf` of the next newline found by the last lookup; NO_NEWLINE when the rest of
  // `buf` has none; below `pos` when unknown.
  let nlAt = -1;
  let batch: JsonObjectBatch = { records: [], firstRecord: 1, lines: [] };
  const take = (): JsonObjectBatch => {
    const full = batch;
    batch = { records: [], firstRecord: record + 1, lines: [] };
    return full;
  };
  for await (const chunk of textChunks(text)) {
    buf = buf.length === 0 ? chunk : buf + chunk;
    let pos = 0;
    for (;;) {
      if (scan === undefined) {
        const start = skipWhitespace(buf, pos);
        line += countNewlines(buf, pos, start);
        pos = start;
        if (pos >= buf.length) break;
        if (buf.charCodeAt(pos) !== 123) {
          throw formatError('FORMAT_BAD_JSON', ctx, wording.notObject(buf.slice(pos, pos + 20)), at(record + 1, line));
        }
        // Fast path for JSON lines: a JSON string never holds a raw newline, so a line that
        // parses whole is one object, found without scanning it character by character. Lines
        // holding several objects (or none whole) are scanned, once.
        // The next newline is looked up once and kept, so objects back to back on one long line
        // do not search the rest of the buffer again for each object.
        if (nlAt !== NO_NEWLINE && nlAt < pos) {
          const found = buf.indexOf('\n', pos);
          nlAt = found < 0 ? NO_NEWLINE : found;
        }
        const nl = nlAt;
        // A line checked whole is at most a third of the limit in characters, so at most the limit in bytes.
        if (nl >= 0 && nl > scannedLineEnd && nl - pos <= (wording.checkComplete ? limit / 3 : limit)) {
          const value = tryParseObject(buf.slice(pos, nl));
          if (value !== undefined) {
            record++;
            batch.records.push(value);
            batch.lines.push(line);
            pos = nl;
            if (batch.records.length >= batchSize) yield take();
            continue;
          }
          scannedLineEnd = nl;
        }
        scan = { pos: pos, depth: 0, inString: false };
      }
      const end = compositeEnd(buf, scan);
      if (end < 0) {
        if (buf.length - pos > limit) throw formatError('FORMAT_RECORD_TOO_LARGE', ctx, wording.tooLarge(limit), at(record + 1, line));
        break;
      }
      scan = undefined;
      record++;
      const json = buf.slice(pos, end);
      if (wording.checkComplete && json.length > limit && Buffer.byteLength(json) > limit) {
        throw formatError('FORMAT_RECORD_TOO_LARGE', ctx, wording.tooLarge(limit), at(record, line));
      }
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch (err) {
        throw formatError('FORMAT_BAD_JSON', ctx, `invalid JSON: ${(err as Error).message}`, at(record, line), err);
      }
      batch.records.push(value as Record<string, unknown>);
      batch.lines.push(line);
      // The next newline, when known, tells whether the object holds any without searching again.
      if (nlAt !== NO_NEWLINE && nlAt < end) line += countNewlines(buf, pos, end);
      pos = end;
      if (batch.records.length >= batchSize) yield take();
    }
    // Keep only the unread tail; a scan in progress moves with it.
    if (scan !== undefined) scan.pos -= pos;
    scannedLineEnd -= pos;
    nlAt = nlAt === NO_NEWLINE ? -1 : nlAt - pos;
    buf = buf.slice(pos);
  }
  if (scan !== undefined) {
    throw formatError('FORMAT_BAD_JSON', ctx, wording.truncated, at(record + 1, line));
  }
  if (batch.records.length > 0) yield take();
}

/** The line parsed as one JSON object, or undefined when it is not exactly one object. */
function tryParseObject(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The first character of the stream that is not whitespace, and the stream to read from the start. */
export async function peekFirstChar(text: Readable): Promise<{ first: string | undefined; text: Readable }> {
  const it = textChunks(text)[Symbol.asyncIterator]();
  const head: string[] = [];
  let first: string | undefined;
  for (;;) {
    const next = await it.next();
    if (next.done) break;
    head.push(next.value);
    const trimmed = next.value.trimStart();
    if (trimmed.length > 0) {
      first = trimmed[0];
      break;
    }
  }
  async function* replay(): AsyncGenerator<string, void, undefined> {
    yield* head;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { first, text: Readable.from(replay(), { objectMode: false, encoding: 'utf8' }) };
}
