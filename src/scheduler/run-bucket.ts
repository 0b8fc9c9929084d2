/**
 * Reads one `AWSLogs/` bucket: lists its scopes, reads the objects not read yet with several in
 * flight, passes their events through the pipeline, and commits each object's events and state
 * in one transaction. A failed object is never marked read; with skip_on_error the run goes on,
 * without it the run stops launching objects, lets those in flight finish, and fails.
 */
import type { Readable } from 'node:stream';
import { AwsmonError, errorCode, errorMessage } from '../core/index.ts';
import type { Logger, ObjectSource } from '../core/index.ts';
import type { BucketConfig } from '../config/index.ts';
import { decodeObject } from '../formats/index.ts';
import type { EventStore } from '../store/index.ts';
import type { Pipeline } from '../pipeline/index.ts';
import { AWS_LOGS_LAYOUT } from '../sources/buckets/aws-logs.ts';
import type { ObjectWork } from '../sources/buckets/aws-logs.ts';
import type { AwsLogsTypeHandler } from '../sources/buckets/handler.ts';
import { OBJECT_BYTES_IN_FLIGHT, TaskPool } from './pool.ts';
import { writeBatches } from './write-batches.ts';
import { emptyStats } from './stats.ts';
import type { RunStats } from './stats.ts';

/** Everything a bucket run needs, passed down explicitly. */
export interface BucketRunContext {
  bucket: BucketConfig;
  handler: AwsLogsTypeHandler;
  source: ObjectSource;
  store: EventStore;
  pipeline: Pipeline;
  logger: Logger;
  skipOnError: boolean;
  reparse: boolean;
  today: string;
  /** Objects read at once. */
  concurrency: number;
  /** Stops launching new objects (SIGTERM); those in flight finish. */
  signal?: AbortSignal | undefined;
  /** Flow-log details by id for a region (ec2:DescribeFlowLogs), when allowed. */
  flowLogDetails?: ((accountId: string, region: string) => Promise<Map<string, Record<string, string>> | undefined>) | undefined;
  /** Called after each object is committed (progress bars, tests). */
  onObject?: ((work: ObjectWork, events: number) => void) | undefined;
}

/** Reads the bucket once; throws RUN_ABORTED (or the bucket-level error) when the run must fail. */
export async function runAwsLogsBucket(ctx: BucketRunContext): Promise<RunStats> {
  const stats = emptyStats();
  const { bucket, source, store, logger } = ctx;
  const layout = ctx.handler.layout ?? AWS_LOGS_LAYOUT;
  const scopes = await layout.discover(source, bucket, ctx.handler);
  const pool = new TaskPool(ctx.concurrency, OBJECT_BYTES_IN_FLIGHT);
  let stop: AwsmonError | undefined;

  // Objects in flight finish (and commit) before the bucket's run ends, also when listing throws.
  try {
    for (const scope of scopes) {
      const details = await ctx.flowLogDetails?.(scope.accountId, scope.region);
      for await (const work of layout.list(source, store, scope, bucket, ctx.handler, { today: ctx.today, reparse: ctx.reparse })) {
        if (stop || ctx.signal?.aborted) break;
        await pool.add(async () => {
          // The slot may have come free after a failure or a stop while this object waited for it.
          if (stop || ctx.signal?.aborted) return;
          try {
            const events = await readObject(ctx, work, details);
            stats.objects += 1;
            stats.events += events;
            stats.bytes += work.object.size;
            ctx.onObject?.(work, events);
          } catch (err) {
            const message = errorMessage(err);
            if (errorCode(err) === 'SOURCE_OBJECT_NOT_FOUND') {
              // Deleted between the listing and the download (a lifecycle rule, another reader with
              // remove_from_bucket): nothing to read, nothing lost.
              logger.warn({ bucket: bucket.name, key: work.object.key }, `${message} (deleted after it was listed; skipped)`);
              return;
            }
            stats.errors += 1;
            stats.failures.push(`${errorCode(err) ?? 'ERROR'}: ${message}`);
            logger.error({ bucket: bucket.name, key: work.object.key, code: errorCode(err) }, message);
            await store.recordObjectError(work.scope.state, work.object.key, errorCode(err) ?? 'ERROR', message).catch(() => undefined);
            if (!ctx.skipOnError && !stop) {
              stop = new AwsmonError('RUN_ABORTED', `bucket '${bucket.name}': stopped at key '${work.object.key}' (skip_on_error is no): ${message}`, { cause: err });
            }
          }
        }, work.object.size);
      }
      await pool.drain();
      if (stop || ctx.signal?.aborted) break;
      await layout.prune(store, scope, ctx.today);
    }
  } finally {
    await pool.drain();
  }
  if (stop) throw Object.assign(stop, { stats });
  return stats;
}

async function readObject(ctx: BucketRunContext, work: ObjectWork, details: Map<string, Record<string, string>> | undefined): Promise<number> {
  const { bucket, source, store, pipeline } = ctx;
  const key = work.object.key;
  const tx = await store.beginObject(work.scope.state, { key, createdDate: work.day, flowLogId: work.subScope }, { replace: ctx.reparse });
  let body: Readable | undefined;
  try {
    body = await source.getObject(key);
    const text = decodeObject(body, { bucket: bucket.name, key });
    const objectCtx = {
      bucket: bucket.name,
      key,
      accountAlias: bucket.awsAccountAlias,
      accountId: work.scope.accountId,
      region: work.scope.region,
      flowLogId: work.subScope,
      flowLogResource: work.subScope ? details?.get(work.subScope) : undefined,
      discard: bucket.discardRegex,
    };
    await writeBatches(tx, pipeline, ctx.handler.parse(text, objectCtx));
    const events = await tx.commit();
    if (bucket.removeFromBucket) await source.deleteObject(key);
    return events;
  } catch (err) {
    // Free the connection of a download the parser gave up on.
    body?.destroy();
    await tx.abort().catch(() => undefined);
    throw err;
  }
}
