/**
 * What the Wazuh module's SQS subscribers do to a record before sending it (subscribers/
 * s3_log_handler.py): null-valued keys are dropped through nested dicts (never inside lists), and
 * nothing else: no list unwrapping, no `source_ip_address`, unlike the bucket types.
 */
import type { WazuhMessage } from '../core/index.ts';
import { isDict } from './reformat.ts';


/** Where a subscriber's record came from; `log_info` holds only the key and the bucket (no alias). */
export interface SubscriberObject {
  bucket: string;
  key: string;
}

/**
 * `{"integration":"aws","aws":{"log_info":{"log_file","s3bucket"}, ...record}}`, the record's keys
 * after `log_info` in their order (Python's `dict.update`); without an object (an event that came in
 * the SQS message itself) there is no `log_info`.
 */
export function subscriberMessage(record: Record<string, unknown>, object: SubscriberObject | undefined): WazuhMessage {
  // A spread, as in cloudTrailMessage (fast properties; a "__proto__" key stays a field).
  const aws: WazuhMessage['aws'] = object === undefined ? { ...record } : { log_info: { log_file: object.key, s3bucket: object.bucket } as WazuhMessage['aws']['log_info'], ...record };
  return { integration: 'aws', aws };
}

/** Epoch milliseconds of an ISO-8601 text or an epoch number (seconds or milliseconds), else undefined. */
export function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value !== 'string' || value === '') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** The value at a dotted path of nested dicts, or undefined. */
export function at(record: unknown, path: string): unknown {
  let cur = record;
  for (const part of path.split('.')) {
    if (!isDict(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** A non-empty string at `path`, else undefined. */
export function textAt(record: unknown, path: string): string | undefined {
  const v = at(record, path);
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** A finite number (or numeric text) at `path`, else undefined. */
export function numberAt(record: unknown, path: string): number | undefined {
  const v = at(record, path);
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? +v : NaN;
  return Number.isFinite(n) ? n : undefined;
}
