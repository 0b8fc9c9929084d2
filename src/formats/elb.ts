import type { Readable } from 'node:stream';
import { formatError } from './context.ts';
import type { ParseContext } from './context.ts';
import type { ElbLogFormat } from './elb-fields.ts';
import { lines } from './lines.ts';

/** Entries of one load balancer log object. */
export interface ElbBatch {
  /** `rows[i]` holds the values of one entry, quotes removed, in file order (may be fewer or more than the format's fields). */
  rows: string[][];
  /** `lines[i]` is the line `rows[i]` was split from. */
  lines: string[];
  /** 1-based line number of the first row. */
  firstLine: number;
}

const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Splits one log entry into its values: separated by single spaces, a value in double quotes may
 * hold spaces. As Python's csv reader (which the Wazuh module uses) a doubled quote inside quotes
 * is one quote and text after a closing quote belongs to the same value; unlike it, a quote
 * escaped with a backslash does not close the value (AWS escapes quotes in request and user
 * agent that way), and is kept as written. Returns a reason string when a quote is not closed.
 */
export function splitElbLine(line: string): string[] | { error: string } {
  const values: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    let value = '';
    if (i < n && line.charCodeAt(i) === QUOTE) {
      const opened = i;
      i++;
      for (;;) {
        let q = line.indexOf('"', i);
        while (q > 0 && isEscaped(line, q)) q = line.indexOf('"', q + 1);
        if (q < 0) return { error: `the quoted value starting at column ${opened + 1} is not closed` };
        value += line.slice(i, q);
        if (line.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
    }
    let end = line.indexOf(' ', i);
    if (end < 0) end = n;
    value += line.slice(i, end);
    values.push(value);
    if (end >= n) return values;
    i = end + 1;
    if (i === n) {
      values.push('');
      return values;
    }
  }
}

function isEscaped(line: string, q: number): boolean {
  let run = 0;
  while (q - 1 - run >= 0 && line.charCodeAt(q - 1 - run) === BACKSLASH) run++;
  return (run & 1) === 1;
}

/**
 * Streams the entries of a load balancer log object (`format` says which), in batches. Blank
 * lines are skipped; an entry with fewer values than the oldest format of its kind, or with an
 * unclosed quote, fails with FORMAT_LB_COLUMNS naming the line.
 */
export async function* parseElbLog(text: Readable, ctx: ParseContext, format: ElbLogFormat): AsyncGenerator<ElbBatch, void, undefined> {
  for await (const batch of lines(text, ctx)) {
    const rows: string[][] = [];
    const kept: string[] = [];
    let firstLine = -1;
    let lineNo = batch.firstLine;
    for (const line of batch.lines) {
      if (line.length > 0 && !(line.charCodeAt(0) === SPACE && line.trim() === '')) {
        const values = splitElbLine(line);
        if (!Array.isArray(values)) throw formatError('FORMAT_LB_COLUMNS', ctx, `not a valid ${format.name} entry: ${values.error}`, { line: lineNo });
        if (values.length < format.min) {
          throw formatError('FORMAT_LB_COLUMNS', ctx, `not a valid ${format.name} entry: ${values.length} fields, expected at least ${format.min}`, { line: lineNo });
        }
        if (firstLine < 0) firstLine = lineNo;
        rows.push(values);
        kept.push(line);
      }
      lineNo++;
    }
    if (rows.length > 0) yield { rows, lines: kept, firstLine };
  }
}
