/**
 * A stream of JSON objects one after the other, separated by nothing or white space: what Kinesis
 * Data Firehose writes when it delivers EventBridge events to S3 (`{...}{...}`), and JSON lines.
 * Record boundaries are found by scanning; each record is parsed by `JSON.parse`.
 */
import type { Readable } from 'node:stream';
import { formatError, maxRecordBytes } from './context.ts';
import type { ParseContext } from './context.ts';
import { compositeEnd, skipWhitespace } from './json-scan.ts';
import type { CompositeScan } from './json-scan.ts';
import { textChunks } from './text.ts';

/** Records per batch. */
export const OBJECTS_PER_BATCH = 500;

/** A batch of parsed objects and the 1-based number of its first record. */
export interface JsonObjectBatch {
  records: Record<string, unknown>[];
  firstRecord: number;
}

/**
 * Streams the JSON objects of `text` in batches. A value that is not an object, invalid JSON, or
 * text ending inside a record fails with FORMAT_BAD_JSON naming the record; a record over the
 * size limit fails with FORMAT_RECORD_TOO_LARGE.
 */
export async function* jsonObjects(text: Readable, ctx: ParseContext, batchSize = OBJECTS_PER_BATCH): AsyncGenerator<JsonObjectBatch, void, undefined> {
  const limit = maxRecordBytes(ctx);
  let buf = '';
  let record = 0;
  let batch: Record<string, unknown>[] = [];
  let firstRecord = 1;
  /** The scan of the record that starts at buf[0], when one has started. */
  let scan: CompositeScan | undefined;
  const notObject = (n: number, found: string) =>
    formatError('FORMAT_BAD_JSON', ctx, `the value is not a JSON object (it starts with '${found}')`, { record: n });

  for await (const chunk of textChunks(text)) {
    buf += chunk;
    for (;;) {
      if (scan === undefined) {
        const start = skipWhitespace(buf, 0);
        buf = buf.slice(start);
        if (buf.length === 0) break;
        if (buf.charCodeAt(0) !== 123) throw notObject(record + 1, buf.slice(0, 20));
        scan = { pos: 0, depth: 0, inString: false };
      }
      const end = compositeEnd(buf, scan);
      if (end < 0) {
        if (buf.length > limit) throw formatError('FORMAT_RECORD_TOO_LARGE', ctx, `record is longer than ${limit} bytes`, { record: record + 1 });
        break;
      }
      record++;
      const body = buf.slice(0, end);
      buf = buf.slice(end);
      scan = undefined;
      if (body.length > limit && Buffer.byteLength(body) > limit) {
        throw formatError('FORMAT_RECORD_TOO_LARGE', ctx, `record is longer than ${limit} bytes`, { record });
      }
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch (err) {
        throw formatError('FORMAT_BAD_JSON', ctx, `invalid JSON: ${(err as Error).message}`, { record }, err);
      }
      batch.push(value as Record<string, unknown>);
      if (batch.length >= batchSize) {
        yield { records: batch, firstRecord };
        batch = [];
        firstRecord = record + 1;
      }
    }
  }
  if (scan !== undefined || skipWhitespace(buf, 0) < buf.length) {
    throw formatError('FORMAT_BAD_JSON', ctx, 'the object ends inside a JSON record (truncated)', { record: record + 1 });
  }
  if (batch.length > 0) yield { records: batch, firstRecord };
}
