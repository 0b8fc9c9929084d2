/**
 * Types shared by every pipeline stage. A stage imports these from `src/core`, never another
 * stage's internals.
 */
import type { Readable } from 'node:stream';

/** `aws.log_info` of the Wazuh message: where the record came from. */
export interface LogInfo {
  aws_account_alias: string;
  log_file: string;
  s3bucket: string;
}

/**
 * The message the Wazuh module sends to analysisd for one record (DESIGN.md, contract 2):
 * `{"integration":"aws","aws":{...record, "source": ..., "log_info": {...}}}`.
 */
export interface WazuhMessage {
  integration: 'aws';
  aws: { [field: string]: unknown; source?: string; log_info?: LogInfo };
  error_msg?: string;
}

/**
 * A record handed to analysis as it is, without the `integration`/`aws` wrapper: Security Lake's
 * OCSF rows (reference §3.2).
 */
export type PlainMessage = Record<string, unknown>;

/** The message of any event: the Wazuh shape, or a plain record. */
export type EventMessage = WazuhMessage | PlainMessage;

/**
 * The indexed columns of an event, extracted once by the event builder so the store and the
 * API never re-parse the message. Absent values are `undefined`.
 */
export interface EventColumns {
  /** The record's own time (CloudTrail `eventTime`, flow `start`), epoch milliseconds. */
  time: number;
  source: string;
  account?: string | undefined;
  region?: string | undefined;
  bucket?: string | undefined;
  key?: string | undefined;
  srcIp?: string | undefined;
  dstIp?: string | undefined;
  srcPort?: number | undefined;
  dstPort?: number | undefined;
  protocol?: number | undefined;
  action?: string | undefined;
  eventName?: string | undefined;
  user?: string | undefined;
  bytes?: number | undefined;
  packets?: number | undefined;
}

/**
 * What Wazuh hands analysis for a record it forwards unwrapped: CloudWatch Logs events are sent
 * as their raw message text (no JSON envelope) and decoded by whatever decoder matches the text
 * (the JSON decoder when the text is a JSON object). The store keeps it as a JSON string.
 */
export type RawTextMessage = string;

/**
 * One event flowing through the pipeline: the Wazuh message plus its indexed columns. `M` is
 * `RawTextMessage` for sources Wazuh forwards unwrapped (CloudWatch Logs), `PlainMessage` for
 * records handed over without the wrapper (Security Lake's OCSF rows).
 */
export interface AwsmonEvent<M extends EventMessage | RawTextMessage = WazuhMessage> {
  /** Built on first access where the format allows (VPC flows), so stages that never read it do not pay for it. */
  readonly message: M;
  columns: EventColumns;
  /** The record's original text (a flow line, a CloudTrail record's JSON), when kept; the store keeps it instead of the message JSON. */
  raw?: string | undefined;
  /**
   * How `raw` turns back into `message`, shared by every event of one builder (one object): the
   * store keeps the line instead of the JSON only for events that carry one.
   */
  rawFormat?: RawFormat | undefined;
  /** Alerts the detection stage raised on this event; stored with it, in the same transaction. */
  alerts?: WazuhAlert[] | undefined;
}

/**
 * An alert in the Wazuh alert schema (DESIGN.md, contract 4), as the detection stage builds it.
 * Only the fields the store indexes are typed; the rest is written as it is.
 */
export interface WazuhAlert {
  timestamp: string;
  rule: { id: string; level?: number; description?: string; groups?: string[]; mitre?: { id?: string[]; [key: string]: unknown }; [key: string]: unknown };
  id: string;
  [key: string]: unknown;
}

/** What rebuilding a record's message needs besides its original text. */
export interface RawFormat {
  /** `vpcflow`: a space-separated line; `cloudtrail`: the record's JSON text. */
  readonly kind: 'vpcflow' | 'cloudtrail';
  /** The record's field names, in line order (snake_case, as in the message); empty for JSON records. */
  readonly fields: readonly string[];
  readonly info: LogInfo;
  /** `aws.aws_account_id`, `flow_log_id` and the flow log resource, as the builder adds them. */
  readonly context: { readonly accountId?: string; readonly flowLogId?: string; readonly flowLogResource?: Readonly<Record<string, string>> };
}

/** One object (S3 object or local file) as a listing returns it. */
export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
}

/**
 * Read access to a bucket-like store. S3 and a local folder laid out like a bucket both
 * implement it and pass one contract suite. Listings are in ascending UTF-8 key order, as S3's.
 */
export interface ObjectSource {
  /** The bucket name used in messages and `log_info.s3bucket`. */
  readonly bucket: string;
  /** Fails with SOURCE_BUCKET_NOT_FOUND / SOURCE_ACCESS_DENIED when the bucket cannot be read. */
  check(): Promise<void>;
  /** The common prefixes directly under `prefix` (delimiter `/`), each ending with `/`. */
  listPrefixes(prefix: string): Promise<string[]>;
  /** Every object under `prefix` whose key sorts after `startAfter`, lazily, page by page. */
  listObjects(prefix: string, startAfter?: string): AsyncIterable<ObjectInfo>;
  /** The object's bytes as a stream; never buffered whole. */
  getObject(key: string): Promise<Readable>;
  deleteObject(key: string): Promise<void>;
}

/** A batch of events handed from stage to stage (Wazuh messages, raw text messages, plain records). */
export type EventBatch = (AwsmonEvent | AwsmonEvent<RawTextMessage> | AwsmonEvent<PlainMessage>)[];

/**
 * The seam where detection plugs in: every batch passes through each stage, in order, before it
 * is stored. A stage may inspect events and emit derived records (alerts) of its own.
 */
export interface PipelineStage {
  readonly name: string;
  process(batch: EventBatch): void | Promise<void>;
  /** Called once when the pipeline shuts down. */
  close?(): void | Promise<void>;
}
