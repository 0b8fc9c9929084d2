/**
 * CSV objects with a header row, as a `buckets` subscriber reads them: the delimiter is guessed
 * from the header line, fields may be quoted with `"` (a quote inside doubled), and a quoted field
 * may span lines. Streamed line by line; a row never outgrows the record size limit.
 */
import { formatError, maxRecordBytes } from './context.ts';
import type { ParseContext } from './context.ts';
import type { LineBatch } from './lines.ts';

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

/** A batch of CSV rows and the 1-based line where its first row starts. */
export interface CsvRowsBatch {
  rows: string[][];
  firstLine: number;
}

/**
 * Splits lines into CSV rows with `delimiter`. Blank lines are skipped. A quoted field left open
 * at the end of the object fails with FORMAT_BAD_CSV naming the line where its row starts.
 */
export async function* csvRows(lineBatches: AsyncIterable<LineBatch> | Iterable<LineBatch>, delimiter: string, ctx: ParseContext): AsyncGenerator<CsvRowsBatch, void, undefined> {
  const limit = maxRecordBytes(ctx);
  const d = delimiter.charCodeAt(0);
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let rowStart = 0;
  let rowLength = 0;
  for await (const batch of lineBatches) {
    const rows: string[][] = [];
    let first = -1;
    let lineNo = batch.firstLine;
    for (const line of batch.lines) {
      if (!quoted) {
        if (line.length === 0) {
          lineNo++;
          continue;
        }
        rowStart = lineNo;
        rowLength = 0;
      } else {
        // The open quoted field holds the line break.
        field += '\n';
      }
      rowLength += line.length + 1;
      if (rowLength > limit) throw formatError('FORMAT_RECORD_TOO_LARGE', ctx, `row is longer than ${limit} bytes`, { line: rowStart });
      let i = 0;
      const n = line.length;
      while (i < n) {
        const c = line.charCodeAt(i);
        if (quoted) {
          if (c === 34) {
            if (i + 1 < n && line.charCodeAt(i + 1) === 34) {
              field += '"';
              i += 2;
              continue;
            }
            quoted = false;
          } else {
            field += line[i];
          }
        } else if (c === d) {
          fields.push(field);
          field = '';
        } else if (c === 34 && field.length === 0) {
          quoted = true;
        } else {
          field += line[i];
        }
        i++;
      }
      lineNo++;
      if (quoted) continue;
      fields.push(field);
      field = '';
      if (first < 0) first = rowStart;
      rows.push(fields);
      fields = [];
    }
    if (rows.length > 0) yield { rows, firstLine: first };
  }
  if (quoted) throw formatError('FORMAT_BAD_CSV', ctx, 'a quoted field is never closed', { line: rowStart });
}
