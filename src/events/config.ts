/**
 * Wazuh messages of AWS Config configuration items (config.py of the Wazuh module): the item with
 * nulls dropped and one-element lists unwrapped, `source: "config"` and `aws_account_id` (the
 * folder's account), then the module's normalisations of `configuration`, which keep the index
 * mapping of one field stable across resource types.
 */
import type { AwsmonEvent, EventColumns, WazuhMessage } from '../core/index.ts';
import { logInfo } from './envelope.ts';
import type { EventContext } from './envelope.ts';
import { addDerivedFields, clean, isDict } from './reformat.ts';
import { nonEmpty } from './values.ts';

/** `[{groupId, groupName}, ...]` (and the other shapes AWS uses) → `{groupId: [...], groupName: [...]}`. */
function listsByKey(value: unknown, keys: readonly [string, string], whenString: string): unknown {
  if (typeof value === 'string') return { [whenString]: [value] };
  if (Array.isArray(value)) {
    const out: Record<string, unknown[]> = {};
    for (const key of keys) {
      const found = value.filter((v) => isDict(v) && key in v).map((v) => (v as Record<string, unknown>)[key]);
      if (found.length > 0) out[key] = found;
    }
    return out;
  }
  if (isDict(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, [v]]));
  return value;
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;

/**
 * `createdTime` as epoch seconds: numbers as they are, `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` in UTC
 * with the fraction dropped (the Wazuh module reads only the form with a fraction, and as local
 * time); anything else unchanged.
 */
function epochSeconds(value: unknown): unknown {
  if (typeof value === 'number') return value;
  const m = typeof value === 'string' ? ISO_TIME.exec(value) : null;
  if (!m) return value;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000;
}

/** The module's reshaping of `configuration` (copy-on-write: the item itself is never modified). */
export function normaliseConfiguration(configuration: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...configuration };
  // `*.Content` dicts (policy documents and the like) become the list of their keys.
  for (const [key, value] of Object.entries(out)) {
    if (isDict(value) && isDict(value['Content'])) out[key] = { ...value, Content: Object.keys(value['Content']) };
  }
  if ('securityGroups' in out) out['securityGroups'] = listsByKey(out['securityGroups'], ['groupId', 'groupName'], 'groupId');
  if ('availabilityZones' in out) out['availabilityZones'] = listsByKey(out['availabilityZones'], ['subnetId', 'zoneName'], 'zoneName');
  if (typeof out['state'] === 'string') out['state'] = { name: out['state'] };
  if ('createdTime' in out) out['createdTime'] = epochSeconds(out['createdTime']);
  if (typeof out['iamInstanceProfile'] === 'string') out['iamInstanceProfile'] = { name: out['iamInstanceProfile'] };
  return out;
}

/** The Wazuh message of one configuration item. */
export function configMessage(item: Record<string, unknown>, ctx: EventContext): WazuhMessage {
  // A spread, as in cloudTrailMessage (fast properties; a "__proto__" key stays a field).
  const aws: Record<string, unknown> = { log_info: logInfo(ctx), ...clean(item) };
  aws['source'] = 'config';
  if (ctx.accountId !== undefined) aws['aws_account_id'] = ctx.accountId;
  addDerivedFields(aws);
  if (isDict(aws['configuration'])) aws['configuration'] = normaliseConfiguration(aws['configuration']);
  return { integration: 'aws', aws };
}


/** The indexed columns of a configuration item: its capture time, account, region, resource type (as the event name) and status. */
export function configColumns(item: Record<string, unknown>, ctx: EventContext): EventColumns {
  const time = Date.parse(nonEmpty(item['configurationItemCaptureTime']) ?? '');
  return {
    time: Number.isNaN(time) ? Date.now() : time,
    source: 'config',
    account: nonEmpty(item['awsAccountId']) ?? ctx.accountId,
    region: nonEmpty(item['awsRegion']) ?? ctx.region,
    bucket: ctx.bucket,
    key: ctx.key,
    srcIp: undefined,
    dstIp: undefined,
    srcPort: undefined,
    dstPort: undefined,
    protocol: undefined,
    action: nonEmpty(item['configurationItemStatus']),
    eventName: nonEmpty(item['resourceType']),
    user: undefined,
    bytes: undefined,
    packets: undefined,
  };
}

/** The event of one configuration item. */
export function configEvent(item: Record<string, unknown>, ctx: EventContext): AwsmonEvent {
  return { message: configMessage(item, ctx), columns: configColumns(item, ctx) };
}
