/**
 * One run of a `<subscriber>`: receives the queue's messages (long polling, ten at a time) until
 * a receive comes back empty, reads the objects each message announces with the subscriber type's
 * parser, passes their events through the pipeline and stores them, and deletes the message only
 * once every object it announces is stored. Each object is stored in one transaction with its
 * read-state (bucket, key, ETag), so a message delivered again (a crash before the delete, a
 * visibility timeout, a duplicate notification) never stores its events twice. A message that
 * cannot be read is reported and not deleted: it is hidden for a back-off growing with its
 * receive count, and the queue's redrive policy moves it to the dead-letter queue after
 * `maxReceiveCount` receives. Several awsmon processes may consume one queue: SQS hands each
 * message to one of them at a time, and the message stays hidden while it is worked on.
 */
import { AwsmonError, errorCode, errorMessage } from '../core/index.ts';
import type { EventBatch, Logger, ObjectSource } from '../core/index.ts';
import type { SubscriberConfig } from '../config/index.ts';
import type { EventStore, StateScope } from '../store/index.ts';
import type { Pipeline } from '../pipeline/index.ts';
import { badMessage, parseMessageBody, SUBSCRIBER_HANDLERS } from '../sources/subscribers/index.ts';
import type { MessageContent, ObjectNotice, QueueMessage, SubscriberQueue } from '../sources/subscribers/index.ts';
import { OBJECT_BYTES_IN_FLIGHT, TaskPool } from './pool.ts';
import { writeBatches } from './write-batches.ts';
import { emptyStats } from './stats.ts';
import type { RunStats } from './stats.ts';

/** Wazuh's long poll (reference §3.3). */
export const DEFAULT_WAIT_SECONDS = 20;
/** How long a received message stays hidden; extended while it is worked on. */
export const DEFAULT_VISIBILITY_SECONDS = 300;
/** Messages worked on at once. */
export const DEFAULT_MESSAGE_CONCURRENCY = 10;
/** SQS's largest visibility timeout: the back-off of a failing message stops growing there. */
const MAX_HIDE_SECONDS = 12 * 3600;
/**
 * Days the read-state of announced objects is kept: SQS keeps a message 14 days at most, so no
 * redelivery can come later than that.
 */
const STATE_DAYS = 15;

/** Everything a subscriber run needs, passed down explicitly. */
export interface SubscriberRunContext {
  sub: SubscriberConfig;
  queue: SubscriberQueue;
  /** The source of an announced bucket, in its region when the notification names it. */
  objects(bucket: string, region: string | undefined): ObjectSource;
  store: EventStore;
  pipeline: Pipeline;
  logger: Logger;
  skipOnError: boolean;
  waitSeconds?: number | undefined;
  visibilitySeconds?: number | undefined;
  concurrency?: number | undefined;
  /** Stops receiving (SIGTERM); messages being worked on finish. */
  signal?: AbortSignal | undefined;
  now?: (() => Date) | undefined;
  /** Called after each message is deleted (tests, progress). */
  onMessage?: ((message: QueueMessage, events: number) => void) | undefined;
}

/** The state scope of the objects of one bucket read through subscribers. */
function objectScope(bucket: string): StateScope {
  return { bucketPath: `${bucket}/`, accountId: '', region: '' };
}

/** The state scope of events carried in the messages of one queue. */
function queueScope(queue: string): StateScope {
  return { bucketPath: `sqs:${queue}/`, accountId: '', region: '' };
}

/** The redrive policy's maxReceiveCount, warning when there is none; reading it is optional (sqs:GetQueueAttributes). */
async function redriveLimit(queue: SubscriberQueue, logger: Logger): Promise<number | undefined> {
  let max: number | undefined;
  try {
    max = await queue.maxReceiveCount();
  } catch (err) {
    if (errorCode(err) !== 'SOURCE_ACCESS_DENIED') throw err;
    logger.warn({ queue: queue.name }, `queue '${queue.name}': cannot read its redrive policy (sqs:GetQueueAttributes is denied); reading goes on`);
    return undefined;
  }
  if (max === undefined) {
    logger.warn({ queue: queue.name }, `queue '${queue.name}' has no redrive policy: a message that cannot be read is tried again after every back-off until SQS's retention drops it; give the queue a dead-letter queue`);
  }
  return max;
}

