/**
 * What the events of one object share: the message prefix, and for records that carry their
 * original line (`AwsmonEvent.raw` with its `rawFormat`, VPC flow logs) the context that
 * rebuilds the message from the line. See rebuild.ts for the reverse.
 */
import type { LogInfo } from '../core/index.ts';

/** What rebuilding a flow message needs besides the line, fields and object (objects.context). */
export interface FlowContext {
  /** How the kept text is rebuilt; rows written before the kind was recorded are flow lines. */
  kind?: 'vpcflow' | 'cloudtrail';
  accountId?: string;
  flowLogId?: string;
  flowLogResource?: Record<string, string>;
}

/** `{"integration":"aws","aws":{"log_info":<info>,`: how every message built for the object starts. */
export function messagePrefix(info: LogInfo): string {
  return `{"integration":"aws","aws":{"log_info":${JSON.stringify(info)},`;
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
