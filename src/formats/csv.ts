/**
 * Delimited text (RFC 4180 CSV: fields separated by a delimiter, `"` quoting with `""` for a
 * quote, quoted fields may span lines), as Python's csv module reads it in the Wazuh module:
 * values stay strings, blank lines are skipped. Streamed line by line; a quoted field spanning
 * lines is carried on, never rescanned (rescanning made an unclosed quote quadratic: 77 s for a
 * 2.4 MB object). Two entry points with their own error wording: `parseCsv` (bucket objects) and
 * `csvRows` (subscriber objects, delimiter sniffed from the header).
 */
import type { Readable } from 'node:stream';
import { formatError, maxRecordBytes } from './context.ts';
import type { ParseContext } from './context.ts';
import { lines } from './lines.ts';
import type { LineBatch } from './lines.ts';

/** Rows of one batch, with the 1-based line each row starts on. */
export interface CsvBatch {
  rows: string[][];
  lines: number[];
}

/** A batch of CSV rows and the 1-based line where its first row starts. */
export interface CsvRowsBatch {
  rows: string[][];
  firstLine: number;
}

/** How the errors of one entry point read. */
interface CsvWording {
  unclosed: string;
  tooLarge: (limit: number) => string;
}

const BUCKET_WORDING: CsvWording = {
  unclosed: 'a quoted field is not closed before the end of the object',
  tooLarge: (limit) => `CSV record is longer than ${limit} bytes`,
};
const SUBSCRIBER_WORDING: CsvWording = {
  unclosed: 'a quoted field is never closed',
  tooLarge: (limit) => `row is longer than ${limit} bytes`,
};

/**
 * Streams the rows of delimited text in batches. A quoted field left open at the end of the
 * object fails with FORMAT_BAD_CSV naming the line it started on.
 */
export function parseCsv(text: Readable, ctx: ParseContext, delimiter = ','): AsyncGenerator<CsvBatch, void, undefined> {
  return csvRecords(lines(text, ctx), delimiter, ctx, BUCKET_WORDING);
}

/**
 * Splits lines into CSV rows with `delimiter`. Blank lines are skipped. A quoted field left open
 * at the end of the object fails with FORMAT_BAD_CSV naming the line where its row starts.
 */
export async function* csvRows(lineBatches: AsyncIterable<LineBatch> | Iterable<LineBatch>, delimiter: string, ctx: ParseContext): AsyncGenerator<CsvRowsBatch, void, undefined> {
  for await (const batch of csvRecords(lineBatches, delimiter, ctx, SUBSCRIBER_WORDING)) yield { rows: batch.rows, firstLine: batch.lines[0]! };
}

/** Delimiters tried, in order of preference when counts tie. */
const DELIMITERS = [',', '\t', ';', '|'] as const;

/** The delimiter of a header line: the candidate that occurs most often outside quotes (`,` when none does). */
export function sniffDelimiter(header: string): string {
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const ch of header) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === d) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** The rows of line batches; a row (all its lines) never outgrows the record size limit. */
async function* csvRecords(lineBatches: AsyncIterable<LineBatch> | Iterable<LineBatch>, delimiter: string, ctx: ParseContext, wording: CsvWording): AsyncGenerator<CsvBatch, void, undefined> {
  const limit = maxRecordBytes(ctx);
  const d = delimiter.charCodeAt(0);
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let rowStart = 0;
  let rowLength = 0;
  for await (const batch of lineBatches) {
    const out: CsvBatch = { rows: [], lines: [] };
    let lineNo = batch.firstLine - 1;
    for (const line of batch.lines) {
      lineNo++;
      if (!quoted) {
        if (line.length === 0) continue;
        rowStart = lineNo;
        rowLength = 0;
      } else {
        // The open quoted field holds the line break.
        field += '\n';
      }
      rowLength += line.length + 1;
      if (rowLength > limit) throw formatError('FORMAT_RECORD_TOO_LARGE', ctx, wording.tooLarge(limit), { line: rowStart });
      const n = line.length;
      let i = 0;
      for (;;) {
        if (quoted) {
          const q = line.indexOf('"', i);
          if (q < 0) {
            field += line.slice(i);
            break;
          }
          field += line.slice(i, q);
          if (line.charCodeAt(q + 1) === 34) {
            field += '"';
            i = q + 2;
            continue;
          }
          quoted = false;
          i = q + 1;
        } else if (field.length === 0 && line.charCodeAt(i) === 34) {
          quoted = true;
          i++;
          continue;
        }
        // Unquoted, or after a closing quote (Python's csv keeps that text in the value): up to the delimiter.
        let next = i;
        while (next < n && line.charCodeAt(next) !== d) next++;
        field += line.slice(i, next);
        if (next >= n) break;
        fields.push(field);
        field = '';
        i = next + 1;
      }
      if (quoted) continue;
      fields.push(field);
      field = '';
      out.rows.push(fields);
      out.lines.push(rowStart);
      fields = [];
    }
    if (out.rows.length > 0) yield out;
  }
  if (quoted) throw formatError('FORMAT_BAD_CSV', ctx, wording.unclosed, { line: rowStart });
}
