/** Writing a reader's batches into one object transaction, after what an interrupted attempt committed. */
import type { EventBatch } from '../core/index.ts';
import type { Pipeline } from '../pipeline/index.ts';
import type { ObjectTransaction } from '../store/index.ts';

/**
 * Skips the first `tx.resumeAfter` events of `batches` (counted across batches, in order: an
 * interrupted attempt committed them in chunks), runs the pipeline on the rest and writes them.
 * Neither commits nor aborts. Returns the number of events this attempt wrote.
 */
export async function writeBatches(tx: ObjectTransaction, pipeline: Pipeline, batches: Iterable<EventBatch> | AsyncIterable<EventBatch>): Promise<number> {
  let skip = tx.resumeAfter;
  let written = 0;
  for await (const parsed of batches) {
    let batch = parsed;
    if (skip > 0) {
      const skipped = Math.min(skip, batch.length);
      skip -= skipped;
      batch = skipped === 0 ? batch : batch.slice(skipped);
    }
    if (batch.length === 0) continue;
    await pipeline.process(batch);
    await tx.write(batch);
    written += batch.length;
  }
  return written;
}
