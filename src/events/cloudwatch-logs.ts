/**
 * CloudWatch Logs events. Wazuh forwards each log event's message as it is, without the
 * `{"integration":"aws",...}` envelope (cloudwatchlogs.py sends `event['message']` undumped), so
 * analysis decodes the text itself: the JSON decoder when it is a JSON object, other decoders
 * otherwise. awsmon keeps that text as the event's message and indexes what it can read from it.
 */
import type { AwsmonEvent, EventColumns, RawTextMessage } from '../core/index.ts';
import { cloudTrailUser } from './cloudtrail.ts';
import { isDict } from './reformat.ts';
import { matchesAtTextStart, shouldDiscard } from './discard.ts';
import type { DiscardRule } from './discard.ts';
import { nonEmpty } from './values.ts';

/** Where a log event came from. */
export interface LogEventContext {
  logGroup: string;
  logStream: string;
  accountId: string;
  region: string;
}

/** The JSON object a log message holds, or undefined for plain text (and JSON that is not an object). */
export function logMessageJson(text: string): Record<string, unknown> | undefined {
  const first = text.trimStart()[0];
  if (first !== '{') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isDict(value) ? value : undefined;
  } catch {
    return undefined;
  }
}


/**
 * The columns of a log event: its CloudWatch timestamp, account, region, group and stream; for a
 * CloudTrail record delivered to CloudWatch Logs also its event name, user and source IP.
 */
export function logEventColumns(timestamp: number, json: Record<string, unknown> | undefined, ctx: LogEventContext): EventColumns {
  const columns: EventColumns = {
    time: timestamp, source: 'cloudwatchlogs', account: ctx.accountId, region: ctx.region, bucket: ctx.logGroup, key: ctx.logStream,
  };
  if (json !== undefined && nonEmpty(json['eventVersion']) !== undefined && nonEmpty(json['eventName']) !== undefined) {
    columns.eventName = nonEmpty(json['eventName']);
    columns.user = cloudTrailUser(json['userIdentity']);
    columns.srcIp = nonEmpty(json['sourceIPAddress']);
  }
  return columns;
}

/** One CloudWatch Logs event: its raw message text (Wazuh's output for it) and its columns. */
export function logEvent(message: string, timestamp: number, ctx: LogEventContext, json = logMessageJson(message)): AwsmonEvent<RawTextMessage> {
  return { message, columns: logEventColumns(timestamp, json, ctx) };
}

/**
 * `discard_regex` for a log event: with a `field`, the field of the message's JSON object (a
 * plain-text message has no fields and is kept); without one, the message text itself, matched
 * at its start.
 */
export function discardLogMessage(text: string, json: Record<string, unknown> | undefined, discard: DiscardRule | undefined): boolean {
  if (discard === undefined) return false;
  if (discard.field !== undefined && discard.field !== '') return json !== undefined && shouldDiscard(json, discard);
  return matchesAtTextStart(text, discard.regex);
}
