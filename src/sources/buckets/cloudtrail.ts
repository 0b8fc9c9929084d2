/**
 * CloudTrail log files: `{"Records":[...]}` per object, gzip.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html
 */
import type { Readable } from 'node:stream';
import type { EventBatch } from '../../core/index.ts';
import { parseCloudTrail } from '../../formats/index.ts';
import { cloudTrailEvent, shouldDiscard } from '../../events/index.ts';
import type { AwsLogsTypeHandler, ObjectContext } from './handler.ts';

async function* parse(text: Readable, ctx: ObjectContext): AsyncIterable<EventBatch> {
  for await (const records of parseCloudTrail(text, { bucket: ctx.bucket, key: ctx.key })) {
    const batch: EventBatch = [];
    for (const record of records) {
      if (ctx.discard && shouldDiscard(record, ctx.discard)) continue;
      batch.push(cloudTrailEvent(record, ctx));
    }
    if (batch.length > 0) yield batch;
  }
}

/** CloudTrail under `AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/`. */
export const cloudTrailHandler: AwsLogsTypeHandler = {
  serviceFolder: 'CloudTrail',
  // Log files are `<acct>_CloudTrail_<region>_<time>_<rand>.json.gz`; anything else in the
  // folder (a stray README, a folder marker) is not a log file.
  accepts: (key) => /_CloudTrail_[^/]*\.json(\.gz)?$/.test(key),
  parse,
};
