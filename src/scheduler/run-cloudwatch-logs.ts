/**
 * `<service type="cloudwatchlogs">`: every stream of every configured log group in every region,
 * read from its stored position. A page of events and the stream's new position are committed in
 * one transaction, so a crash or restart neither repeats nor loses events.
 *
 * A position is the greatest event timestamp read and how many events with that timestamp were
 * read: the next read starts at that millisecond and skips those. (Wazuh resumes at the last
 * timestamp + 1 ms with a stored token, losing events stored later with the same millisecond.)
 */
import { SourceError } from '../core/index.ts';
import type { EventBatch } from '../core/index.ts';
import { discardLogMessage, logEvent, logMessageJson } from '../events/index.ts';
import type { LogEventContext } from '../events/index.ts';
import { callerAccount, createLogsReader, isResourceNotFound } from '../sources/index.ts';
import type { LogsReader } from '../sources/index.ts';
import type { AwsmonError } from '../core/index.ts';
import { recordFailure, serviceRegions, skipRefusedRegion, startOfReading } from './service-run.ts';
import type { ServiceRunContext } from './service-run.ts';
import { emptyStats } from './stats.ts';
import type { RunStats } from './stats.ts';

/** `service_positions.service` of CloudWatch Logs streams. */
export const CLOUDWATCH_SERVICE = 'cloudwatchlogs';

/** What is stored per stream. */
interface StreamPosition {
  /** The earliest event timestamp read (ms). */
  first: number;
  /** The greatest event timestamp read (ms). */
  last: number;
  /** Events read with timestamp `last`. */
  lastCount: number;
}

function isPosition(v: Record<string, unknown> | undefined): v is Record<string, unknown> & StreamPosition {
  return v !== undefined && typeof v['first'] === 'number' && typeof v['last'] === 'number' && typeof v['lastCount'] === 'number';
}

/** A stream's position name: log group names cannot contain ':' (nor can stream names). */
function positionName(group: string, stream: string): string {
  return `${group}:${stream}`;
}

/** Reads the service once; throws RUN_ABORTED (with `stats`) when a failure must stop it. */
export async function runCloudWatchLogs(ctx: ServiceRunContext): Promise<RunStats> {
  const stats = emptyStats();
  const { regions, every } = await serviceRegions(ctx.service);
  for (const region of regions) {
    if (ctx.signal?.aborted) break;
    const stop = await runRegion(ctx, region, stats, every);
    if (stop) throw Object.assign(stop, { stats });
  }
  return stats;
}

async function runRegion(ctx: ServiceRunContext, region: string, stats: RunStats, every: boolean): Promise<AwsmonError | undefined> {
  let accountId: string;
  try {
    accountId = await callerAccount(ctx.service, region, ctx.logger);
  } catch (err) {
    if (skipRefusedRegion(ctx, every, region, err)) return undefined;
    return recordFailure(ctx, stats, err, `region '${region}'`);
  }
  const reader = createLogsReader(ctx.service, region, { logger: ctx.logger, maxAttempts: ctx.maxAttempts });
  try {
    const positions = await ctx.store.positions(CLOUDWATCH_SERVICE, accountId, region);
    for (const group of ctx.service.awsLogGroups ?? []) {
      if (ctx.signal?.aborted) break;
      let streams: string[];
      try {
        streams = await reader.streams(group);
      } catch (err) {
        const failure = isResourceNotFound(err) && err instanceof SourceError
          ? new SourceError('SOURCE_LOG_GROUP_NOT_FOUND', {}, `region '${region}': log group '${group}' does not exist; check aws_log_groups and regions`, { cause: err })
          : err;
        const stop = recordFailure(ctx, stats, failure, `log group '${group}'`);
        if (stop) return stop;
        continue;
      }
      if (streams.length === 0) ctx.logger.info({ region, logGroup: group }, `log group '${group}' in ${region} has no log streams`);
      for (const stream of streams) {
        if (ctx.signal?.aborted) break;
        const name = positionName(group, stream);
        try {
          const stored = positions.get(name);
          await readStream(ctx, reader, { logGroup: group, logStream: stream, accountId, region }, isPosition(stored) ? stored : undefined, (n) => {
            stats.events += n;
          });
          stats.objects += 1;
          if (ctx.service.removeLogStreams) {
            await reader.deleteStream(group, stream);
            positions.delete(name);
            await ctx.store.deletePositions(CLOUDWATCH_SERVICE, accountId, region, [name]);
          }
        } catch (err) {
          if (isResourceNotFound(err)) {
            // Deleted (by retention or another reader) after it was listed: nothing left to read.
            ctx.logger.warn({ region, logGroup: group, logStream: stream }, `log stream '${stream}' of '${group}' in ${region} was deleted after it was listed; skipped`);
            continue;
          }
          const stop = recordFailure(ctx, stats, err, `log group '${group}', log stream '${stream}'`);
          if (stop) return stop;
        }
      }
      // Streams gone from the group (expired, removed) keep no position, as Wazuh purges them.
      const listed = new Set(streams.map((s) => positionName(group, s)));
      const gone = [...positions.keys()].filter((n) => n.startsWith(`${group}:`) && n.indexOf(':', group.length + 1) === -1 && !listed.has(n));
      if (gone.length > 0 && !ctx.signal?.aborted) await ctx.store.deletePositions(CLOUDWATCH_SERVICE, accountId, region, gone);
    }
  } finally {
    reader.close();
  }
  return undefined;
}

