import type { AwsmonEvent, EventColumns } from '../core/index.ts';
import { logInfo } from './envelope.ts';
import type { EventContext } from './envelope.ts';
import { pythonStr } from './python-str.ts';
import { addDerivedFields, clean, isDict } from './reformat.ts';

/** CloudTrail fields whose type varies by API; Wazuh makes each a dict so the index mapping holds (cloudtrail.py). */
const DYNAMIC_FIELDS = ['additionalEventData', 'responseElements', 'requestParameters'] as const;

/**
 * The Wazuh message for one CloudTrail record and its indexed columns. Record fields keep their
 * order: `{"integration":"aws","aws":{"log_info":{...}, ...record, "source":"cloudtrail",
 * "aws_account_id":..., "source_ip_address":...}}`. The record itself is not modified.
 */
export function cloudTrailEvent(record: Record<string, unknown>, ctx: EventContext): AwsmonEvent {
  const aws: Record<string, unknown> = { log_info: logInfo(ctx) };
  // Wazuh: dict(record, source='cloudtrail'), None fields removed, then merged after log_info.
  Object.assign(aws, clean(record));
  aws['source'] = 'cloudtrail';
  if (ctx.accountId !== undefined) aws['aws_account_id'] = ctx.accountId;
  addDerivedFields(aws);
  for (const field of DYNAMIC_FIELDS) {
    if (field in aws && !isDict(aws[field])) aws[field] = { string: pythonStr(aws[field]) };
  }
  const params = aws['requestParameters'];
  if (isDict(params) && typeof params['disableApiTermination'] === 'boolean') {
    // Copied first: after list unwrapping it may be an object shared with the raw record.
    aws['requestParameters'] = { ...params, disableApiTermination: { value: params['disableApiTermination'] } };
  }
  return { message: { integration: 'aws', aws }, columns: cloudTrailColumns(record, ctx) };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The indexed columns of a CloudTrail record (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html). */
export function cloudTrailColumns(record: Record<string, unknown>, ctx: EventContext): EventColumns {
  const time = typeof record['eventTime'] === 'string' ? Date.parse(record['eventTime']) : NaN;
  return {
    time: Number.isNaN(time) ? Date.now() : time,
    source: 'cloudtrail',
    account: str(record['recipientAccountId']) ?? ctx.accountId,
    region: str(record['awsRegion']) ?? ctx.region,
    bucket: ctx.bucket,
    key: ctx.key,
    srcIp: str(record['sourceIPAddress']),
    dstIp: undefined,
    srcPort: undefined,
    dstPort: undefined,
    protocol: undefined,
    action: str(record['errorCode']),
    eventName: str(record['eventName']),
    user: cloudTrailUser(record['userIdentity']),
    bytes: undefined,
    packets: undefined,
  };
}

/**
 * Who acted (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html):
 * the IAM user name, else the last part of the ARN (an assumed role's session name, `root`), else
 * the role a session was issued by, else the principal id.
 */
export function cloudTrailUser(identity: unknown): string | undefined {
  if (!isDict(identity)) return undefined;
  const userName = str(identity['userName']);
  if (userName !== undefined) return userName;
  const arn = str(identity['arn']);
  if (arn !== undefined) {
    const slash = arn.lastIndexOf('/');
    const last = slash >= 0 ? arn.slice(slash + 1) : arn.slice(arn.lastIndexOf(':') + 1);
    if (last !== '') return last;
  }
  const context = identity['sessionContext'];
  const issuer = isDict(context) ? context['sessionIssuer'] : undefined;
  return (isDict(issuer) ? str(issuer['userName']) : undefined) ?? str(identity['principalId']);
}
