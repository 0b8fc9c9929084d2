/**
 * CloudTrail log files: `{"Records":[...]}` per object, gzip.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html
 */
import type { Readable } from 'node:stream';
import type { EventBatch } from '../../core/index.ts';
import { parseCloudTrailWithText } from '../../formats/index.ts';
import { createCloudTrailEventBuilder, shouldDiscard } from '../../events/index.ts';
import type { AwsLogsTypeHandler, ObjectContext } from './handler.ts';

async function* parse(text: Readable, ctx: ObjectContext): AsyncIterable<EventBatch> {
  const build = createCloudTrailEventBuilder(ctx);
  for await (const { records, texts } of parseCloudTrailWithText(text, { bucket: ctx.bucket, key: ctx.key })) {
    const batch: EventBatch = [];
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      if (ctx.discard && shouldDiscard(record, ctx.discard)) continue;
      batch.push(build(record, texts[i]!));
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
