/**
 * Security Lake rows: OCSF records sent as they are, nulls kept, without the `integration`/`aws`
 * wrapper (reference §3.2), so the Security Lake rules match on OCSF field names.
 * https://schema.ocsf.io/ ; https://docs.aws.amazon.com/security-lake/latest/userguide/open-cybersecurity-schema-framework.html
 */
import type { AwsmonEvent, EventColumns, PlainMessage } from '../core/index.ts';
import { numberAt, textAt, timeOf } from './subscriber-message.ts';
import type { SubscriberObject } from './subscriber-message.ts';

/** The event of one OCSF row. */
export function ocsfEvent(record: PlainMessage, object: SubscriberObject): AwsmonEvent<PlainMessage> {
  return { message: record, columns: ocsfColumns(record, object) };
}

/** Columns from the OCSF attributes shared by Security Lake's classes (API activity, network activity, DNS, findings). */
function ocsfColumns(r: PlainMessage, object: SubscriberObject): EventColumns {
  return {
    // OCSF `time` is epoch milliseconds.
    time: timeOf(r['time']) ?? timeOf(r['time_dt']) ?? Date.now(),
    source: 'security_lake',
    account: textAt(r, 'cloud.account.uid') ?? textAt(r, 'cloud.account_uid'),
    region: textAt(r, 'cloud.region'),
    bucket: object.bucket,
    key: object.key,
    srcIp: textAt(r, 'src_endpoint.ip'),
    dstIp: textAt(r, 'dst_endpoint.ip'),
    srcPort: numberAt(r, 'src_endpoint.port'),
    dstPort: numberAt(r, 'dst_endpoint.port'),
    protocol: numberAt(r, 'connection_info.protocol_num'),
    action: textAt(r, 'disposition') ?? textAt(r, 'status') ?? textAt(r, 'action'),
    eventName: textAt(r, 'api.operation') ?? textAt(r, 'activity_name') ?? textAt(r, 'class_name'),
    user: textAt(r, 'actor.user.name') ?? textAt(r, 'actor.user.uid') ?? textAt(r, 'identity.user.name'),
    bytes: numberAt(r, 'traffic.bytes'),
    packets: numberAt(r, 'traffic.packets'),
  };
}
