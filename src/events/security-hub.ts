/**
 * Security Hub findings delivered by EventBridge (directly to SQS, or through Firehose to S3
 * objects announced on SQS): `aws.source` `securityhub`, the event's `detail-type` as
 * `detail_type`, and the finding as `finding` (reference §3.2). Wazuh sends `findings[0]` only;
 * awsmon sends one event per finding, so a batched event loses none.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cwe-event-formats.html
 */
import type { AwsmonEvent, EventColumns } from '../core/index.ts';
import { isDict } from './reformat.ts';
import { numberAt, subscriberMessage, textAt, timeOf } from './subscriber-message.ts';
import { dropNulls } from './reformat.ts';
import type { SubscriberObject } from './subscriber-message.ts';

/** Fields of `detail` copied as they are, in Wazuh's order (custom actions and insight results carry them). */
const DETAIL_FIELDS = ['actionName', 'actionDescription', 'insightName', 'insightArn', 'resultType', 'insightResults'] as const;

/**
 * The records of one Security Hub EventBridge event: one per finding (or one without `finding`
 * for an insight result), null keys dropped. Returns a reason instead when it is not such an event.
 */
export function securityHubRecords(event: Record<string, unknown>): Record<string, unknown>[] | string {
  const detail = event['detail'];
  if (!isDict(detail)) return 'the event has no "detail" object (not a Security Hub EventBridge event)';
  const base = (finding: unknown): Record<string, unknown> => {
    const record: Record<string, unknown> = { source: 'securityhub', detail_type: event['detail-type'] };
    if (finding !== undefined) record['finding'] = finding;
    for (const f of DETAIL_FIELDS) if (f in detail) record[f] = detail[f];
    return dropNulls(record);
  };
  const findings = detail['findings'];
  if (findings === undefined) return [base(undefined)];
  if (!Array.isArray(findings)) return '"detail.findings" is not a list';
  return findings.map((f) => base(f));
}

/** The event of one Security Hub record; `object` is the S3 object it was read from, if any. */
export function securityHubEvent(record: Record<string, unknown>, event: Record<string, unknown>, object: SubscriberObject | undefined): AwsmonEvent {
  return { message: subscriberMessage(record, object), columns: securityHubColumns(record, event, object) };
}

/** Columns of a finding in the AWS Security Finding Format (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFinding.html). */
function securityHubColumns(r: Record<string, unknown>, event: Record<string, unknown>, object: SubscriberObject | undefined): EventColumns {
  const f = r['finding'];
  return {
    time: timeOf(textAt(f, 'UpdatedAt')) ?? timeOf(textAt(f, 'CreatedAt')) ?? timeOf(event['time']) ?? Date.now(),
    source: 'securityhub',
    account: textAt(f, 'AwsAccountId') ?? textAt(event, 'account'),
    region: textAt(f, 'Region') ?? textAt(event, 'region'),
    bucket: object?.bucket,
    key: object?.key,
    srcIp: textAt(f, 'Network.SourceIpV4') ?? textAt(f, 'Network.SourceIpV6'),
    dstIp: textAt(f, 'Network.DestinationIpV4') ?? textAt(f, 'Network.DestinationIpV6'),
    srcPort: numberAt(f, 'Network.SourcePort'),
    dstPort: numberAt(f, 'Network.DestinationPort'),
    protocol: undefined,
    action: textAt(f, 'Compliance.Status') ?? textAt(f, 'Workflow.Status'),
    eventName: textAt(f, 'Compliance.SecurityControlId') ?? textAt(f, 'GeneratorId') ?? textAt(r, 'insightName') ?? textAt(r, 'detail_type'),
    user: undefined,
    bytes: undefined,
    packets: undefined,
  };
}
