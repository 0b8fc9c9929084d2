/**
 * The subscriber loop's own rules with an in-memory queue (the SQS client itself is exercised
 * against moto in test/integration/subscribers*.test.ts): back-off of failed messages, visibility
 * kept while an object is read, stop on abort.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { createSilentLogger, SourceError } from '../core/index.ts';
import type { ObjectSource } from '../core/index.ts';
import { openDuckDbStore } from '../store/index.ts';
import { createPipeline } from '../pipeline/index.ts';
import type { QueueMessage, SubscriberQueue } from '../sources/subscribers/index.ts';
import { runSubscriber } from './run-subscriber.ts';

/** An in-memory queue recording what the loop asks of it. */
class MemoryQueue implements SubscriberQueue {
  readonly name = 'mem';
  readonly pending: QueueMessage[] = [];
  readonly deleted: string[] = [];
  readonly hidden: [string, number][] = [];
  constructor(bodies: string[], receiveCount = 1) {
    bodies.forEach((body, i) => this.pending.push({ id: `m${i}`, receiptHandle: `h${i}`, body, receiveCount }));
  }
  receive(max: number): Promise<QueueMessage[]> {
    return Promise.resolve(this.pending.splice(0, max));
  }
  delete(m: QueueMessage): Promise<void> {
    this.deleted.push(m.id);
    return Promise.resolve();
  }
  hide(m: QueueMessage, seconds: number): Promise<void> {
    this.hidden.push([m.id, seconds]);
    return Promise.resolve();
  }
  maxReceiveCount(): Promise<number | undefined> {
    return Promise.resolve(5);
  }
  close(): void {}
}

function source(delayMs = 0): ObjectSource {
  return {
    bucket: 'b',
    check: () => Promise.resolve(),
    listPrefixes: () => Promise.resolve([]),
    listObjects: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true as const, value: undefined }) }) }),
    getObject: async (key) => {
      if (key === 'gone.json') throw new SourceError('SOURCE_OBJECT_NOT_FOUND', { bucket: 'b', key }, 'the object does not exist');
      await new Promise((r) => setTimeout(r, delayMs));
      return Readable.from([Buffer.from('{"a":1}')]);
    },
    deleteObject: () => Promise.resolve(),
  };
}

const note = (key: string, size?: number) => JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key, eTag: key, size } } }] });

async function run(queue: MemoryQueue, opts: { delayMs?: number; visibilitySeconds?: number; signal?: AbortSignal } = {}) {
  const store = await openDuckDbStore({ path: ':memory:' });
  try {
    const stats = await runSubscriber({
      sub: { kind: 'subscriber', type: 'buckets', sqsName: 'mem' }, queue, objects: () => source(opts.delayMs), store,
      pipeline: createPipeline(), logger: createSilentLogger(), skipOnError: true, waitSeconds: 0, visibilitySeconds: opts.visibilitySeconds ?? 300, signal: opts.signal,
    });
    return { stats, events: await store.countEvents() };
  } finally {
    await store.close();
  }
}

test('a failed message is hidden for a back-off doubling with its receive count, capped at 12 hours', async () => {
  for (const [count, seconds] of [[1, 300], [3, 1200], [40, 43200]] as const) {
    const queue = new MemoryQueue(['nope'], count);
    const { stats } = await run(queue);
    assert.deepEqual([queue.hidden, queue.deleted, stats.errors], [[['m0', seconds]], [], 1]);
  }
});

test('a message stays hidden while its object is read; an object gone since its notification deletes the message', async () => {
  const queue = new MemoryQueue([note('slow.json'), note('gone.json')]);
  const { stats, events } = await run(queue, { delayMs: 1300, visibilitySeconds: 1 });
  assert.deepEqual([stats.events, events, stats.errors, queue.deleted.sort()], [1, 1, 0, ['m0', 'm1']]);
  const extended = queue.hidden.filter(([id]) => id === 'm0');
  assert.ok(extended.length >= 2, `visibility extended every half timeout while reading (${extended.length} times)`);
  assert.ok(extended.every(([, s]) => s === 1));
});

test('after a failure without skip_on_error, received messages not yet started are released at once', async () => {
  const queue = new MemoryQueue(['nope', note('a.json'), note('b.json')]);
  const store = await openDuckDbStore({ path: ':memory:' });
  try {
    await assert.rejects(runSubscriber({
      sub: { kind: 'subscriber', type: 'buckets', sqsName: 'mem' }, queue, objects: () => source(), store,
      pipeline: createPipeline(), logger: createSilentLogger(), skipOnError: false, waitSeconds: 0, concurrency: 1,
    }), { code: 'RUN_ABORTED' });
  } finally {
    await store.close();
  }
  // m1 waited for m0's slot: it is released when the slot comes free after the failure, not read.
  assert.deepEqual(queue.hidden, [['m0', 300], ['m1', 0], ['m2', 0]]);
  assert.deepEqual(queue.deleted, []);
});

test('an aborted run receives nothing more', async () => {
  const controller = new AbortController();
  controller.abort();
  const queue = new MemoryQueue([note('a.json')]);
  const { stats } = await run(queue, { signal: controller.signal });
  assert.deepEqual([stats.events, queue.pending.length], [0, 1]);
});

test('announced object sizes count against the bytes in flight: large objects are read one at a time, small ones together', async () => {
  async function peakReads(size: number): Promise<number> {
    let reading = 0;
    let peak = 0;
    const slow: ObjectSource = {
      ...source(),
      getObject: async () => {
        peak = Math.max(peak, ++reading);
        await new Promise((r) => setTimeout(r, 30));
        reading--;
        return Readable.from([Buffer.from('{"a":1}')]);
      },
    };
    const queue = new MemoryQueue([note('a.json', size), note('b.json', size), note('c.json', size)]);
    const store = await openDuckDbStore({ path: ':memory:' });
    try {
      const stats = await runSubscriber({
        sub: { kind: 'subscriber', type: 'buckets', sqsName: 'mem' }, queue, objects: () => slow, store,
        pipeline: createPipeline(), logger: createSilentLogger(), skipOnError: true, waitSeconds: 0, concurrency: 10,
      });
      assert.deepEqual([stats.objects, stats.errors], [3, 0]);
    } finally {
      await store.close();
    }
    return peak;
  }
  assert.equal(await peakReads(10 * 1024 * 1024), 1);
  assert.equal(await peakReads(1024), 3);
});
