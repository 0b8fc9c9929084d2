/**
 * Wazuh messages of load balancer log entries (load_balancers.py of the Wazuh module): the
 * entry's fields in file order with their values as strings, then `source` (`alb`, `clb`,
 * `nlb`), then the addresses split out of `ip:port` values. Fields AWS added after the Wazuh
 * module's lists keep their AWS names; values beyond the known fields (AWS appends new fields)
 * are kept in `extra_fields` instead of being lost.
 */
import type { AwsmonEvent, EventColumns, WazuhMessage } from '../core/index.ts';
import type { ElbLogFormat } from '../formats/index.ts';
import { logInfo } from './envelope.ts';
import type { EventContext } from './envelope.ts';
import { shouldDiscard } from './discard.ts';
import type { DiscardRule } from './discard.ts';
import { int, text } from './values.ts';

/** Which load balancer wrote the file, and which kind of file it is. */
export type ElbSource = 'alb' | 'clb' | 'nlb';

/** Builds the event of one entry, or undefined when `discard_regex` drops it; made once per object. */
export type ElbEventBuilder = (values: readonly string[]) => AwsmonEvent | undefined;

/**
 * `ip:port` → `[ip, port]`, split at the last colon so IPv6 addresses stay whole (`[` `]` around
 * them are dropped); undefined when the value has no port (`-`).
 */
export function splitAddress(value: string): [string, string] | undefined {
  const colon = value.lastIndexOf(':');
  if (colon <= 0 || colon === value.length - 1) return undefined;
  let ip = value.slice(0, colon);
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  return [ip, value.slice(colon + 1)];
}

/** The `ip:port` fields of each kind and the address field each gains. */
const ALB_ADDRESSES = [['client_port', 'client_ip'], ['target_port', 'target_ip'], ['target_port_list', 'target_ip_list']] as const;
const NLB_ADDRESSES = [['client_port', 'client_ip'], ['destination_port', 'destination_ip']] as const;

/**
 * ALB: `client_port`, `target_port` and `target_port_list` hold `ip:port` values (the list
 * space-separated); each becomes its ports, and `client_ip`, `target_ip`, `target_ip_list` are
 * added after `source`. A value with any item that is not `ip:port` (`-`) stays as it is, as in
 * the Wazuh module.
 */
function splitAlbAddresses(record: Record<string, unknown>): void {
  for (const [field, ipField] of ALB_ADDRESSES) {
    const value = record[field];
    if (typeof value !== 'string') continue;
    const items = value.split(/\s+/).filter((v) => v !== '');
    const pairs = items.map(splitAddress);
    if (items.length === 0 || pairs.some((p) => p === undefined)) continue;
    record[field] = pairs.map((p) => p![1]).join(' ');
    record[ipField] = pairs.map((p) => p![0]).join(' ');
  }
}

/**
 * NLB: `client_port` and `destination_port` hold `ip:port`; `client_ip` and `destination_ip` are
 * added after `source`. A value that is not `ip:port` is copied whole to the address field, as
 * the Wazuh module does.
 */
function splitNlbAddresses(record: Record<string, unknown>): void {
  for (const [field, ipField] of NLB_ADDRESSES) {
    const value = record[field];
    if (typeof value !== 'string') continue;
    const pair = splitAddress(value);
    if (pair === undefined) {
      record[ipField] = value;
    } else {
      record[field] = pair[1];
      record[ipField] = pair[0];
    }
  }
}

/** The record (the message's `aws` without `log_info`) of one entry. */
export function elbRecord(source: ElbSource, format: ElbLogFormat, values: readonly string[], connection = false): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const fields = format.fields;
  const n = Math.min(values.length, fields.length);
  for (let i = 0; i < n; i++) record[fields[i]!] = values[i];
  if (values.length > fields.length) {
    const extra = values.slice(fields.length);
    // One-element lists are unwrapped in every bucket message (Wazuh's reformat).
    record['extra_fields'] = extra.length === 1 ? extra[0] : extra;
  }
  record['source'] = source;
  if (connection) record['log_type'] = 'connection';
  else if (source === 'alb') splitAlbAddresses(record);
  else if (source === 'nlb') splitNlbAddresses(record);
  return record;
}

function sum(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
}

const ZONE = /(Z|[+-]\d\d:?\d\d)$/;

/** Epoch ms of an ISO 8601 time; NLB writes its times without a zone designator, in UTC. */
function utcTime(value: string | undefined): number {
  if (value === undefined) return NaN;
  return Date.parse(ZONE.test(value) ? value : `${value}Z`);
}

/** The address and port of an `ip:port` value, or of separate fields already split. */
function endpoint(ip: unknown, port: unknown): [string | undefined, number | undefined] {
  const p = text(port);
  if (text(ip) === undefined && p !== undefined) {
    const pair = splitAddress(p);
    if (pair !== undefined) return [pair[0], int(pair[1])];
  }
  return [text(ip), int(port)];
}

/** The indexed columns of one entry's record. */
export function elbColumns(source: ElbSource, record: Record<string, unknown>, ctx: EventContext): EventColumns {
  const time = utcTime(text(record['time']));
  const [srcIp, srcPort] = endpoint(record['client_ip'], record['client_port']);
  const [dstIp, dstPort] = source === 'nlb'
    ? endpoint(record['destination_ip'], record['destination_port'])
    : source === 'clb' ? endpoint(undefined, record['backend_port']) : endpoint(record['target_ip'], record['target_port'] ?? record['listener_port']);
  const request = text(record['request']);
  // `GET https://host:443/path HTTP/1.1`: the method names what was done.
  const space = request === undefined ? -1 : request.indexOf(' ');
  // TCP listeners and failed TLS handshakes log `- - - ` instead of a request.
  const method = space > 0 && !request!.startsWith('-') ? request!.slice(0, space) : undefined;
  return {
    time: Number.isNaN(time) ? Date.now() : time,
    source,
    account: ctx.accountId,
    region: ctx.region,
    bucket: ctx.bucket,
    key: ctx.key,
    srcIp,
    dstIp,
    srcPort,
    dstPort,
    protocol: 6,
    action: text(record['elb_status_code']) ?? text(record['tls_verify_status']) ?? text(record['incoming_tls_alert']),
    eventName: method,
    user: undefined,
    bytes: sum(int(record['received_bytes']), int(record['sent_bytes'])),
    packets: undefined,
  };
}

/** The per-entry event builder of one object: `source`, the file's format, and the bucket's `discard_regex`. */
export function createElbEventBuilder(
  source: ElbSource, format: ElbLogFormat, ctx: EventContext, options: { connection?: boolean; discard?: DiscardRule | undefined } = {},
): ElbEventBuilder {
  const info = Object.freeze(logInfo(ctx));
  return (values) => {
    const record = elbRecord(source, format, values, options.connection);
    // discard_regex looks at the record before it is wrapped (Wazuh semantics).
    if (options.discard && shouldDiscard(record, options.discard)) return undefined;
    const message: WazuhMessage = { integration: 'aws', aws: { log_info: info, ...record } };
    return { message, columns: elbColumns(source, record, ctx) };
  };
}
