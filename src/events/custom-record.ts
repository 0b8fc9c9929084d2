/**
 * The Wazuh message of a record from a bucket read by the module's `AWSCustomBucket` family
 * (custom, guardduty, waf, server_access, cisco_umbrella): `log_info`, then the record with null
 * fields dropped and one-element lists unwrapped, `source_ip_address` and `tags` as for every
 * bucket, then the custom bucket's own fixes (aws_bucket.py `AWSCustomBucket.reformat_msg`):
 * a non-dict `service.additionalInfo.unusual` becomes `{"value": ...}`, and Macie Classic alerts
 * lose `trigger` and have their `summary` dicts flattened to lists of paths.
 */
import type { WazuhMessage } from '../core/index.ts';
import { logInfo } from './envelope.ts';
import type { EventContext } from './envelope.ts';
import { addDerivedFields, clean, isDict } from './reformat.ts';

/** Fields of a Macie Classic alert `summary` that Wazuh flattens to paths. */
const MACIE_SUMMARY_FIELDS = ['Bucket', 'DLP risk', 'IP', 'Location', 'Object', 'Owner', 'Themes', 'Timestamps', 'recipientAccountId'];

/**
 * Wazuh's `list_paths_from_dict`: every leaf of `d` as the dotted path to it followed by its
 * value(s), with the last `discard` elements dropped. As in Wazuh, `discard` 0 drops everything
 * (Python's `path[:-0]` is empty), so a Macie event `count` becomes `[""]`.
 */
export function listPathsFromDict(d: unknown, discard: number, path: readonly string[] = []): string[] {
  if (!isDict(d)) {
    const full = [...path, ...(Array.isArray(d) ? d.map(pyText) : [pyText(d)])];
    return [(discard === 0 ? [] : full.slice(0, -discard)).join('.')];
  }
  const out: string[] = [];
  for (const [k, v] of Object.entries(d)) out.push(...listPathsFromDict(v, discard, [...path, k]));
  return out;
}

/** Python's `str()` of a JSON leaf, where Wazuh joins leaves into paths. */
function pyText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

function macieFixes(aws: Record<string, unknown>): void {
  const summary = aws['summary'];
  if (!isDict(summary)) return;
  const fixed: Record<string, unknown> = { ...summary };
  for (const field of MACIE_SUMMARY_FIELDS) {
    if (isDict(fixed[field])) fixed[field] = listPathsFromDict(fixed[field], 1);
  }
  const events = fixed['Events'];
  if (isDict(events)) {
    const out: Record<string, unknown> = {};
    for (const [name, fields] of Object.entries(events)) {
      if (!isDict(fields)) {
        out[name] = fields;
        continue;
      }
      const flat: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(fields)) flat[field] = listPathsFromDict(value, field === 'count' ? 0 : 1);
      out[name] = flat;
    }
    fixed['Events'] = out;
  }
  aws['summary'] = fixed;
}

/** Wraps a non-dict `service.additionalInfo.unusual` in `{"value": ...}` (copying the dicts it changes). */
function wrapUnusual(aws: Record<string, unknown>): void {
  const service = aws['service'];
  if (!isDict(service)) return;
  const info = service['additionalInfo'];
  if (!isDict(info) || !('unusual' in info) || isDict(info['unusual'])) return;
  aws['service'] = { ...service, additionalInfo: { ...info, unusual: { value: info['unusual'] } } };
}

/** The custom bucket's fixes after the common reformat; mutates `aws` (whose nested dicts it copies before changing). */
export function customFixes(aws: Record<string, unknown>): Record<string, unknown> {
  if (aws['source'] === 'macie' && 'trigger' in aws) delete aws['trigger'];
  wrapUnusual(aws);
  if (aws['source'] === 'macie') macieFixes(aws);
  return aws;
}

/**
 * The message of one record of a custom-family bucket. `record` already holds its `source`
 * (Wazuh: `dict(record, source=...)`); it is not modified. `extra` fields (awsmon's additions)
 * are appended after Wazuh's.
 */
export function customMessage(record: Record<string, unknown>, ctx: EventContext, extra?: Record<string, unknown>): WazuhMessage {
  // A spread, as in cloudTrailMessage (fast properties; a "__proto__" key stays a field).
  const aws: Record<string, unknown> = { log_info: logInfo(ctx), ...clean(record) };
  addDerivedFields(aws);
  customFixes(aws);
  if (extra) for (const [k, v] of Object.entries(extra)) if (v !== undefined && !(k in aws)) aws[k] = v;
  return { integration: 'aws', aws };
}

