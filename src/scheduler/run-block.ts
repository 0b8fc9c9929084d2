/**
 * One run of a `<wodle name="aws-s3">` block: its buckets one after the other (objects inside
 * each bucket are read concurrently), then its services and subscribers. A bucket that fails does not stop the others, as each
 * bucket was its own process in the Wazuh module.
 */
import type { Logger, ObjectSource } from '../core/index.ts';
import type { BucketConfig, BucketType, ServiceType, SubscriberConfig, WodleConfig } from '../config/index.ts';
import type { EventStore } from '../store/index.ts';
import type { Pipeline } from '../pipeline/index.ts';
import { cloudTrailHandler } from '../sources/buckets/cloudtrail.ts';
import { vpcFlowHandler } from '../sources/buckets/vpcflow.ts';
import { albHandler, clbHandler, nlbHandler } from '../sources/buckets/elb.ts';
import { configHandler } from '../sources/buckets/config.ts';
import { guardDutyHandler } from '../sources/buckets/guardduty.ts';
import { wafHandler } from '../sources/buckets/waf.ts';
import { customHandler } from '../sources/buckets/custom.ts';
import { serverAccessHandler } from '../sources/buckets/server-access.ts';
import { ciscoUmbrellaHandler } from '../sources/buckets/cisco-umbrella.ts';
import type { AwsLogsTypeHandler } from '../sources/buckets/handler.ts';
import type { ObjectWork } from '../sources/buckets/aws-logs.ts';
import { utcToday } from '../sources/buckets/aws-logs.ts';
import { runAwsLogsBucket } from './run-bucket.ts';
import { runCloudWatchLogs } from './run-cloudwatch-logs.ts';
import { runInspector } from './run-inspector.ts';
import type { ServiceRunContext } from './service-run.ts';
import { runBlockSubscribers } from './block-subscribers.ts';
import type { SubscriberClients } from './block-subscribers.ts';
import { addFailure, addStats, emptyStats } from './stats.ts';
import type { RunStats } from './stats.ts';

/** The bucket types this version collects, by handler. */
export const AWS_LOGS_HANDLERS: Partial<Record<BucketType, AwsLogsTypeHandler>> = {
  cloudtrail: cloudTrailHandler,
  vpcflow: vpcFlowHandler,
  config: configHandler,
  alb: albHandler,
  clb: clbHandler,
  nlb: nlbHandler,
  guardduty: guardDutyHandler,
  waf: wafHandler,
  custom: customHandler,
  server_access: serverAccessHandler,
  cisco_umbrella: ciscoUmbrellaHandler,
};

/** The service types this version collects, by runner. */
export const SERVICE_RUNNERS: Partial<Record<ServiceType, (ctx: ServiceRunContext) => Promise<RunStats>>> = {
  cloudwatchlogs: runCloudWatchLogs,
  inspector: runInspector,
};

/** What every run shares: the store, the pipeline, how to reach a bucket. */
export interface RunEnvironment {
  store: EventStore;
  pipeline: Pipeline;
  logger: Logger;
  /** The object source for a bucket (S3 normally; a local folder for `scan` and the demo). */
  sourceFor(bucket: BucketConfig): ObjectSource;
  flowLogDetails?: ((bucket: BucketConfig, accountId: string, region: string) => Promise<Map<string, Record<string, string>> | undefined>) | undefined;
  reparse?: boolean | undefined;
  /** Objects read at once per bucket (default 32, and at most 16 MB of them compressed). */
  concurrency?: number | undefined;
  now?: (() => Date) | undefined;
  signal?: AbortSignal | undefined;
  onObject?: ((bucket: BucketConfig, work: ObjectWork, events: number) => void) | undefined;
  /** A subscriber's queue and S3 sources (default: SQS and S3 with the subscriber's credentials). */
  subscriberClients?: ((sub: SubscriberConfig) => SubscriberClients | Promise<SubscriberClients>) | undefined;
  /** SQS long-poll wait (default 20 s, Wazuh's), visibility timeout (300 s) and messages at once (10); tests shorten them. */
  sqs?: { waitSeconds?: number; visibilitySeconds?: number; concurrency?: number } | undefined;
}

/** The outcome of one block run. */
export interface BlockRunResult {
  stats: RunStats;
  /** True when a bucket failed or a run stopped on an error. */
  failed: boolean;
}

/** Runs every bucket, service and subscriber of the block once. */
export async function runBlock(block: WodleConfig, env: RunEnvironment): Promise<BlockRunResult> {
  const stats = emptyStats();
  let failed = false;
  const today = utcToday(env.now?.() ?? new Date());
  for (const bucket of block.buckets) {
    if (env.signal?.aborted) break;
    const handler = AWS_LOGS_HANDLERS[bucket.type];
    if (!handler) {
      env.logger.warn({ block: block.index, bucket: bucket.name, type: bucket.type }, `bucket '${bucket.name}': type '${bucket.type}' is validated but not collected by this version`);
      continue;
    }
    const log = env.logger.child({ block: block.index, bucket: bucket.name, type: bucket.type });
    const started = Date.now();
    try {
      const bucketStats = await runAwsLogsBucket({
        bucket, handler, store: env.store, pipeline: env.pipeline, logger: log,
        source: env.sourceFor(bucket),
        skipOnError: block.skipOnError,
        reparse: env.reparse ?? false,
        today,
        concurrency: env.concurrency ?? 32,
        signal: env.signal,
        flowLogDetails: env.flowLogDetails ? (acct, region) => env.flowLogDetails!(bucket, acct, region) : undefined,
        onObject: env.onObject ? (work, n) => env.onObject!(bucket, work, n) : undefined,
      });
      addStats(stats, bucketStats);
      log.info({ ...bucketStats, failures: undefined, ms: Date.now() - started }, `bucket '${bucket.name}': ${bucketStats.objects} objects, ${bucketStats.events} events, ${bucketStats.errors} errors`);
    } catch (err) {
      failed = true;
      addFailure(stats, err, log);
    }
  }
  for (const [i, service] of block.services.entries()) {
    if (env.signal?.aborted) break;
    const runner = SERVICE_RUNNERS[service.type];
    if (!runner) {
      env.logger.warn({ block: block.index, type: service.type }, `service '${service.type}' is validated but not collected by this version`);
      continue;
    }
    const log = env.logger.child({ block: block.index, service: i + 1, type: service.type });
    const started = Date.now();
    try {
      const serviceStats = await runner({
        service, store: env.store, pipeline: env.pipeline, logger: log, skipOnError: block.skipOnError,
        reparse: env.reparse ?? false, today, now: env.now ?? (() => new Date()), signal: env.signal,
      });
      addStats(stats, serviceStats);
      log.info({ ...serviceStats, failures: undefined, ms: Date.now() - started }, `service '${service.type}': ${serviceStats.events} events, ${serviceStats.errors} errors`);
    } catch (err) {
      failed = true;
      addFailure(stats, err, log);
    }
  }
  const subscribers = await runBlockSubscribers(block, env);
  addStats(stats, subscribers.stats);
  failed ||= subscribers.failed;
  return { stats, failed };
}
