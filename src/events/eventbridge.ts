/**
 * EventBridge events delivered to S3 by Kinesis Data Firehose
 * (https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html): Macie, KMS,
 * Trusted Advisor, GuardDuty, CloudTrail API calls and any other source. As the Wazuh module's
 * custom bucket: the message is the event's `detail` with `source` set to the event's `source`
 * without `aws.`; the envelope's time, account, region and detail type feed the columns.
 */
import type { AwsmonEvent, EventColumns } from '../core/index.ts';
import type { EventContext } from './envelope.ts';
import { cloudTrailUser } from './cloudtrail.ts';
import { customMessage } from './custom-record.ts';
import { int, isoTime, text } from './values.ts';
import { guardDutyColumns, guardDutyEvents } from './guardduty.ts';
import { isDict } from './reformat.ts';

/** Wazuh's `dict(event['detail'], source=event['source'].replace('aws.', ''))`; undefined without a dict `detail`. */
export function eventBridgeRecord(event: Record<string, unknown>): Record<string, unknown> | undefined {
  const detail = event['detail'];
  if (!isDict(detail)) return undefined;
  const record: Record<string, unknown> = { ...detail };
  record['source'] = typeof event['source'] === 'string' ? event['source'].replaceAll('aws.', '') : 'custom';
  return record;
}

/**
 * The event of one EventBridge envelope whose record is `record` (`eventBridgeRecord`). With
 * `splitPortProbes` (the guardduty bucket type) a GuardDuty finding gives one event per port
 * probe detail, as Wazuh's guardduty type does; the custom type keeps one event per finding.
 */
export function eventBridgeEvents(event: Record<string, unknown>, record: Record<string, unknown>, ctx: EventContext, splitPortProbes: boolean): AwsmonEvent[] {
  if (record['source'] === 'guardduty') {
    const events = splitPortProbes ? guardDutyEvents(record, ctx) : [{ message: customMessage(record, ctx), columns: guardDutyColumns(record, ctx) }];
    for (const e of events) fillFromEnvelope(e.columns, event);
    return events;
  }
  const columns: EventColumns = {
    time: isoTime(event['time']) ?? isoTime(record['eventTime']) ?? Date.now(),
    source: String(record['source']),
    account: text(event['account']) ?? text(record['recipientAccountId']),
    region: text(event['region']) ?? text(record['awsRegion']),
    bucket: ctx.bucket,
    key: ctx.key,
    srcIp: text(record['sourceIPAddress']),
    dstIp: undefined,
    srcPort: undefined,
    dstPort: undefined,
    protocol: undefined,
    action: text(record['errorCode']),
    eventName: text(record['eventName']) ?? text(event['detail-type']),
    user: cloudTrailUser(record['userIdentity']),
    bytes: int(record['bytes']),
    packets: undefined,
  };
  return [{ message: customMessage(record, ctx), columns }];
}

function fillFromEnvelope(columns: EventColumns, event: Record<string, unknown>): void {
  columns.account ??= text(event['account']);
  columns.region ??= text(event['region']);
}
