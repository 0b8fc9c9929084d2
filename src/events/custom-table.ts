/**
 * Records of a `custom` bucket that are not EventBridge events. As the Wazuh module: space-separated
 * lines are VPC flow records with the 14 version-2 fields (`source: "vpc"`, values as strings,
 * times left as they are). awsmon also reads CSV with a header line (a comma in the first line):
 * each row's values under the header's names, with `source: "custom"`, and keeps JSON objects
 * without `detail` (Wazuh drops them).
 */
import type { AwsmonEvent, EventColumns } from '../core/index.ts';
import type { EventContext } from './envelope.ts';
import { customMessage } from './custom-record.ts';
import { int, isoTime, text } from './values.ts';

/** The fields Wazuh gives a space-separated line of a custom bucket. */
export const CUSTOM_VPC_FIELDS = [
  'version', 'account_id', 'interface_id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log_status',
] as const;

/** Wazuh's record of a space-separated line: the values under the 14 names (missing ones left out, extra ones dropped), then `source: "vpc"`. */
export function customVpcRecord(values: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  const n = Math.min(values.length, CUSTOM_VPC_FIELDS.length);
  for (let i = 0; i < n; i++) record[CUSTOM_VPC_FIELDS[i]!] = values[i]!;
  record['source'] = 'vpc';
  return record;
}

/** The record of a CSV row under its header (values past the header dropped, missing ones left out), then `source: "custom"`. */
export function customCsvRecord(header: readonly string[], values: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  const n = Math.min(values.length, header.length);
  for (let i = 0; i < n; i++) record[header[i]!] = values[i]!;
  record['source'] = 'custom';
  return record;
}

const TIME_FIELDS = ['timestamp', 'time', 'eventTime', 'event_time', 'date'];

function epochSeconds(value: string | undefined): number | undefined {
  const n = int(value);
  return n === undefined ? undefined : n * 1000;
}

function columns(r: Record<string, string>, ctx: EventContext, vpc: boolean): EventColumns {
  let time = vpc ? epochSeconds(r['start']) : undefined;
  for (const f of TIME_FIELDS) time ??= isoTime(r[f]);
  return {
    time: time ?? Date.now(),
    source: r['source']!,
    account: vpc ? text(r['account_id']) : undefined,
    bucket: ctx.bucket,
    key: ctx.key,
    srcIp: text(r['srcaddr']),
    dstIp: text(r['dstaddr']),
    srcPort: int(r['srcport']),
    dstPort: int(r['dstport']),
    protocol: int(r['protocol']),
    action: text(r['action']),
    bytes: int(r['bytes']),
    packets: int(r['packets']),
  };
}

/**
 * The event of a JSON object of a `custom` bucket that is not an EventBridge event (no
 * `detail`): kept whole, with `source` set to its own `source` without `aws.`, else `custom`.
 */
export function customJsonEvent(obj: Record<string, unknown>, ctx: EventContext): AwsmonEvent {
  const record: Record<string, unknown> = { ...obj };
  record['source'] = typeof obj['source'] === 'string' ? obj['source'].replaceAll('aws.', '') : 'custom';
  let time: number | undefined;
  for (const f of TIME_FIELDS) time ??= isoTime(obj[f]);
  return {
    message: customMessage(record, ctx),
    columns: { time: time ?? Date.now(), source: String(record['source']), bucket: ctx.bucket, key: ctx.key, srcIp: text(obj['sourceIPAddress']) },
  };
}

/** The event of a text record (`customVpcRecord` or `customCsvRecord`). */
export function customTableEvent(record: Record<string, string>, ctx: EventContext): AwsmonEvent {
  return { message: customMessage(record, ctx), columns: columns(record, ctx, record['source'] === 'vpc') };
}
