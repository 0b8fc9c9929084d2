/**
 * Amazon S3 server access log records: one request per line, fields separated by spaces, the
 * time in `[...]` and the request URI, referer and user agent in `"..."`
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/LogFormat.html). The brackets and quotes
 * are stripped, as the Wazuh module does; `-` stays `-`.
 */
import type { Readable } from 'node:stream';
import { formatError } from './context.ts';
import type { ParseContext } from './context.ts';
import { lines } from './lines.ts';

/**
 * The fields in AWS's order, with the Wazuh module's names for the first 24; AWS appended
 * `access_point_arn`, `acl_required` and `source_region` later. AWS may append more fields:
 * any column past the known ones is ignored, and a record with fewer columns (older logs) has
 * only the fields it holds.
 */
export const SERVER_ACCESS_FIELDS = [
  'bucket_owner', 'bucket', 'time', 'remote_ip', 'requester', 'request_id', 'operation', 'key', 'request_uri', 'http_status',
  'error_code', 'bytes_sent', 'object_sent', 'total_time', 'turn_around_time', 'referer', 'user_agent', 'version_id', 'host_id',
  'signature_version', 'cipher_suite', 'authentication_type', 'host_header', 'tls_version', 'access_point_arn', 'acl_required',
  'source_region',
] as const;

/** Fewest columns a record can have: up to `http_status`, the oldest documented format's core. */
const MIN_FIELDS = 10;

/**
 * Splits one record into its values. A value opening with `"` runs to the next `"` that ends a
 * value (followed by a space or the end of the line); one opening with `[` runs to the next `]`.
 * Returns undefined for an unterminated quote or bracket.
 */
export function splitServerAccessRecord(line: string): string[] | undefined {
  const values: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 32) {
      i++;
      continue;
    }
    if (c === 34 || c === 91) {
      const close = c === 34 ? '"' : ']';
      let end = line.indexOf(close, i + 1);
      while (end >= 0 && end + 1 < n && line.charCodeAt(end + 1) !== 32) end = line.indexOf(close, end + 1);
      if (end < 0) return undefined;
      values.push(line.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    let end = line.indexOf(' ', i);
    if (end < 0) end = n;
    values.push(line.slice(i, end));
    i = end;
  }
  return values;
}

/** Records of one batch: field/value pairs in order, and the line of each. */
export interface ServerAccessBatch {
  records: Record<string, string>[];
  lines: number[];
}

/**
 * Streams the records of a server access log object. A line with an unterminated quote or
 * bracket, or too few fields, fails with FORMAT_BAD_RECORD naming the line.
 */
export async function* parseServerAccess(text: Readable, ctx: ParseContext): AsyncGenerator<ServerAccessBatch, void, undefined> {
  for await (const batch of lines(text, ctx)) {
    const out: ServerAccessBatch = { records: [], lines: [] };
    for (let i = 0; i < batch.lines.length; i++) {
      const line = batch.lines[i]!;
      if (line.trim() === '') continue;
      const lineNo = batch.firstLine + i;
      const values = splitServerAccessRecord(line);
      if (values === undefined) throw formatError('FORMAT_BAD_RECORD', ctx, 'unterminated quoted or bracketed field', { line: lineNo });
      if (values.length < MIN_FIELDS) {
        throw formatError('FORMAT_BAD_RECORD', ctx, `${values.length} fields, expected at least ${MIN_FIELDS} (bucket_owner ... http_status)`, { line: lineNo });
      }
      const record: Record<string, string> = {};
      const count = Math.min(values.length, SERVER_ACCESS_FIELDS.length);
      for (let f = 0; f < count; f++) record[SERVER_ACCESS_FIELDS[f]!] = values[f]!;
      out.records.push(record);
      out.lines.push(lineNo);
    }
    if (out.records.length > 0) yield out;
  }
}