/** Reads one stream from its position; `onStored` counts the events of each committed page. */
async function readStream(ctx: ServiceRunContext, reader: LogsReader, where: LogEventContext, stored: StreamPosition | undefined, onStored: (events: number) => void): Promise<void> {
  const floor = startOfReading(ctx.service, ctx.today);
  // Resume from the position unless reparsing, or unless only_logs_after moved past it.
  const resume = !ctx.reparse && stored !== undefined && stored.last >= floor ? stored : undefined;
  const start = resume?.last ?? floor;
  let skip = resume?.lastCount ?? 0;
  let last = resume?.last ?? -1;
  let lastCount = resume?.lastCount ?? 0;
  let first = resume?.first ?? Number.POSITIVE_INFINITY;
  let replace = ctx.reparse;
  const scope = { bucketPath: where.logGroup, accountId: where.accountId, region: where.region };
  for await (const page of reader.events(where.logGroup, where.logStream, start)) {
    // Stopping (SIGTERM): what is committed stays, the rest is read next time.
    if (ctx.signal?.aborted) return;
    const batch: EventBatch = [];
    let consumed = 0;
    for (const e of page) {
      if (skip > 0 && e.timestamp === start) {
        // Read by an earlier run: the first `lastCount` events of the position's millisecond.
        skip--;
        continue;
      }
      skip = 0;
      consumed++;
      if (e.timestamp > last) {
        last = e.timestamp;
        lastCount = 1;
      } else if (e.timestamp === last) {
        lastCount++;
      }
      if (e.timestamp < first) first = e.timestamp;
      const json = logMessageJson(e.message);
      if (discardLogMessage(e.message, json, ctx.service.discardRegex)) continue;
      batch.push(logEvent(e.message, e.timestamp, where, json));
    }
    if (consumed === 0) continue;
    const position = { service: CLOUDWATCH_SERVICE, accountId: where.accountId, region: where.region, name: positionName(where.logGroup, where.logStream), value: { first, last, lastCount } };
    const tx = await ctx.store.beginObject(scope, { key: where.logStream, bucket: where.logGroup, position }, { replace });
    if (batch.length === 0 && !replace && tx.resumeAfter === 0) {
      // Every event of the page was discarded: only the position moves on (no empty objects row).
      await tx.abort();
      await ctx.store.setPosition(position);
      continue;
    }
    replace = false;
    try {
      // Events of this page an interrupted attempt already committed in chunks come first.
      const rest = tx.resumeAfter > 0 ? batch.slice(tx.resumeAfter) : batch;
      if (rest.length > 0) {
        await ctx.pipeline.process(rest);
        await tx.write(rest);
      }
      await tx.commit();
      onStored(rest.length);
    } catch (err) {
      await tx.abort().catch(() => undefined);
      throw err;
    }
  }
}
