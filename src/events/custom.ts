/**
 * Events of a `buckets` subscriber: any record read from an object announced on the queue, sent
 * with `aws.source` `custom` (reference §3.2, "sub: buckets").
 */
import type { AwsmonEvent, EventColumns } from '../core/index.ts';
import { isDict } from './reformat.ts';
import { numberAt, subscriberMessage, textAt, timeOf } from './subscriber-message.ts';
import { dropNulls } from './reformat.ts';
import type { SubscriberObject } from './subscriber-message.ts';

/**
 * The record Wazuh sends for one JSON value of a custom object: its `detail` when it is an
 * EventBridge event (a dict `detail`), else the value itself, with `source: "custom"` (in place when
 * the record has a `source`, else last) and null keys dropped.
 */
export function customRecord(value: Record<string, unknown>): Record<string, unknown> {
  const detail = value['detail'];
  const record = dropNulls(isDict(detail) ? detail : value);
  return { ...record, source: 'custom' };
}

/** The record of one plain-text line: `{"full_log": line, "source": "custom"}`. */
export function customLineRecord(line: string): Record<string, unknown> {
  return { full_log: line, source: 'custom' };
}

/** The record of one CSV row: header names to values; a short row lacks the missing names, a long one keeps the extra values under `null` (Python's csv.DictReader, as Wazuh sends it). */
export function customCsvRecord(header: readonly string[], row: readonly string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const n = Math.min(header.length, row.length);
  for (let i = 0; i < n; i++) record[header[i]!] = row[i];
  if (row.length > header.length) record['null'] = row.slice(header.length);
  record['source'] = 'custom';
  return record;
}

/** The event of one custom record (already made by one of the functions above). */
export function customEvent(record: Record<string, unknown>, object: SubscriberObject): AwsmonEvent {
  return { message: subscriberMessage(record, object), columns: customColumns(record, object) };
}

/** Columns from the field names common in JSON logs (CloudTrail-like, EventBridge, flow-like); the object's time is the read time when none is found. */
function customColumns(r: Record<string, unknown>, object: SubscriberObject): EventColumns {
  const time = timeOf(r['eventTime']) ?? timeOf(r['time']) ?? timeOf(r['timestamp']) ?? timeOf(r['@timestamp']);
  return {
    time: time ?? Date.now(),
    source: 'custom',
    account: textAt(r, 'recipientAccountId') ?? textAt(r, 'account') ?? textAt(r, 'accountId') ?? textAt(r, 'account_id'),
    region: textAt(r, 'awsRegion') ?? textAt(r, 'region'),
    bucket: object.bucket,
    key: object.key,
    srcIp: textAt(r, 'sourceIPAddress') ?? textAt(r, 'srcaddr') ?? textAt(r, 'src_ip'),
    dstIp: textAt(r, 'dstaddr') ?? textAt(r, 'dst_ip'),
    srcPort: numberAt(r, 'srcport') ?? numberAt(r, 'src_port'),
    dstPort: numberAt(r, 'dstport') ?? numberAt(r, 'dst_port'),
    protocol: undefined,
    action: textAt(r, 'action') ?? textAt(r, 'errorCode'),
    eventName: textAt(r, 'eventName'),
    user: textAt(r, 'userIdentity.userName') ?? textAt(r, 'user'),
    bytes: undefined,
    packets: undefined,
  };
}
