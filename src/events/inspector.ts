/**
 * Amazon Inspector (v2) findings as Wazuh's inspector service sends them:
 * `{"integration":"aws","aws":{...finding, "source":"inspector2"}}`, with no `log_info`. The
 * top-level `createdAt`/`updatedAt` become `YYYY-MM-DDTHH:MM:SSZ`; every other timestamp is
 * what Python's `nonEmpty()` makes of boto3's datetime (`json.dumps(default=str)`):
 * `YYYY-MM-DD HH:MM:SS[.ffffff]+00:00`.
 * https://docs.aws.amazon.com/inspector/v2/APIReference/API_Finding.html
 */
import type { AwsmonEvent, EventColumns, WazuhMessage } from '../core/index.ts';
import { isDict } from './reformat.ts';
import { nonEmpty } from './values.ts';

/** `aws.source` of Inspector v2 findings. */
export const INSPECTOR_SOURCE = 'inspector2';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `%Y-%m-%dT%H:%M:%SZ` in UTC. */
function isoSeconds(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}

/** Python's `nonEmpty()` of an aware UTC datetime: microseconds only when not zero. */
export function pythonDatetimeStr(d: Date): string {
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  return `${base}${ms === 0 ? '' : `.${pad(ms * 1000, 6)}`}+00:00`;
}

/** A copy with every Date made text and undefined members dropped (they are absent in the API's JSON). */
function plain(value: unknown): unknown {
  if (value instanceof Date) return pythonDatetimeStr(value);
  if (Array.isArray(value)) return value.map(plain);
  if (isDict(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plain(v);
    return out;
  }
  return value;
}

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

/** The Wazuh message of one finding as the SDK returns it (timestamps as Date). */
export function inspectorMessage(finding: Record<string, unknown>): WazuhMessage {
  const aws = plain(finding) as Record<string, unknown>;
  for (const field of ['createdAt', 'updatedAt']) {
    const d = toDate(finding[field]);
    if (d !== undefined) aws[field] = isoSeconds(d);
  }
  aws['source'] = INSPECTOR_SOURCE;
  return { integration: 'aws', aws };
}


/** Columns: time `updatedAt`, the finding's account, the region of its first resource, type as event name, severity as action. */
export function inspectorColumns(finding: Record<string, unknown>, region: string, now: number): EventColumns {
  const resources = finding['resources'];
  const first = Array.isArray(resources) && isDict(resources[0]) ? resources[0] : undefined;
  return {
    time: toDate(finding['updatedAt'])?.getTime() ?? now,
    source: INSPECTOR_SOURCE,
    account: nonEmpty(finding['awsAccountId']),
    region: nonEmpty(first?.['region']) ?? region,
    eventName: nonEmpty(finding['type']),
    action: nonEmpty(finding['severity']),
  };
}

/** One finding's event. */
export function inspectorEvent(finding: Record<string, unknown>, region: string, now: number): AwsmonEvent {
  return { message: inspectorMessage(finding), columns: inspectorColumns(finding, region, now) };
}
