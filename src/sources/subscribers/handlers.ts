/**
 * The per-type part of a subscriber: how an announced object turns into events, and whether
 * (and how) events carried in a message itself do.
 */
import type { Readable } from 'node:stream';
import type { EventBatch, PlainMessage } from '../../core/index.ts';
import { FormatError } from '../../core/index.ts';
import type { SubscriberType } from '../../config/index.ts';
import { decodeObject, isParquet, jsonObjects, parquetJsonRows, peekStream } from '../../formats/index.ts';
import { ocsfEvent, securityHubEvent, securityHubRecords, shouldDiscard } from '../../events/index.ts';
import type { SubscriberObject } from '../../events/index.ts';
import { readCustomObject } from './custom-object.ts';
import type { AnnouncedObject } from './custom-object.ts';

/** A subscriber type's parsers. */
export interface SubscriberHandler {
  /** The events of one announced object (`body` as downloaded). Errors are FormatErrors naming object and record. */
  readObject(body: Readable, obj: AnnouncedObject): AsyncIterable<EventBatch>;
  /**
   * The events of EventBridge events carried in a message itself; undefined when the type takes
   * none. Returns a reason instead when an event is not one the type reads.
   */
  messageEvents?(events: readonly Record<string, unknown>[], obj: Omit<AnnouncedObject, 'reopen' | 'bucket' | 'key'>): EventBatch | string;
}

/** A batch, or why the event at `record` (1-based) is not one the type reads. */
type HubResult = { batch: EventBatch } | { record: number; reason: string };

/** Security Hub EventBridge events → events, one per finding, discard applied to each record. */
function hubBatch(events: readonly Record<string, unknown>[], obj: Pick<AnnouncedObject, 'discard'>, where: SubscriberObject | undefined, firstRecord: number): HubResult {
  const batch: EventBatch = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const records = securityHubRecords(event);
    if (typeof records === 'string') return { record: firstRecord + i, reason: records };
    for (const record of records) {
      if (obj.discard !== undefined && shouldDiscard(record, obj.discard)) continue;
      batch.push(securityHubEvent(record, event, where));
    }
  }
  return { batch };
}

const securityHub: SubscriberHandler = {
  async *readObject(body, obj) {
    const ctx = { bucket: obj.bucket, key: obj.key };
    for await (const { records, firstRecord } of jsonObjects(decodeObject(body, ctx), ctx)) {
      const result = hubBatch(records, obj, ctx, firstRecord);
      if ('reason' in result) throw new FormatError('FORMAT_BAD_JSON', { ...ctx, record: result.record }, result.reason);
      if (result.batch.length > 0) yield result.batch;
    }
  },
  messageEvents(events, obj) {
    const result = hubBatch(events, obj, undefined, 1);
    return 'reason' in result ? result.reason : result.batch;
  },
};

const securityLake: SubscriberHandler = {
  async *readObject(body, obj) {
    const ctx = { bucket: obj.bucket, key: obj.key };
    const { head, stream } = await peekStream(body, 4);
    if (!isParquet(head)) {
      stream.destroy();
      throw new FormatError('FORMAT_BAD_PARQUET', ctx, 'the object is not a Parquet file (Security Lake objects are Parquet); check what writes to the bucket');
    }
    for await (const { rows } of parquetJsonRows(stream, ctx)) {
      yield rows.map((text) => ocsfEvent(JSON.parse(text) as PlainMessage, ctx));
    }
  },
};

const buckets: SubscriberHandler = { readObject: readCustomObject };

/** The handler of each subscriber type. */
export const SUBSCRIBER_HANDLERS: Readonly<Record<SubscriberType, SubscriberHandler>> = {
  buckets,
  security_hub: securityHub,
  security_lake: securityLake,
};
