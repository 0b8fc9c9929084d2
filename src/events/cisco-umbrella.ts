/**
 * Cisco Umbrella logs exported to S3 (https://docs.umbrella.com/deployment-umbrella/docs/log-formats-and-versioning):
 * DNS, proxy and IP logs, CSV with the field names the Wazuh module gives them (umbrella.py),
 * values as strings, then `source: "cisco_umbrella"`.
 */
import type { AwsmonEvent, EventColumns } from '../core/index.ts';
import type { EventContext } from './envelope.ts';
import { customMessage } from './custom-record.ts';
import { int, text } from './values.ts';

/** The three Umbrella log kinds, named by the folder that holds them. */
export type UmbrellaKind = 'dnslogs' | 'proxylogs' | 'iplogs';

/** The CSV columns of each kind, as Wazuh names them. Columns past these are dropped. */
export const UMBRELLA_FIELDS: Readonly<Record<UmbrellaKind, readonly string[]>> = {
  dnslogs: [
    'timestamp', 'most_granular_identity', 'identities', 'internal_ip', 'external_ip', 'action', 'query_type', 'response_code',
    'domain', 'categories', 'most_granular_identity_type', 'identity_types', 'blocked_categories',
  ],
  proxylogs: [
    'timestamp', 'identities', 'internal_ip', 'external_ip', 'destination_ip', 'content_type', 'verdict', 'url', 'referer',
    'user_agent', 'status_code', 'requested_size', 'response_size', 'response_body_size', 'sha', 'categories', 'av_detections',
    'puas', 'amp_disposition', 'amp_malware_name', 'amp_score', 'identity_type', 'blocked_categories',
  ],
  iplogs: ['timestamp', 'identity', 'source_ip', 'source_port', 'destination_ip', 'destination_port', 'categories'],
};

/** Epoch milliseconds of an Umbrella timestamp (`2024-03-05 10:20:30`, UTC). */
export function umbrellaTime(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) return undefined;
  const t = Date.parse(`${value.replace(' ', 'T')}Z`);
  return Number.isNaN(t) ? undefined : t;
}

/** Wazuh's record of one CSV row: the kind's fields in order (missing columns left out), then `source`. */
export function umbrellaRecord(kind: UmbrellaKind, row: readonly string[]): Record<string, string> {
  const names = UMBRELLA_FIELDS[kind];
  const record: Record<string, string> = {};
  const n = Math.min(names.length, row.length);
  for (let i = 0; i < n; i++) record[names[i]!] = row[i]!;
  record['source'] = 'cisco_umbrella';
  return record;
}

// One literal per kind, no spread of shared fields: a spread per row was half of this builder's time.
function columnsOf(kind: UmbrellaKind, r: Record<string, string>, ctx: EventContext): EventColumns {
  const time = umbrellaTime(r['timestamp']) ?? Date.now();
  if (kind === 'dnslogs') {
    return {
      time, source: 'cisco_umbrella', bucket: ctx.bucket, key: ctx.key,
      srcIp: text(r['internal_ip']), action: text(r['action']), eventName: text(r['domain']), user: text(r['most_granular_identity']),
    };
  }
  if (kind === 'proxylogs') {
    return {
      time, source: 'cisco_umbrella', bucket: ctx.bucket, key: ctx.key,
      srcIp: text(r['internal_ip']), dstIp: text(r['destination_ip']), action: text(r['verdict']), eventName: text(r['url']),
      user: text(r['identities']), bytes: int(r['response_size']),
    };
  }
  return {
    time, source: 'cisco_umbrella', bucket: ctx.bucket, key: ctx.key,
    srcIp: text(r['source_ip']), srcPort: int(r['source_port']), dstIp: text(r['destination_ip']),
    dstPort: int(r['destination_port']), user: text(r['identity']),
  };
}

/** The event of one Umbrella record (`umbrellaRecord`). */
export function umbrellaEvent(kind: UmbrellaKind, record: Record<string, string>, ctx: EventContext): AwsmonEvent {
  return { message: customMessage(record, ctx), columns: columnsOf(kind, record, ctx) };
}
