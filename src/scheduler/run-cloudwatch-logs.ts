/**
 * `<service type="cloudwatchlogs">`: every stream of every configured log group in every region,
 * read from its stored position. A page of events and the stream's new position are committed in
 * one transaction, so a crash or restart neither repeats nor loses events.
 *
 * How a stream is read from its position is in read-log-stream.ts.
 */
import { SourceError } from '../core/index.ts';
import type { AwsmonError } from '../core/index.ts';
import { createLogsReader, isResourceNotFound } from '../sources/index.ts';
import { CLOUDWATCH_SERVICE, isStreamPosition, positionName, readStream } from './read-log-stream.ts';
import { recordFailure, runRegions } from './service-run.ts';
import type { ServiceRunContext } from './service-run.ts';
import type { RunStats } from './stats.ts';

/** Reads the service once; throws RUN_ABORTED (with `stats`) when a failure must stop it. */
export function runCloudWatchLogs(ctx: ServiceRunContext): Promise<RunStats> {
  return runRegions(ctx, (region, accountId, stats) => runRegion(ctx, region, accountId, stats));
}

async function runRegion(ctx: ServiceRunContext, region: string, accountId: string, stats: RunStats): Promise<AwsmonError | undefined> {
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
          const finished = await readStream(ctx, reader, { logGroup: group, logStream: stream, accountId, region }, isStreamPosition(stored) ? stored : undefined, (n) => {
            stats.events += n;
          });
          // Stopped part-way: the rest of the stream is read next time, and it is not deleted.
          if (!finished) break;
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
