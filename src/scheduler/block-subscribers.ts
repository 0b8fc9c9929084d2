/** The subscribers of a `<wodle>` block, one after the other, each with its own queue and S3 clients. */
import type { Logger, ObjectSource } from '../core/index.ts';
import type { SubscriberConfig, WodleConfig } from '../config/index.ts';
import { createS3Source } from '../sources/index.ts';
import { openSqsQueue } from '../sources/subscribers/index.ts';
import type { SubscriberQueue } from '../sources/subscribers/index.ts';
import type { RunEnvironment } from './run-block.ts';
import { runSubscriber } from './run-subscriber.ts';
import { addFailure, addStats, emptyStats } from './stats.ts';
import type { RunStats } from './stats.ts';

/** A subscriber's queue and the sources of the buckets its messages announce. */
export interface SubscriberClients {
  queue: SubscriberQueue;
  objects(bucket: string, region: string | undefined): ObjectSource;
  close(): void;
}

/** SQS and S3 clients with the subscriber's credentials, role and `service_endpoint` (one role for both, as the Wazuh module). */
export async function awsSubscriberClients(sub: SubscriberConfig, logger: Logger): Promise<SubscriberClients> {
  const sources = new Map<string, ObjectSource & { readonly client: { destroy(): void } }>();
  const queue = await openSqsQueue(sub.sqsName, sub, { logger });
  return {
    queue,
    objects(bucket, region) {
      const id = `${bucket}\0${region ?? ''}`;
      let source = sources.get(id);
      if (source === undefined) {
        source = createS3Source({ bucket, auth: sub, region, logger });
        sources.set(id, source);
      }
      return source;
    },
    close() {
      queue.close();
      for (const s of sources.values()) s.client.destroy();
    },
  };
}

/** Runs every subscriber of the block once; a failing subscriber does not stop the others. */
export async function runBlockSubscribers(block: WodleConfig, env: RunEnvironment): Promise<{ stats: RunStats; failed: boolean }> {
  const stats = emptyStats();
  let failed = false;
  for (const sub of block.subscribers) {
    if (env.signal?.aborted) break;
    const log = env.logger.child({ block: block.index, subscriber: sub.type, queue: sub.sqsName });
    const started = Date.now();
    let clients: SubscriberClients | undefined;
    try {
      clients = await (env.subscriberClients?.(sub) ?? awsSubscriberClients(sub, log));
      const open = clients;
      const s = await runSubscriber({
        sub, queue: open.queue, objects: (bucket, region) => open.objects(bucket, region),
        store: env.store, pipeline: env.pipeline, logger: log, skipOnError: block.skipOnError,
        waitSeconds: env.sqs?.waitSeconds, visibilitySeconds: env.sqs?.visibilitySeconds, concurrency: env.sqs?.concurrency,
        signal: env.signal, now: env.now,
      });
      addStats(stats, s);
      log.info({ ...s, failures: undefined, ms: Date.now() - started }, `subscriber '${sub.type}' (queue '${sub.sqsName}'): ${s.objects} objects, ${s.events} events, ${s.errors} errors`);
    } catch (err) {
      failed = true;
      addFailure(stats, err, log);
    } finally {
      clients?.close();
    }
  }
  return { stats, failed };
}
