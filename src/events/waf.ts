/**
 * AWS WAF web ACL log records (https://docs.aws.amazon.com/waf/latest/developerguide/logging-fields.html).
 * As the Wazuh module (waf.py): `source` is `waf`, and `httpRequest.headers`, a list of
 * `{name, value}`, becomes a dict of the standard HTTP headers only (so attacker-chosen header
 * names cannot add fields to the index). awsmon appends the account and region of the web ACL,
 * which the Wazuh module leaves out (wazuh#21520): from the key when WAF wrote the object
 * (`AWSLogs/<acct>/WAFLogs/<region>/...`), else from the `webaclId` ARN.
 */
import type { AwsmonEvent } from '../core/index.ts';
import type { EventContext } from './envelope.ts';
import { customMessage } from './custom-record.ts';
import { dig, isoTime, text } from './values.ts';
import { isDict } from './reformat.ts';

/** The headers Wazuh keeps (lowercase); others are dropped. */
const STANDARD_HEADERS: ReadonlySet<string> = new Set([
  'a-im', 'accept', 'accept-charset', 'accept-encoding', 'accept-language', 'access-control-request-method',
  'access-control-request-headers', 'authorization', 'cache-control', 'connection', 'content-encoding', 'content-length',
  'content-type', 'cookie', 'date', 'expect', 'forwarded', 'from', 'host', 'http2-settings', 'if-match', 'if-modified-since',
  'if-none-match', 'if-range', 'if-unmodified-since', 'max-forwards', 'origin', 'pragma', 'prefer', 'proxy-authorization',
  'range', 'referer', 'te', 'trailer', 'transfer-encoding', 'user-agent', 'upgrade', 'via', 'warning', 'x-requested-with',
  'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto',
]);

/**
 * The record with `source: "waf"` and its headers flattened, or a reason when it lacks the
 * structure (no `httpRequest.headers` list of `{name, value}`).
 */
export function flattenWafRecord(record: Record<string, unknown>): Record<string, unknown> | string {
  const request = record['httpRequest'];
  if (!isDict(request)) return 'no httpRequest object';
  const list = request['headers'];
  if (!Array.isArray(list)) return 'httpRequest.headers is not a list';
  const headers: Record<string, unknown> = {};
  for (const element of list) {
    if (!isDict(element) || typeof element['name'] !== 'string' || !('value' in element)) return 'an httpRequest.headers entry is not {name, value}';
    if (STANDARD_HEADERS.has(element['name'].toLowerCase())) headers[element['name']] = element['value'];
  }
  const out: Record<string, unknown> = { ...record };
  out['source'] = 'waf';
  out['httpRequest'] = { ...request, headers };
  return out;
}

const ARN = /^arn:aws[a-z-]*:waf[a-z0-9-]*:([a-z0-9-]*):(\d{12}):/;

/** The account and region of a web ACL ARN (`arn:aws:wafv2:<region>:<acct>:...`). */
export function webAclAccountRegion(webAclId: unknown): { account?: string; region?: string } {
  const m = typeof webAclId === 'string' ? ARN.exec(webAclId) : null;
  if (!m) return {};
  const out: { account?: string; region?: string } = { account: m[2]! };
  if (m[1]) out.region = m[1];
  return out;
}

/** The event of one flattened WAF record (`flattenWafRecord`). */
export function wafEvent(flat: Record<string, unknown>, ctx: EventContext): AwsmonEvent {
  const fromArn = webAclAccountRegion(flat['webaclId']);
  const account = (ctx.accountId || undefined) ?? fromArn.account;
  const region = (ctx.region || undefined) ?? fromArn.region;
  const message = customMessage(flat, ctx, { aws_account_id: account, region });
  const time = typeof flat['timestamp'] === 'number' ? flat['timestamp'] : isoTime(flat['timestamp']);
  return {
    message,
    columns: {
      time: time ?? Date.now(),
      source: 'waf',
      account,
      region,
      bucket: ctx.bucket,
      key: ctx.key,
      srcIp: text(dig(flat, 'httpRequest', 'clientIp')),
      dstIp: undefined,
      srcPort: undefined,
      dstPort: undefined,
      protocol: undefined,
      action: text(flat['action']),
      eventName: text(flat['terminatingRuleId']),
      user: undefined,
      bytes: undefined,
      packets: undefined,
    },
  };
}
