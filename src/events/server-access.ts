/**
 * Amazon S3 server access log records (https://docs.aws.amazon.com/AmazonS3/latest/userguide/LogFormat.html):
 * the message is Wazuh's (server_access.py), the record's fields as strings then
 * `source: "s3_server_access"`; the columns index the request.
 */
import type { AwsmonEvent } from '../core/index.ts';
import type { EventContext } from './envelope.ts';
import { customMessage } from './custom-record.ts';
import { int, text } from './values.ts';

const MONTHS: Readonly<Record<string, number>> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const TIME = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

/** Epoch milliseconds of a server access log time, `06/Feb/2019:00:00:38 +0000`. */
export function serverAccessTime(value: string | undefined): number | undefined {
  const m = value === undefined ? null : TIME.exec(value);
  if (!m || MONTHS[m[2]!] === undefined) return undefined;
  const utc = Date.UTC(+m[3]!, MONTHS[m[2]!], +m[1]!, +m[4]!, +m[5]!, +m[6]!);
  const offset = (+m[8]! * 60 + +m[9]!) * 60_000;
  return m[7] === '+' ? utc - offset : utc + offset;
}

/** The requester as a user: an IAM ARN's last part, else the canonical id or `Anonymous`. */
function requesterUser(requester: string | undefined): string | undefined {
  if (requester === undefined) return undefined;
  const slash = requester.lastIndexOf('/');
  return requester.startsWith('arn:') && slash >= 0 ? requester.slice(slash + 1) : requester;
}

/** The event of one record; `ctx.accountId`/`region` come from a date-partitioned key. */
export function serverAccessEvent(fields: Record<string, string>, ctx: EventContext): AwsmonEvent {
  const record: Record<string, unknown> = { ...fields, source: 's3_server_access' };
  return {
    message: customMessage(record, ctx),
    columns: {
      time: serverAccessTime(fields['time']) ?? Date.now(),
      source: 's3_server_access',
      account: ctx.accountId || undefined,
      region: ctx.region || undefined,
      bucket: ctx.bucket,
      key: ctx.key,
      srcIp: text(fields['remote_ip']),
      dstIp: undefined,
      srcPort: undefined,
      dstPort: undefined,
      protocol: undefined,
      action: text(fields['http_status']),
      eventName: text(fields['operation']),
      user: requesterUser(text(fields['requester'])),
      bytes: int(fields['bytes_sent']),
      packets: undefined,
    },
  };
}
