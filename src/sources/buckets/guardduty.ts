/**
 * GuardDuty findings: exported by GuardDuty to `AWSLogs/<acct>/GuardDuty/<region>/YYYY/MM/DD/`
 * as JSON lines (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html),
 * or EventBridge events delivered by Firehose under `<path>YYYY/MM/DD/HH/`. A bucket may hold
 * both; each is its own scope.
 */
import type { Readable } from 'node:stream';
import type { EventBatch, ObjectSource } from '../../core/index.ts';
import type { BucketConfig } from '../../config/index.ts';
import { parseJsonObjects } from '../../formats/index.ts';
import { eventBridgeEvents, eventBridgeRecord, guardDutyEvents, isDict, shouldDiscard } from '../../events/index.ts';
import { awsLogsScopes } from './aws-logs.ts';
import { datedLayout } from './dated-layout.ts';
import type { DatedScope } from './dated-layout.ts';
import { checkPath, firehoseScopes, hasAwsLogs, requireScopes } from './dated-scopes.ts';
import { badRecord, datedEventContext } from './event-context.ts';
import type { AwsLogsTypeHandler, ObjectContext } from './handler.ts';

const SERVICE_FOLDER = 'GuardDuty';

async function* parse(text: Readable, ctx: ObjectContext): AsyncIterable<EventBatch> {
  const event = datedEventContext(ctx);
  for await (const { records, firstRecord } of parseJsonObjects(text, { bucket: ctx.bucket, key: ctx.key })) {
    const batch: EventBatch = [];
    for (let i = 0; i < records.length; i++) {
      const obj = records[i]!;
      if ('detail' in obj) {
        const record = eventBridgeRecord(obj);
        if (!record) throw badRecord(ctx, { record: firstRecord + i }, 'EventBridge event whose detail is not an object');
        if (ctx.discard && shouldDiscard(record, ctx.discard)) continue;
        batch.push(...eventBridgeEvents(obj, record, event, true));
        continue;
      }
      const service = obj['service'];
      if (!isDict(service)) {
        throw badRecord(ctx, { record: firstRecord + i }, 'neither a GuardDuty finding (no service object) nor an EventBridge event (no detail)');
      }
      // GuardDuty's export: the finding, then source = service.serviceName (Wazuh guardduty.py).
      const record: Record<string, unknown> = { ...obj };
      record['source'] = typeof service['serviceName'] === 'string' ? service['serviceName'] : 'guardduty';
      if (ctx.discard && shouldDiscard(record, ctx.discard)) continue;
      batch.push(...guardDutyEvents(record, event));
    }
    if (batch.length > 0) yield batch;
  }
}

/** The GuardDuty export scopes (one per account and region) and the Firehose scope, whichever the bucket has. */
async function discover(source: ObjectSource, bucket: BucketConfig): Promise<DatedScope[]> {
  const top = await checkPath(source, bucket);
  const scopes: DatedScope[] = [];
  if (hasAwsLogs(bucket, top)) {
    // checkPath has checked the bucket and <path>: not again.
    for (const s of await awsLogsScopes(source, bucket, guardDutyHandler)) scopes.push({ ...s, style: 'slash' });
  }
  scopes.push(...firehoseScopes(bucket, top));
  return requireScopes(bucket, scopes, `'AWSLogs/<account>/GuardDuty/<region>/' or Firehose 'YYYY/MM/DD/HH/' folders`);
}

/** GuardDuty findings, exported or through Firehose. */
export const guardDutyHandler: AwsLogsTypeHandler = {
  serviceFolder: SERVICE_FOLDER,
  accepts: () => true,
  layout: datedLayout(discover),
  parse,
};
