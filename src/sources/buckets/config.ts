/**
 * AWS Config history and snapshot files under
 * `AWSLogs/<acct>/Config/<region>/YYYY/M/D/ConfigHistory|ConfigSnapshot/`: the date folders have
 * no leading zeros, so the scope is listed day folder by day folder.
 * https://docs.aws.amazon.com/config/latest/developerguide/manage-delivery-channel.html
 */
import type { Readable } from 'node:stream';
import type { EventBatch } from '../../core/index.ts';
import { parseConfigItems } from '../../formats/index.ts';
import { configEvent, shouldDiscard } from '../../events/index.ts';
import { UNPADDED_DAYS } from './date-layout.ts';
import type { AwsLogsTypeHandler, ObjectContext } from './handler.ts';

// `<acct>_Config_<region>_ConfigHistory_<resource type>_<start>_<end>_<n>.json.gz` and
// `<acct>_Config_<region>_ConfigSnapshot_<time>_<snapshot id>.json.gz`, in the folder of their kind.
const CONFIG_FILE = /\/(ConfigHistory|ConfigSnapshot)\/\d{12}_Config_[a-z0-9-]+_\1_[^/]*\.json(\.gz)?$/;

async function* parse(text: Readable, ctx: ObjectContext): AsyncIterable<EventBatch> {
  for await (const items of parseConfigItems(text, { bucket: ctx.bucket, key: ctx.key })) {
    const batch: EventBatch = [];
    for (const item of items) {
      if (ctx.discard && shouldDiscard(item, ctx.discard)) continue;
      batch.push(configEvent(item, ctx));
    }
    if (batch.length > 0) yield batch;
  }
}

/** AWS Config under `AWSLogs/<acct>/Config/<region>/YYYY/M/D/`. */
export const configHandler: AwsLogsTypeHandler = {
  serviceFolder: 'Config',
  dateLayout: UNPADDED_DAYS,
  accepts: (key) => CONFIG_FILE.test(key),
  parse,
};
