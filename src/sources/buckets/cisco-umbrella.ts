/**
 * Cisco Umbrella logs exported to S3 (https://docs.umbrella.com/deployment-umbrella/docs/log-management):
 * `<dir>/dnslogs|proxylogs|iplogs/YYYY-MM-DD/YYYY-MM-DD-HH-MM-xxxx.csv.gz`. As in Wazuh, <path>
 * may name one log folder (`.../dnslogs`); awsmon also accepts the folder above them and reads
 * each kind found there as its own scope.
 */
import type { Readable } from 'node:stream';
import type { EventBatch, ObjectSource } from '../../core/index.ts';
import type { BucketConfig } from '../../config/index.ts';
import { parseCsv } from '../../formats/index.ts';
import { shouldDiscard, umbrellaEvent, umbrellaRecord } from '../../events/index.ts';
import type { UmbrellaKind } from '../../events/index.ts';
import { datedLayout, datedScope, folderNames } from './dated-layout.ts';
import type { DatedScope } from './dated-layout.ts';
import { checkPath, requireScopes } from './dated-scopes.ts';
import { badRecord, datedEventContext } from './event-context.ts';
import type { AwsLogsTypeHandler, ObjectContext } from './handler.ts';

const KINDS: readonly UmbrellaKind[] = ['dnslogs', 'proxylogs', 'iplogs'];
const KIND_IN_KEY = /(?:^|\/)(dnslogs|proxylogs|iplogs)\/(?:.*\/)?\d{4}-\d{2}-\d{2}\//;

/** The log kind of a key: the kind folder right above its date folder. */
export function umbrellaKind(key: string): UmbrellaKind | undefined {
  return KIND_IN_KEY.exec(key)?.[1] as UmbrellaKind | undefined;
}

async function* parse(text: Readable, ctx: ObjectContext): AsyncIterable<EventBatch> {
  const kind = umbrellaKind(ctx.key);
  if (kind === undefined) {
    text.destroy();
    throw badRecord(ctx, {}, "not under a 'dnslogs/', 'proxylogs/' or 'iplogs/' folder, so its columns are unknown");
  }
  const event = datedEventContext(ctx);
  for await (const { rows } of parseCsv(text, { bucket: ctx.bucket, key: ctx.key })) {
    const batch: EventBatch = [];
    for (const row of rows) {
      const record = umbrellaRecord(kind, row);
      if (ctx.discard && shouldDiscard(record, ctx.discard)) continue;
      batch.push(umbrellaEvent(kind, record, event));
    }
    if (batch.length > 0) yield batch;
  }
}

function kindOfPath(path: string): UmbrellaKind | undefined {
  const last = path.slice(0, -1).split('/').pop();
  return KINDS.find((k) => k === last);
}

async function discover(source: ObjectSource, bucket: BucketConfig): Promise<DatedScope[]> {
  const top = await checkPath(source, bucket);
  if (kindOfPath(bucket.path)) return [datedScope(bucket.name, bucket.path, 'dash')];
  const kinds = folderNames(bucket.path, top).filter((name) => (KINDS as readonly string[]).includes(name));
  return requireScopes(bucket, kinds.map((k) => datedScope(bucket.name, `${bucket.path}${k}/`, 'dash')), `'dnslogs/', 'proxylogs/' or 'iplogs/' folders`);
}

/** Cisco Umbrella DNS, proxy and IP logs. */
export const ciscoUmbrellaHandler: AwsLogsTypeHandler = {
  serviceFolder: '',
  accepts: (key) => umbrellaKind(key) !== undefined,
  layout: datedLayout(discover),
  parse,
};
