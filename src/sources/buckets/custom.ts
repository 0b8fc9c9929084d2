/**
 * `custom` buckets: what Kinesis Data Firehose delivers under `<path>YYYY/MM/DD/HH/`. As the
 * Wazuh module: an object starting with `{` is a stream of EventBridge events (Macie, KMS,
 * Trusted Advisor, GuardDuty...), one message per event, its `detail` with `source` set to the
 * event's source without `aws.`; other objects are space-separated VPC flow lines (14 fields).
 * awsmon also keeps JSON objects without `detail` (Wazuh drops them silently), whole, with their
 * own `source` (without `aws.`) or `custom`, and reads CSV with a header line.
 */
import type { Readable } from 'node:stream';
import type { EventBatch, ObjectSource } from '../../core/index.ts';
import type { BucketConfig } from '../../config/index.ts';
import { parseCsv, parseJsonObjects, peekFirstChar } from '../../formats/index.ts';
import type { EventContext } from '../../events/index.ts';
import { customCsvRecord, customJsonEvent, customTableEvent, customVpcRecord, eventBridgeEvents, eventBridgeRecord, shouldDiscard } from '../../events/index.ts';
import { datedLayout } from './dated-layout.ts';
import type { DatedScope } from './dated-layout.ts';
import { checkPath, firehoseScopes, requireScopes } from './dated-scopes.ts';
import { badRecord, datedEventContext } from './event-context.ts';
import type { AwsLogsTypeHandler, ObjectContext } from './handler.ts';

async function* parseJson(text: Readable, ctx: ObjectContext, event: EventContext): AsyncIterable<EventBatch> {
  for await (const { records, firstRecord } of parseJsonObjects(text, { bucket: ctx.bucket, key: ctx.key })) {
    const batch: EventBatch = [];
    for (let i = 0; i < records.length; i++) {
      const obj = records[i]!;
      if (!('detail' in obj)) {
        if (ctx.discard && shouldDiscard(obj, ctx.discard)) continue;
        batch.push(customJsonEvent(obj, event));
        continue;
      }
      const record = eventBridgeRecord(obj);
      if (!record) throw badRecord(ctx, { record: firstRecord + i }, 'EventBridge event whose detail is not an object');
      if (ctx.discard && shouldDiscard(record, ctx.discard)) continue;
      batch.push(...eventBridgeEvents(obj, record, event, false));
    }
    if (batch.length > 0) yield batch;
  }
}

async function* parseText(text: Readable, ctx: ObjectContext, event: EventContext): AsyncIterable<EventBatch> {
  let header: string[] | undefined;
  let mode: 'csv' | 'vpc' | undefined;
  for await (const { rows } of parseCsv(text, { bucket: ctx.bucket, key: ctx.key })) {
    const batch: EventBatch = [];
    for (const row of rows) {
      if (mode === undefined) {
        mode = row.length > 1 ? 'csv' : 'vpc';
        if (mode === 'csv') {
          header = row;
          continue;
        }
      }
      let record: Record<string, string>;
      if (mode === 'csv') record = customCsvRecord(header!, row);
      else {
        const values = row.join(',').split(' ');
        // A flow log's header line names the fields; it is not a record.
        if (values[0] === 'version') continue;
        record = customVpcRecord(values);
      }
      if (ctx.discard && shouldDiscard(record, ctx.discard)) continue;
      batch.push(customTableEvent(record, event));
    }
    if (batch.length > 0) yield batch;
  }
}

async function* parse(body: Readable, ctx: ObjectContext): AsyncIterable<EventBatch> {
  const event = datedEventContext(ctx);
  const { first, text } = await peekFirstChar(body);
  if (first === undefined) return;
  yield* first === '{' ? parseJson(text, ctx, event) : parseText(text, ctx, event);
}

async function discover(source: ObjectSource, bucket: BucketConfig): Promise<DatedScope[]> {
  const top = await checkPath(source, bucket);
  return requireScopes(bucket, firehoseScopes(bucket, top), `Firehose 'YYYY/MM/DD/HH/' folders`);
}

/** Firehose delivery streams: EventBridge events, JSON objects, CSV, VPC flow lines. */
export const customHandler: AwsLogsTypeHandler = {
  serviceFolder: '',
  accepts: () => true,
  layout: datedLayout(discover),
  parse,
};
