/**
 * GuardDuty findings (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-format.html),
 * from GuardDuty's own S3 export (one finding per line) or from EventBridge events delivered by
 * Firehose (the finding is the event's `detail`). As the Wazuh module (guardduty.py): a finding
 * whose `service.action.portProbeAction.portProbeDetails` has more than one entry gives one
 * message per entry, with that entry in place of the list and no further reformat; any other
 * finding gets the custom bucket's reformat.
 */
import type { AwsmonEvent, EventColumns, WazuhMessage } from '../core/index.ts';
import { logInfo } from './envelope.ts';
import type { EventContext } from './envelope.ts';
import { customMessage } from './custom-record.ts';
import { dig, int, isoTime, text } from './values.ts';
import { dropNulls, isDict } from './reformat.ts';

const PROTOCOLS: Readonly<Record<string, number>> = { TCP: 6, UDP: 17, ICMP: 1 };

function portProbeDetails(record: Record<string, unknown>): unknown[] | undefined {
  const details = dig(record, 'service', 'action', 'portProbeAction', 'portProbeDetails');
  return Array.isArray(details) ? details : undefined;
}

function withDetail(record: Record<string, unknown>, detail: unknown): Record<string, unknown> {
  const service = record['service'] as Record<string, unknown>;
  const action = service['action'] as Record<string, unknown>;
  const probe = action['portProbeAction'] as Record<string, unknown>;
  return { ...record, service: { ...service, action: { ...action, portProbeAction: { ...probe, portProbeDetails: detail } } } };
}

/**
 * The events of one finding; `record` holds its `source` already (Wazuh: the native export's
 * `service.serviceName`, or the EventBridge source without `aws.`).
 */
export function guardDutyEvents(record: Record<string, unknown>, ctx: EventContext): AwsmonEvent[] {
  const details = portProbeDetails(record);
  if (record['source'] === 'guardduty' && details !== undefined && details.length > 1) {
    const base = dropNulls(record);
    return details.map((detail) => {
      const aws: Record<string, unknown> = { log_info: logInfo(ctx), ...withDetail(base, detail) };
      const message: WazuhMessage = { integration: 'aws', aws };
      return { message, columns: guardDutyColumns(record, ctx, detail) };
    });
  }
  return [{ message: customMessage(record, ctx), columns: guardDutyColumns(record, ctx) }];
}

/**
 * The indexed columns of a finding: its time, account, region, type (as the event name), action
 * type, the access key's user, and the remote and local addresses of its action (for a port
 * probe, of the probe detail the event holds, by default the first).
 */
export function guardDutyColumns(record: Record<string, unknown>, ctx: EventContext, probeDetail: unknown = portProbeDetails(record)?.[0]): EventColumns {
  const action = dig(record, 'service', 'action');
  const actionType = text(dig(action, 'actionType'));
  let remote: unknown;
  let local: unknown;
  let remotePort: unknown;
  let localPort: unknown;
  let protocol: number | undefined;
  let inbound = true;
  if (probeDetail !== undefined) {
    remote = dig(probeDetail, 'remoteIpDetails', 'ipAddressV4');
    local = dig(probeDetail, 'localIpDetails', 'ipAddressV4');
    localPort = dig(probeDetail, 'localPortDetails', 'port');
  } else if (isDict(dig(action, 'networkConnectionAction'))) {
    const c = dig(action, 'networkConnectionAction');
    remote = dig(c, 'remoteIpDetails', 'ipAddressV4');
    local = dig(c, 'localIpDetails', 'ipAddressV4');
    remotePort = dig(c, 'remotePortDetails', 'port');
    localPort = dig(c, 'localPortDetails', 'port');
    protocol = PROTOCOLS[String(dig(c, 'protocol'))];
    inbound = dig(c, 'connectionDirection') !== 'OUTBOUND';
  } else {
    remote = dig(action, 'awsApiCallAction', 'remoteIpDetails', 'ipAddressV4') ?? dig(action, 'kubernetesApiCallAction', 'remoteIpDetails', 'ipAddressV4');
  }
  local ??= privateIp(record);
  const [src, dst, sport, dport] = inbound ? [remote, local, remotePort, localPort] : [local, remote, localPort, remotePort];
  return {
    time: isoTime(record['updatedAt']) ?? isoTime(dig(record, 'service', 'eventLastSeen')) ?? isoTime(record['createdAt']) ?? Date.now(),
    source: typeof record['source'] === 'string' ? record['source'] : 'guardduty',
    account: text(record['accountId']) ?? (ctx.accountId || undefined),
    region: text(record['region']) ?? (ctx.region || undefined),
    bucket: ctx.bucket,
    key: ctx.key,
    srcIp: text(src),
    dstIp: text(dst),
    srcPort: int(sport),
    dstPort: int(dport),
    protocol,
    action: actionType,
    eventName: text(record['type']),
    user: text(dig(record, 'resource', 'accessKeyDetails', 'userName')),
    bytes: undefined,
    packets: undefined,
  };
}

function privateIp(record: Record<string, unknown>): unknown {
  const nics = dig(record, 'resource', 'instanceDetails', 'networkInterfaces');
  return Array.isArray(nics) ? dig(nics[0], 'privateIpAddress') : undefined;
}
