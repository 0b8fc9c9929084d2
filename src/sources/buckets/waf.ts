/**
 * AWS WAF web ACL logs, in the two places they are delivered: by Kinesis Data Firehose under
 * `<path>YYYY/MM/DD/HH/`, and by WAF itself under
 * `AWSLogs/<acct>/WAFLogs/<region>/<web-acl>/YYYY/MM/DD/HH/mm/` (`cloudfront` as the region for
 * CloudFront web ACLs; https://docs.aws.amazon.com/waf/latest/developerguide/logging-s3.html).
 * Every web ACL folder is its own scope. Records are JSON objects, one per line or back to back.
 */
import type { Readable } from 'node:stream';
import type { EventBatch, ObjectSource } from '../../core/index.ts';
import type { BucketConfig } from '../../config/index.ts';
import { parseJsonObjects } from '../../formats/index.ts';
import { flattenWafRecord, shouldDiscard, wafEvent } from '../../events/index.ts';
import { datedLayout, datedScope, folderNames } from './dated-layout.ts';
import type { DatedScope } from './dated-layout.ts';
import { awsLogsAccounts, checkPath, firehoseScopes, hasAwsLogs, regionsUnder, requireScopes } from './dated-scopes.ts';
import { badRecord, datedEventContext } from './event-context.ts';
import type { AwsLogsTypeHandler, ObjectContext } from './handler.ts';

const SERVICE_FOLDER = 'WAFLogs';

async function* parse(text: Readable, ctx: ObjectContext): AsyncIterable<EventBatch> {
  // A CloudFront web ACL's folder is `cloudfront`, not a region: its ARN names the region.
  const event = datedEventContext(ctx, { region: ctx.region === 'cloudfront' ? undefined : ctx.region });
  for await (const { records, firstRecord } of parseJsonObjects(text, { bucket: ctx.bucket, key: ctx.key })) {
    const batch: EventBatch = [];
    for (let i = 0; i < records.length; i++) {
      const flat = flattenWafRecord(records[i]!);
      if (typeof flat === 'string') throw badRecord(ctx, { record: firstRecord + i }, `not a WAF log record: ${flat}`);
      if (ctx.discard && shouldDiscard(flat, ctx.discard)) continue;
      batch.push(wafEvent(flat, event));
    }
    if (batch.length > 0) yield batch;
  }
}

/** One scope per web ACL folder of WAF's own delivery, and the Firehose scope, whichever the bucket has. */
async function discover(source: ObjectSource, bucket: BucketConfig): Promise<DatedScope[]> {
  const top = await checkPath(source, bucket);
  const scopes: DatedScope[] = [];
  if (hasAwsLogs(bucket, top)) {
    const { base, accounts } = await awsLogsAccounts(source, bucket);
    for (const account of accounts) {
      for (const region of await regionsUnder(source, bucket, `${base}${account}/${SERVICE_FOLDER}/`, ['cloudfront'])) {
        const regionFolder = `${base}${account}/${SERVICE_FOLDER}/${region}/`;
        for (const acl of folderNames(regionFolder, await source.listPrefixes(regionFolder))) {
          scopes.push(datedScope(bucket.name, `${regionFolder}${acl}/`, 'slash', account, region));
        }
      }
    }
  }
  scopes.push(...firehoseScopes(bucket, top));
  return requireScopes(bucket, scopes, `'AWSLogs/<account>/WAFLogs/<region>/<web-acl>/' or Firehose 'YYYY/MM/DD/HH/' folders`);
}

/** WAF logs, delivered by WAF or through Firehose. */
export const wafHandler: AwsLogsTypeHandler = {
  serviceFolder: SERVICE_FOLDER,
  accepts: () => true,
  layout: datedLayout(discover),
  parse,
};
