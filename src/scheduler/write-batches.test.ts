import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AwsmonEvent, EventBatch } from '../core/index.ts';
import { createPipeline } from '../pipeline/index.ts';
import type { ObjectTransaction } from '../store/index.ts';
import { writeBatches } from './write-batches.ts';

const event = (n: number): AwsmonEvent => ({ message: { integration: 'aws', aws: { n } }, columns: { time: n, source: 'test' } });
const batches = (...sizes: number[]): EventBatch[] => {
  let n = 0;
  return sizes.map((size) => Array.from({ length: size }, () => event(n++)));
};

/** A transaction that records what it is given; `resumeAfter` as an interrupted attempt left it. */
function recording(resumeAfter: number): ObjectTransaction & { written: number[][] } {
  const written: number[][] = [];
  return {
    resumeAfter, written,
    write: (batch) => { written.push(batch.map((e) => e.columns.time)); return Promise.resolve(); },
    commit: () => Promise.resolve(0), abort: () => Promise.resolve(),
  };
}

test('writeBatches skips the events an interrupted attempt committed, across batches, and passes the rest through the pipeline', async () => {
  const seen: number[] = [];
  const pipeline = createPipeline([{ name: 'seen', process: (b: EventBatch) => { seen.push(b.length); } }]);
  const tx = recording(5);
  assert.equal(await writeBatches(tx, pipeline, batches(2, 2, 3, 0, 2)), 4);
  assert.deepEqual(tx.written, [[5, 6], [7, 8]]);
  assert.deepEqual(seen, [2, 2]);
  // An async source, nothing to skip; more to skip than there is.
  const source = { [Symbol.asyncIterator]: () => batches(1, 2).values() } as unknown as AsyncIterable<EventBatch>;
  const fresh = recording(0);
  assert.equal(await writeBatches(fresh, pipeline, source), 3);
  assert.deepEqual(fresh.written, [[0], [1, 2]]);
  const past = recording(10);
  assert.equal(await writeBatches(past, pipeline, batches(3, 3)), 0);
  assert.deepEqual(past.written, []);
});
