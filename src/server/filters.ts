/**
 * The query-string filters every search and aggregation route accepts: their JSON schema (which
 * Fastify validates, and the OpenAPI description reuses) and their conversion into a
 * SearchFilter. Repeating a parameter ORs its values (`?source=vpc&source=cloudtrail`).
 */
import { AwsmonError } from '../core/index.ts';
import type { SearchFilter } from '../store/index.ts';

const MAX_VALUES = 100;
const text = { type: 'string', maxLength: 512 } as const;
const textList = { type: 'array', items: text, maxItems: MAX_VALUES } as const;
const portList = { type: 'array', items: { type: 'integer', minimum: 0, maximum: 65535 }, maxItems: MAX_VALUES } as const;
const time = {
  type: 'string', maxLength: 40,
  description: 'ISO-8601 time, epoch milliseconds, or relative to now: `now`, `now-15m`, `now-24h`, `now-7d` (units s, m, h, d, w)',
} as const;

/** JSON-schema properties of the filter parameters. */
export const FILTER_PROPERTIES = {
  from: { ...time, description: `Start, inclusive (event time). ${time.description}` },
  to: { ...time, description: `End, exclusive (event time). ${time.description}` },
  q: { ...text, description: 'Free text: a case-insensitive substring of the event name or user (for alerts also of the rule description and id), the start of a source or destination address, or an action (ACCEPT, REJECT)' },
  source: { ...textList, description: '`aws.source`: cloudtrail, vpc, ...' },
  account: { ...textList, description: 'AWS account id' },
  region: textList,
  bucket: textList,
  eventName: { ...textList, description: 'CloudTrail event name' },
  user: { ...textList, description: 'CloudTrail user or role name' },
  ip: { ...textList, description: 'Source or destination IP' },
  srcIp: textList,
  dstIp: textList,
  port: { ...portList, description: 'Source or destination port' },
  srcPort: portList,
  dstPort: portList,
  protocol: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 255 }, maxItems: MAX_VALUES, description: 'IANA protocol number (6 TCP, 17 UDP, 1 ICMP)' },
  action: { ...textList, description: 'Flow action (ACCEPT, REJECT); CloudTrail errorCode, or a ConsoleLogin outcome (Success, Failure); load balancer status' },
  ruleId: textList,
  minLevel: { type: 'integer', minimum: 0, maximum: 16, description: 'Alerts at or above this level (for events: events with such an alert)' },
  group: { ...textList, description: 'Rule group' },
  mitre: { ...textList, description: 'MITRE ATT&CK technique id' },
  tactic: { ...textList, description: 'MITRE ATT&CK tactic name (Credential Access)' },
} as const;

/** The query object Fastify hands over after validation. */
export type FilterQuery = {
  from?: string; to?: string; q?: string; source?: string[]; account?: string[]; region?: string[]; bucket?: string[];
  eventName?: string[]; user?: string[]; ip?: string[]; srcIp?: string[]; dstIp?: string[]; port?: number[]; srcPort?: number[];
  dstPort?: number[]; protocol?: number[]; action?: string[]; ruleId?: string[]; minLevel?: number; group?: string[]; mitre?: string[]; tactic?: string[];
};

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** Parses a time parameter; throws CLI-independent API_BAD_REQUEST naming the parameter. */
export function parseTime(name: string, value: string, now: number): number {
  const relative = /^now(?:([+-])(\d{1,6})([smhdw]))?$/.exec(value);
  if (relative !== null) {
    if (relative[1] === undefined) return now;
    const delta = Number(relative[2]) * UNIT_MS[relative[3]!]!;
    return relative[1] === '-' ? now - delta : now + delta;
  }
  if (/^\d{1,15}$/.test(value)) return Number(value);
  // Only full ISO dates: Date.parse accepts too many other spellings.
  if (/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    const ms = Date.parse(/T/.test(value) && !/(Z|[+-]\d{2}:?\d{2})$/.test(value) ? `${value}Z` : value);
    if (Number.isFinite(ms)) return ms;
  }
  throw new AwsmonError('API_BAD_REQUEST', `'${name}' is not a time: '${value}' (expected ISO-8601, epoch milliseconds, or now-15m style)`);
}

/** Turns validated query parameters into a SearchFilter. */
export function toFilter(query: FilterQuery, now = Date.now()): SearchFilter {
  const from = query.from === undefined ? undefined : parseTime('from', query.from, now);
  const to = query.to === undefined ? undefined : parseTime('to', query.to, now);
  if (from !== undefined && to !== undefined && to <= from) {
    throw new AwsmonError('API_BAD_REQUEST', `'to' (${new Date(to).toISOString()}) must be after 'from' (${new Date(from).toISOString()})`);
  }
  return {
    from, to, text: query.q, source: query.source, account: query.account, region: query.region, bucket: query.bucket,
    eventName: query.eventName, user: query.user, ip: query.ip, srcIp: query.srcIp, dstIp: query.dstIp, port: query.port,
    srcPort: query.srcPort, dstPort: query.dstPort, protocol: query.protocol, action: query.action, ruleId: query.ruleId,
    minLevel: query.minLevel, group: query.group, mitre: query.mitre, tactic: query.tactic,
  };
}