/** Reads the queue until it is empty; throws RUN_ABORTED (with `stats`) when a message failed and skip_on_error is no. */
export async function runSubscriber(ctx: SubscriberRunContext): Promise<RunStats> {
  const { sub, queue, store, pipeline, logger } = ctx;
  const handler = SUBSCRIBER_HANDLERS[sub.type];
  const stats = emptyStats();
  const wait = ctx.waitSeconds ?? DEFAULT_WAIT_SECONDS;
  const visibility = ctx.visibilitySeconds ?? DEFAULT_VISIBILITY_SECONDS;
  const maxReceive = await redriveLimit(queue, logger);
  const working = new Set<QueueMessage>();
  // Keeps messages hidden while their (possibly large) objects are read.
  const heartbeat = setInterval(() => {
    for (const m of working) queue.hide(m, visibility).catch((err: unknown) => logger.warn({ queue: queue.name, messageId: m.id, code: errorCode(err) }, `cannot extend the visibility of message '${m.id}': ${String(err)}`));
  }, Math.max(250, visibility * 500));
  heartbeat.unref();
  /** Objects being read, so a duplicate notification waits for the first read instead of reading alongside it. */
  const reading = new Map<string, Promise<unknown>>();
  const scopes = new Map<string, StateScope>();
  let stop: AwsmonError | undefined;

  async function storeBatches(scope: StateScope, key: string, version: string | undefined, batches: Iterable<EventBatch> | AsyncIterable<EventBatch>): Promise<number> {
    const tx = await store.beginObject(scope, { key, flowLogId: version });
    try {
      await writeBatches(tx, pipeline, batches);
      return await tx.commit();
    } catch (err) {
      await tx.abort().catch(() => undefined);
      throw err;
    }
  }

  async function once<T>(id: string, fn: () => Promise<T>): Promise<T> {
    while (reading.has(id)) await reading.get(id)!.catch(() => undefined);
    const p = fn();
    reading.set(id, p);
    try {
      return await p;
    } finally {
      reading.delete(id);
    }
  }

  function readNotice(notice: ObjectNotice): Promise<number> {
    const scope = objectScope(notice.bucket);
    scopes.set(scope.bucketPath, scope);
    return once(JSON.stringify([notice.bucket, notice.key]), async () => {
      if (await store.isProcessed(scope, notice.key, notice.version)) {
        logger.debug({ bucket: notice.bucket, key: notice.key }, `bucket '${notice.bucket}', key '${notice.key}': already stored (a message delivered again)`);
        return 0;
      }
      const source = ctx.objects(notice.bucket, notice.region);
      try {
        const body = await source.getObject(notice.key);
        const batches = handler.readObject(body, { bucket: notice.bucket, key: notice.key, discard: sub.discardRegex, reopen: () => source.getObject(notice.key) });
        const events = await storeBatches(scope, notice.key, notice.version, batches);
        stats.objects += 1;
        stats.bytes += notice.size ?? 0;
        return events;
      } catch (err) {
        if (errorCode(err) !== 'SOURCE_OBJECT_NOT_FOUND') throw err;
        // Deleted since it was announced (a lifecycle rule, another reader): nothing is left to read.
        logger.warn({ bucket: notice.bucket, key: notice.key }, `${(err as Error).message} (deleted after it was announced; the message is deleted)`);
        return 0;
      }
    });
  }

  async function readMessageEvents(m: QueueMessage, events: Record<string, unknown>[]): Promise<number> {
    const where = { queue: queue.name, messageId: m.id };
    if (handler.messageEvents === undefined) {
      throw badMessage(where, `it carries an EventBridge event of source '${String(events[0]?.['source'])}'; a '${sub.type}' subscriber reads objects announced by S3 notifications`);
    }
    const batch = handler.messageEvents(events, { discard: sub.discardRegex });
    if (typeof batch === 'string') throw badMessage(where, batch);
    const scope = queueScope(queue.name);
    scopes.set(scope.bucketPath, scope);
    // The EventBridge event id survives SNS and redelivery; the SQS message id does too.
    const id = typeof events[0]?.['id'] === 'string' ? events[0]['id'] : m.id;
    return once(`event:${id}`, async () => {
      if (await store.isProcessed(scope, id)) return 0;
      const stored = await storeBatches(scope, id, undefined, [batch]);
      stats.objects += 1;
      return stored;
    });
  }

  async function handle(m: QueueMessage, parsed: MessageContent | { error: unknown }): Promise<void> {
    try {
      if ('error' in parsed) throw parsed.error;
      const content = parsed;
      let events = 0;
      if (content.kind === 'events') events += await readMessageEvents(m, content.events);
      else if (content.kind === 'objects') {
        for (const notice of content.objects) events += await readNotice(notice);
      }
      await queue.delete(m);
      stats.events += events;
      ctx.onMessage?.(m, events);
    } catch (err) {
      const message = errorMessage(err);
      const code = errorCode(err);
      stats.errors += 1;
      stats.failures.push(`${code ?? 'ERROR'}: ${message}`);
      const hide = Math.min(visibility * 2 ** Math.min(Math.max(m.receiveCount - 1, 0), 16), MAX_HIDE_SECONDS);
      const fate = maxReceive === undefined ? `it is tried again in ${hide} s`
        : m.receiveCount >= maxReceive ? `it was received ${m.receiveCount} times and moves to the dead-letter queue on its next receive`
          : `it is tried again in ${hide} s (receive ${m.receiveCount} of ${maxReceive} before the dead-letter queue)`;
      logger.error({ queue: queue.name, messageId: m.id, receiveCount: m.receiveCount, code }, `${message}; the message is kept in the queue: ${fate}`);
      await queue.hide(m, hide).catch(() => undefined);
      if (!ctx.skipOnError && !stop) {
        stop = new AwsmonError('RUN_ABORTED', `subscriber '${sub.type}' (queue '${queue.name}'): stopped at message '${m.id}' (skip_on_error is no): ${message}`, { cause: err });
      }
    }
  }

  // Announced objects count against the same compressed-bytes budget as a bucket's objects in flight.
  const pool = new TaskPool(ctx.concurrency ?? DEFAULT_MESSAGE_CONCURRENCY, OBJECT_BYTES_IN_FLIGHT);
  try {
    while (!stop && !ctx.signal?.aborted) {
      let messages: QueueMessage[];
      try {
        messages = await queue.receive(10, wait, visibility, ctx.signal);
      } catch (err) {
        if (ctx.signal?.aborted) break;
        throw err;
      }
      if (messages.length === 0) break;
      for (const m of messages) {
        if (stop || ctx.signal?.aborted) {
          // Received but not started: visible again at once, for the next run or another worker.
          await queue.hide(m, 0).catch(() => undefined);
          continue;
        }
        working.add(m);
        let parsed: MessageContent | { error: unknown };
        try {
          parsed = parseMessageBody(m.body, { queue: queue.name, messageId: m.id });
        } catch (error) {
          parsed = { error };
        }
        const announced = 'error' in parsed || parsed.kind !== 'objects' ? 0 : parsed.objects.reduce((n, o) => n + (o.size ?? 0), 0);
        await pool.add(async () => {
          try {
            // The slot may have come free after a failure or a stop while this message waited for it.
            if (stop || ctx.signal?.aborted) {
              await queue.hide(m, 0).catch(() => undefined);
              return;
            }
            await handle(m, parsed);
          } finally {
            working.delete(m);
          }
        }, announced);
      }
    }
  } finally {
    // Messages in flight keep their visibility extended until they are done, whatever ended the loop.
    await pool.drain();
    clearInterval(heartbeat);
  }
  const now = ctx.now?.() ?? new Date();
  const before = new Date(now.getTime() - STATE_DAYS * 86_400_000).toISOString().slice(0, 10);
  for (const scope of scopes.values()) await store.pruneState(scope, before);
  if (stop) throw Object.assign(stop, { stats });
  return stats;
}
