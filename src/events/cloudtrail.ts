import type { AwsmonEvent, EventColumns, RawFormat, WazuhMessage } from '../core/index.ts';
import { logInfo } from './envelope.ts';
import type { EventContext } from './envelope.ts';
import { pythonStr } from './python-str.ts';
import { addDerivedFields, clean, isDict } from './reformat.ts';
import { nonEmpty } from './values.ts';

/** CloudTrail fields whose type varies by API; Wazuh makes each a dict so the index mapping holds (cloudtrail.py). */
const DYNAMIC_FIELDS = ['additionalEventData', 'responseElements', 'requestParameters'] as const;

/**
 * The Wazuh message for one CloudTrail record and its indexed columns. Record fields keep their
 * order: `{"integration":"aws","aws":{"log_info":{...}, ...record, "source":"cloudtrail",
 * "aws_account_id":..., "source_ip_address":...}}`. The record itself is not modified.
 */
export function cloudTrailEvent(record: Record<string, unknown>, ctx: EventContext): AwsmonEvent {
  return { message: cloudTrailMessage(record, ctx), columns: cloudTrailColumns(record, ctx) };
}

/** The Wazuh message of one CloudTrail record. */
export function cloudTrailMessage(record: Record<string, unknown>, ctx: EventContext): WazuhMessage {
  // Wazuh: dict(record, source='cloudtrail'), None fields removed, then merged after log_info.
  // A spread, not Object.assign: adding ~16 keys to an object that has one puts it in V8's
  // dictionary mode (every rule's field read a hash lookup), and assigning a record's
  // "__proto__" key would set the prototype instead of keeping the field.
  const aws: Record<string, unknown> = { log_info: logInfo(ctx), ...clean(record) };
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
  return { integration: 'aws', aws };
}

/**
 * One CloudTrail record's event that keeps the record's JSON text and builds the message on first
 * access: the store keeps the text, so a pipeline that reads only the columns never builds it.
 */
class CloudTrailEvent implements AwsmonEvent {
  readonly columns: EventColumns;
  readonly raw: string;
  readonly rawFormat: RawFormat;
  readonly #record: Record<string, unknown>;
  readonly #ctx: EventContext;
  #message: WazuhMessage | undefined;

  constructor(record: Record<string, unknown>, text: string, ctx: EventContext, format: RawFormat) {
    this.#record = record;
    this.#ctx = ctx;
    this.raw = text;
    this.rawFormat = format;
    this.columns = cloudTrailColumns(record, ctx);
  }

  get message(): WazuhMessage {
    return (this.#message ??= cloudTrailMessage(this.#record, this.#ctx));
  }
}

/** The events of one object's records, each keeping its JSON text (`parseCloudTrailWithText`). */
export function createCloudTrailEventBuilder(ctx: EventContext): (record: Record<string, unknown>, text: string) => AwsmonEvent {
  const context: { accountId?: string } = {};
  if (ctx.accountId !== undefined) context.accountId = ctx.accountId;
  const format: RawFormat = Object.freeze({ kind: 'cloudtrail', fields: Object.freeze([]), info: Object.freeze(logInfo(ctx)), context: Object.freeze(context) });
  return (record, text) => new CloudTrailEvent(record, text, ctx, format);
}

/** The message of a record kept as its JSON text: the same JSON the first read gave, for the same `ctx`. */
export function cloudTrailMessageFromText(text: string, ctx: EventContext): WazuhMessage {
  return cloudTrailMessage(JSON.parse(text) as Record<string, unknown>, ctx);
}


/** The indexed columns of a CloudTrail record (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html). */
export function cloudTrailColumns(record: Record<string, unknown>, ctx: EventContext): EventColumns {
  const time = typeof record['eventTime'] === 'string' ? Date.parse(record['eventTime']) : NaN;
  return {
    time: Number.isNaN(time) ? Date.now() : time,
    source: 'cloudtrail',
    account: nonEmpty(record['recipientAccountId']) ?? ctx.accountId,
    region: nonEmpty(record['awsRegion']) ?? ctx.region,
    bucket: ctx.bucket,
    key: ctx.key,
    srcIp: nonEmpty(record['sourceIPAddress']),
    dstIp: undefined,
    srcPort: undefined,
    dstPort: undefined,
    protocol: undefined,
    action: nonEmpty(record['errorCode']) ?? consoleLoginOutcome(record),
    eventName: nonEmpty(record['eventName']),
    user: cloudTrailUser(record['userIdentity']),
    bytes: undefined,
    packets: undefined,
  };
}

/**
 * A sign-in's outcome (`responseElements.ConsoleLogin`: Success or Failure): a failed IAM-user
 * sign-in has no errorCode, only this and an errorMessage, so without it the `action` column
 * could not tell failed sign-ins apart.
 */
function consoleLoginOutcome(record: Record<string, unknown>): string | undefined {
  if (record['eventName'] !== 'ConsoleLogin') return undefined;
  const response = record['responseElements'];
  return isDict(response) ? nonEmpty(response['ConsoleLogin']) : undefined;
}

/**
 * Who acted (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html):
 * the IAM user name, else the last part of the ARN (an assumed role's session name, `root`), else
 * the role a session was issued by, else the principal id.
 */
export function cloudTrailUser(identity: unknown): string | undefined {
  if (!isDict(identity)) return undefined;
  const userName = nonEmpty(identity['userName']);
  if (userName !== undefined) return userName;
  const arn = nonEmpty(identity['arn']);
  if (arn !== undefined) {
    const slash = arn.lastIndexOf('/');
    const last = slash >= 0 ? arn.slice(slash + 1) : arn.slice(arn.lastIndexOf(':') + 1);
    if (last !== '') return last;
  }
  const context = identity['sessionContext'];
  const issuer = isDict(context) ? context['sessionIssuer'] : undefined;
  return (isDict(issuer) ? nonEmpty(issuer['userName']) : undefined) ?? nonEmpty(identity['principalId']);
}
