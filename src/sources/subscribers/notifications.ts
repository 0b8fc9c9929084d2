/**
 * What an SQS message announces. Three wrappings carry an S3 object-created notification:
 * - S3 event notifications sent to SQS: `{"Records":[{"eventName":"ObjectCreated:Put","s3":{...}}]}`,
 *   the key URL-encoded with `+` for a space
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html);
 * - the same notification published to SNS and delivered to SQS, inside an SNS envelope
 *   (`{"Type":"Notification","Message":"<the notification as text>"}`) unless raw message
 *   delivery is on (https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html);
 * - EventBridge "Object Created" events (`detail.bucket.name`, `detail.object.key`, the key not
 *   encoded), which is also how Security Lake announces its objects to a subscriber
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html).
 * Security Hub findings may also come as the EventBridge events themselves.
 */
import { FormatError } from '../../core/index.ts';

/** An object an S3 notification says was created. */
export interface ObjectNotice {
  bucket: string;
  /** The object key, decoded. */
  key: string;
  /** The object's ETag (or else the event's sequencer): a new upload under the same key is a new object to read. */
  version?: string | undefined;
  /** The bucket's region, when the notification names it. */
  region?: string | undefined;
  size?: number | undefined;
}

/** What one SQS message holds. */
export type MessageContent =
  | { kind: 'objects'; objects: ObjectNotice[]; ignored: number }
  /** S3's `s3:TestEvent`, sent when a notification configuration is saved: nothing to read. */
  | { kind: 'test' }
  /** EventBridge events carried in the message itself (Security Hub findings). */
  | { kind: 'events'; events: Record<string, unknown>[] };

/** Where a message came from, for errors. */
export interface MessageWhere {
  queue: string;
  messageId: string;
}

/** FORMAT_BAD_MESSAGE naming the queue and the message. */
export function badMessage(where: MessageWhere, reason: string, cause?: unknown): FormatError {
  return new FormatError('FORMAT_BAD_MESSAGE', {}, `queue '${where.queue}', message '${where.messageId}': ${reason}`, cause === undefined ? undefined : { cause });
}

function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** An S3 notification key: URL-encoded, `+` for a space and `%2B` for a plus. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

function s3Records(records: unknown[], where: MessageWhere): MessageContent {
  const objects: ObjectNotice[] = [];
  let ignored = 0;
  records.forEach((rec, i) => {
    const n = i + 1;
    if (!isDict(rec)) throw badMessage(where, `record ${n} of "Records" is not an object`);
    const name = str(rec['eventName']) ?? '';
    // Only creations announce something to read; removals, restores and the like are not logs.
    if (!name.startsWith('ObjectCreated:')) {
      ignored++;
      return;
    }
    const s3 = rec['s3'];
    const bucket = isDict(s3) && isDict(s3['bucket']) ? str(s3['bucket']['name']) : undefined;
    const object = isDict(s3) && isDict(s3['object']) ? s3['object'] : undefined;
    const rawKey = object ? str(object['key']) : undefined;
    if (bucket === undefined || rawKey === undefined) throw badMessage(where, `record ${n} has no "s3.bucket.name" or "s3.object.key"`);
    let key: string;
    try {
      key = decodeS3Key(rawKey);
    } catch (err) {
      throw badMessage(where, `record ${n}: the key '${rawKey}' is not validly URL-encoded`, err);
    }
    const size = object!['size'];
    objects.push({
      bucket, key,
      version: str(object!['eTag']) ?? str(object!['sequencer']),
      region: str(rec['awsRegion']),
      size: typeof size === 'number' ? size : undefined,
    });
  });
  return { kind: 'objects', objects, ignored };
}

function eventBridge(event: Record<string, unknown>, where: MessageWhere): MessageContent {
  const source = str(event['source']);
  const type = str(event['detail-type']);
  if (source === 'aws.securityhub') return { kind: 'events', events: [event] };
  const detail = event['detail'];
  const bucket = isDict(detail) && isDict(detail['bucket']) ? str(detail['bucket']['name']) : undefined;
  const object = isDict(detail) && isDict(detail['object']) ? detail['object'] : undefined;
  const key = object ? str(object['key']) : undefined;
  if (type === 'Object Created' || (bucket !== undefined && key !== undefined && type === undefined)) {
    if (bucket === undefined || key === undefined) throw badMessage(where, 'the EventBridge event has no "detail.bucket.name" or "detail.object.key"');
    const size = object!['size'];
    return {
      kind: 'objects',
      objects: [{ bucket, key, version: str(object!['etag']) ?? str(object!['sequencer']), region: str(event['region']), size: typeof size === 'number' ? size : undefined }],
      ignored: 0,
    };
  }
  if (source === 'aws.s3') return { kind: 'objects', objects: [], ignored: 1 };
  throw badMessage(where, `an EventBridge event of source '${source ?? ''}' and type '${type ?? ''}' is neither an S3 "Object Created" notification nor a Security Hub event`);
}

/** Parses one SQS message body; throws FORMAT_BAD_MESSAGE when it is none of the shapes above. */
export function parseMessageBody(body: string, where: MessageWhere): MessageContent {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    throw badMessage(where, `the body is not JSON (${(err as Error).message})`, err);
  }
  if (isDict(value) && value['Type'] === 'Notification' && typeof value['Message'] === 'string') {
    try {
      value = JSON.parse(value['Message']);
    } catch (err) {
      throw badMessage(where, `the SNS notification's "Message" is not JSON (${(err as Error).message})`, err);
    }
  }
  if (!isDict(value)) throw badMessage(where, 'the body is not a JSON object');
  if (value['Event'] === 's3:TestEvent') return { kind: 'test' };
  const records = value['Records'];
  if (Array.isArray(records)) {
    if (records.length === 0) throw badMessage(where, '"Records" is empty');
    return s3Records(records, where);
  }
  if ('detail' in value || 'detail-type' in value) return eventBridge(value, where);
  throw badMessage(where, 'the body is neither an S3 event notification (with "Records"), an SNS notification of one, nor an EventBridge event');
}
