import type { Readable } from 'node:stream';
import type { ParseContext } from './context.ts';
import { parseRecordArray } from './cloudtrail.ts';

/**
 * Streams the configuration items of an AWS Config history or snapshot file,
 * `{"fileVersion": "1.0", ["configSnapshotId": ...,] "configurationItems": [...]}`, in batches
 * (https://docs.aws.amazon.com/config/latest/developerguide/config-concepts.html#config-history).
 * A document without `configurationItems` fails with FORMAT_NO_RECORDS.
 */
export async function* parseConfigItems(text: Readable, ctx: ParseContext): AsyncGenerator<Record<string, unknown>[], void, undefined> {
  for await (const batch of parseRecordArray(text, ctx, { arrayKey: 'configurationItems', what: 'an AWS Config history or snapshot file' })) {
    yield batch.records;
  }
}
