import type { Readable } from 'node:stream';
import { formatError, maxRecordBytes } from './context.ts';
import type { ParseContext } from './context.ts';
import { textChunks } from './text.ts';

/** Lines per batch: large enough to amortise the per-batch cost, small enough to keep latency low. */
export const LINES_PER_BATCH = 2000;

/** A batch of lines and the 1-based number of its first line. */
export interface LineBatch {
  lines: string[];
  firstLine: number;
}

/**
 * Splits a text stream into lines (`\n` or `\r\n`), holding at most one partial line between
 * chunks. A line longer than the record limit fails with FORMAT_RECORD_TOO_LARGE. The empty string
 * after a final newline is not a line.
 */
export async function* lines(text: Readable, ctx: ParseContext, batchSize = LINES_PER_BATCH): AsyncGenerator<LineBatch, void, undefined> {
  const limit = maxRecordBytes(ctx);
  let carry = '';
  let batch: string[] = [];
  let firstLine = 1;
  let lineNo = 0;
  const push = (line: string): LineBatch | undefined => {
    lineNo++;
    if (line.length > limit || (line.length * 3 > limit && Buffer.byteLength(line) > limit)) {
      throw formatError('FORMAT_RECORD_TOO_LARGE', ctx, `line is longer than ${limit} bytes`, { line: lineNo });
    }
    batch.push(line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line);
    if (batch.length < batchSize) return undefined;
    const full = { lines: batch, firstLine };
    batch = [];
    firstLine = lineNo + 1;
    return full;
  };
  for await (const chunk of textChunks(text)) {
    let start = 0;
    let nl = chunk.indexOf('\n');
    if (nl >= 0 && carry.length > 0) {
      const full = push(carry + chunk.slice(0, nl));
      carry = '';
      if (full) yield full;
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    while (nl >= 0) {
      const full = push(chunk.slice(start, nl));
      if (full) yield full;
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) {
      carry = start === 0 ? carry + chunk : chunk.slice(start);
      if (carry.length > limit) {
        throw formatError('FORMAT_RECORD_TOO_LARGE', ctx, `line is longer than ${limit} bytes`, { line: lineNo + 1 });
      }
    }
  }
  if (carry.length > 0) {
    const full = push(carry);
    if (full) yield full;
  }
  if (batch.length > 0) yield { lines: batch, firstLine };
}
