/**
 * Delimited text (RFC 4180 CSV: fields separated by a delimiter, `"` quoting with `""` for a
 * quote, quoted fields may span lines), as Python's csv module reads it in the Wazuh module:
 * values stay strings, blank lines are skipped. Streamed line by line.
 */
import type { Readable } from 'node:stream';
import { formatError, maxRecordBytes } from './context.ts';
import type { ParseContext } from './context.ts';
import { lines } from './lines.ts';

/** Rows of one batch, with the 1-based line each row starts on. */
export interface CsvBatch {
  rows: string[][];
  lines: number[];
}

/** Splits one record into fields; `undefined` when a quoted field is still open at the end. */
export function splitCsvRecord(record: string, delimiter: string): string[] | undefined {
  const fields: string[] = [];
  const d = delimiter.charCodeAt(0);
  const n = record.length;
  let i = 0;
  for (;;) {
    if (record.charCodeAt(i) === 34) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = record.indexOf('"', j);
        if (q < 0) return undefined;
        value += record.slice(j, q);
        if (record.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
          continue;
        }
        // Python's csv keeps what follows a closing quote up to the delimiter as part of the value.
        const next = record.indexOf(delimiter, q + 1);
        value += record.slice(q + 1, next < 0 ? n : next);
        fields.push(value);
        if (next < 0) return fields;
        i = next + 1;
        break;
      }
    } else {
      let next = i;
      while (next < n && record.charCodeAt(next) !== d) next++;
      fields.push(record.slice(i, next));
      if (next >= n) return fields;
      i = next + 1;
    }
  }
}

/**
 * Streams the rows of delimited text in batches. A quoted field left open at the end of the
 * object fails with FORMAT_BAD_CSV naming the line it started on.
 */
export async function* parseCsv(text: Readable, ctx: ParseContext, delimiter = ','): AsyncGenerator<CsvBatch, void, undefined> {
  const limit = maxRecordBytes(ctx);
  let pending: string | undefined;
  let pendingLine = 0;
  for await (const batch of lines(text, ctx)) {
    const out: CsvBatch = { rows: [], lines: [] };
    for (let i = 0; i < batch.lines.length; i++) {
      const lineNo = batch.firstLine + i;
      const line = batch.lines[i]!;
      const record = pending === undefined ? line : `${pending}\n${line}`;
      const start = pending === undefined ? lineNo : pendingLine;
      if (record === '') continue;
      const fields = splitCsvRecord(record, delimiter);
      if (fields === undefined) {
        if (record.length > limit) throw formatError('FORMAT_RECORD_TOO_LARGE', ctx, `CSV record is longer than ${limit} bytes`, { line: start });
        pending = record;
        pendingLine = start;
        continue;
      }
      pending = undefined;
      out.rows.push(fields);
      out.lines.push(start);
    }
    if (out.rows.length > 0) yield out;
  }
  if (pending !== undefined) throw formatError('FORMAT_BAD_CSV', ctx, 'a quoted field is not closed before the end of the object', { line: pendingLine });
}
