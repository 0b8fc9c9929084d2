/**
 * Amazon S3 server access logs (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html),
 * in both key formats S3 writes: simple, `<path>YYYY-MM-DD-HH-MM-SS-<id>`, and date-based
 * partitioning, `<path><acct>/<region>/<source-bucket>/YYYY/MM/DD/YYYY-MM-DD-HH-MM-SS-<id>`
 * (one scope per source bucket; <aws_account_id> and <regions> select folders). A path holding
 * 12-digit account folders is read as partitioned, any other as simple.
 */
import type { Readable } from 'node:stream';
import type { EventBatch, ObjectSource } from '../../core/index.ts';
import type { BucketConfig } from '../../config/index.ts';
import { parseServerAccess } from '../../formats/index.ts';
import { serverAccessEvent, shouldDiscard } from '../../events/index.ts';
import { accountFolders } from './layout.ts';
import { datedLayout, datedScope, folderNames } from './dated-layout.ts';
import type { DatedScope } from './dated-layout.ts';
import { checkPath, regionsUnder, requireScopes } from './dated-scopes.ts';
import { datedEventContext } from './event-context.ts';
import type { AwsLogsTypeHandler, ObjectContext } from './handler.ts';

async function* parse(text: Readable, ctx: ObjectContext): AsyncIterable<EventBatch> {
  const event = datedEventContext(ctx);
  for await (const { records } of parseServerAccess(text, { bucket: ctx.bucket, key: ctx.key })) {
    const batch: EventBatch = [];
    for (const fields of records) {
      // discard_regex sees the record as Wazuh builds it, source included.
      if (ctx.discard && shouldDiscard({ ...fields, source: 's3_server_access' }, ctx.discard)) continue;
      batch.push(serverAccessEvent(fields, event));
    }
    if (batch.length > 0) yield batch;
  }
}

async function discover(source: ObjectSource, bucket: BucketConfig): Promise<DatedScope[]> {
  // The simple format puts objects directly under <path>, so a path without folders is fine.
  const top = await checkPath(source, bucket, true);
  const found = accountFolders(bucket.path, top);
  if (found.length === 0) return [datedScope(bucket.name, bucket.path, 'dash')];
  const accounts = bucket.awsAccountIds?.length ? [...bucket.awsAccountIds] : found;
  const scopes: DatedScope[] = [];
  for (const account of accounts) {
    for (const region of await regionsUnder(source, bucket, `${bucket.path}${account}/`)) {
      const regionFolder = `${bucket.path}${account}/${region}/`;
      for (const sourceBucket of folderNames(regionFolder, await source.listPrefixes(regionFolder))) {
        scopes.push(datedScope(bucket.name, `${regionFolder}${sourceBucket}/`, 'slash', account, region));
      }
    }
  }
  return requireScopes(bucket, scopes, `'<account>/<region>/<bucket>/YYYY/MM/DD/' folders`);
}

/** S3 server access logs, simple or date-partitioned keys. */
export const serverAccessHandler: AwsLogsTypeHandler = {
  serviceFolder: '',
  accepts: () => true,
  layout: datedLayout(discover),
  parse,
};
