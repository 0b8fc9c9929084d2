/**
 * What the events of one object share, found from the events themselves (the transaction is
 * opened before the object is parsed): the message prefix, and for records that carry their
 * original line (`AwsmonEvent.raw`, VPC flow logs) the field list and context that rebuild the
 * message from the line. See rebuild.ts for the reverse.
 */
import type { AwsmonEvent, LogInfo, WazuhMessage } from '../core/index.ts';

/** What rebuilding a flow message needs besides the line, fields and object (objects.context). */
export interface FlowContext {
  accountId?: string;
  flowLogId?: string;
  flowLogResource?: Record<string, string>;
}

/** How an object's line-kept records are rebuilt: one event builder's fields and context. */
export interface FlowTemplate {
  /** The builder's shared `log_info` object: an event holding this very object came from the same builder. */
  readonly info: LogInfo;
  readonly fields: readonly string[];
  readonly context: FlowContext;
}

/** `{"integration":"aws","aws":{"log_info":<info>,`: how every message built for the object starts. */
export function messagePrefix(info: LogInfo): string {
  return `{"integration":"aws","aws":{"log_info":${JSON.stringify(info)},`;
}

const RESERVED = new Set(['log_info', 'source', 'aws_account_id']);

/**
 * Reads the template from the first line-carrying event of an object, checking that its message
 * has the shape the VPC flow builder (src/events/vpc-flow.ts) gives: `log_info`, the line's fields
 * in order with their values (`start`/`end` converted), `source: "vpc"`, the optional
 * `aws_account_id`, then enrichment (`flow_log_id` first). Undefined when it does not, or when its
 * `log_info` is not the object's (`prefix`); such events keep their JSON.
 */
export function flowTemplate(event: AwsmonEvent, prefix: string, bucket: string, key: string): FlowTemplate | undefined {
  const message: WazuhMessage = event.message;
  const aws = message.aws;
  const info = aws.log_info;
  const raw = event.raw;
  if (raw === undefined || info === undefined || !sameKeys(message, ['integration', 'aws']) || message.integration !== 'aws') return undefined;
  if (info.s3bucket !== bucket || info.log_file !== key || !sameKeys(info, ['aws_account_alias', 'log_file', 's3bucket'])) return undefined;
  if (typeof info.aws_account_alias !== 'string' || messagePrefix(info) !== prefix) return undefined;
  const values = raw.split(' ');
  const keys = Object.keys(aws);
  const n = values.length;
  if (keys[0] !== 'log_info' || keys.length < n + 2) return undefined;
  const fields = keys.slice(1, n + 1);
  for (let i = 0; i < n; i++) {
    const f = fields[i]!;
    if (RESERVED.has(f)) return undefined;
    const v = aws[f];
    if (f === 'start' || f === 'end' ? typeof v !== 'string' : v !== values[i]) return undefined;
  }
  let k = n + 1;
  if (keys[k++] !== 'source' || aws.source !== 'vpc') return undefined;
  const context: FlowContext = {};
  const rest = keys.slice(k);
  if (rest[0] === 'aws_account_id') context.accountId = aws[rest.shift()!] as string;
  if (rest[0] === 'flow_log_id') context.flowLogId = aws[rest.shift()!] as string;
  if (rest.length > 0) context.flowLogResource = Object.fromEntries(rest.map((r) => [r, aws[r] as string]));
  const strings = [context.accountId, context.flowLogId, ...Object.values(context.flowLogResource ?? {})];
  if (strings.some((s) => s !== undefined && typeof s !== 'string')) return undefined;
  return { info, fields: Object.freeze(fields), context };
}

function sameKeys(value: object, want: readonly string[]): boolean {
  const keys = Object.keys(value);
  return keys.length === want.length && keys.every((k, i) => k === want[i]);
}

/**
 * The number of space-separated fields of a line, or -1 when it holds any other control or
 * white-space character below 0x20 (it could break the bulk load's framing). A line of `n` fields
 * with exactly `n - 1` spaces splits back into the values it was joined from.
 */
export function lineFieldCount(line: string): number {
  let n = 1;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (ch <= 32) {
      if (ch !== 32) return -1;
      n++;
    }
  }
  return n;
}
