import type { Readable } from 'node:stream';
import { formatError } from './context.ts';
import type { ParseContext } from './context.ts';
import { lines } from './lines.ts';
import { KNOWN_FLOW_FIELDS, toSnakeCase } from './vpc-fields.ts';

/** Rows of one VPC flow log object, with the field names from its header line. */
export interface FlowBatch {
  /** Field names in column order, snake_case (`account_id`, `pkt_srcaddr`, ...); shared by every batch of the object. */
  fields: readonly string[];
  /** Raw column values, strings exactly as in the file (`-` included). */
  rows: string[][];
  /** `lines[i]` is the line `rows[i]` was split from. */
  lines: string[];
  /** 1-based line number of the first row. */
  firstLine: number;
}

/**
 * Streams a VPC flow log object delivered to S3 as text: a header line naming the fields (default
 * or custom format, https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3.html), then one
 * space-separated record per line. Yields batches of raw rows; blank lines are skipped.
 */
export async function* parseVpcFlow(text: Readable, ctx: ParseContext): AsyncGenerator<FlowBatch, void, undefined> {
  let fields: readonly string[] | undefined;
  for await (const batch of lines(text, ctx)) {
    let lineNo = batch.firstLine;
    let firstLine = -1;
    const rows: string[][] = [];
    const kept: string[] = [];
    for (const line of batch.lines) {
      if (fields === undefined) {
        fields = parseHeader(line, ctx);
      } else if (line.length > 0) {
        const row = line.split(' ');
        if (row.length !== fields.length) {
          throw formatError('FORMAT_FLOW_COLUMNS', ctx, `the line has ${row.length} columns but the header names ${fields.length} fields`, { line: lineNo });
        }
        if (firstLine < 0) firstLine = lineNo;
        rows.push(row);
        kept.push(line);
      }
      lineNo++;
    }
    if (rows.length > 0 && fields !== undefined) yield { fields, rows, lines: kept, firstLine };
  }
}

/** The snake_case field names of a header line; fails when the line is data or names an unknown field. */
export function parseHeader(line: string, ctx: ParseContext): readonly string[] {
  const names = line.trim().split(' ').map(toSnakeCase);
  const unknown = names.filter((n) => !KNOWN_FLOW_FIELDS.has(n));
  if (unknown.length === names.length || /^\d/.test(names[0] ?? '')) {
    const shown = line.length > 60 ? `${line.slice(0, 60)}...` : line;
    throw formatError('FORMAT_FLOW_NO_HEADER', ctx, `the first line is not a header naming the flow log fields: '${shown}'`, { line: 1 });
  }
  if (unknown.length > 0) {
    throw formatError('FORMAT_FLOW_COLUMNS', ctx, `the header names unknown field(s) ${unknown.map((u) => `'${u}'`).join(', ')}`, { line: 1 });
  }
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw formatError('FORMAT_FLOW_COLUMNS', ctx, `the header names field '${duplicate}' twice`, { line: 1 });
  return Object.freeze(names);
}
