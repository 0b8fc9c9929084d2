/**
 * `<service type="inspector">`: Inspector v2 findings updated since the last scan of each region.
 * A scan's window [from, to] is stored as pending before it is read, and the findings are stored
 * with the region's new `lastScan` in one object transaction (large scans in chunks that resume),
 * so an interrupted scan is repeated with the same window and nothing is stored twice. The next
 * window starts 1 ms after `lastScan` (Wazuh's windows share their boundary).
 */
import type { EventBatch } from '../core/index.ts';
import { inspectorEvent, shouldDiscard } from '../events/index.ts';
import { createFindingsReader } from '../sources/index.ts';
import { recordFailure, runRegions, startOfReading } from './service-run.ts';
import type { ServiceRunContext } from './service-run.ts';
import type { RunStats } from './stats.ts';
import { writeBatches } from './write-batches.ts';

/** `service_positions.service` of Inspector regions. */
export const INSPECTOR_SERVICE = 'inspector';

/** What is stored per region (ISO timestamps). */
interface ScanPosition {
  lastScan?: string | undefined;
  pending?: { from: string; to: string } | undefined;
}

/** Reads the service once; throws RUN_ABORTED (with `stats`) when a failure must stop it. */
export function runInspector(ctx: ServiceRunContext): Promise<RunStats> {
  return runRegions(ctx, async (region, accountId, stats) => {
    try {
      const events = await scanRegion(ctx, region, accountId);
      // Stopped (SIGTERM): nothing of the window was committed; it is read again next time.
      if (events === undefined) return 'stopped';
      stats.events += events;
      stats.objects += 1;
      return undefined;
    } catch (err) {
      return recordFailure(ctx, stats, err, `region '${region}'`);
    }
  });
}

/** Reads one region's window and commits it with its scan time; the events stored, undefined when stopped before the end. */
async function scanRegion(ctx: ServiceRunContext, region: string, accountId: string): Promise<number | undefined> {
  const stored = (await ctx.store.positions(INSPECTOR_SERVICE, accountId, region)).get('') as ScanPosition | undefined;
  const floor = startOfReading(ctx.service, ctx.today);
  const now = ctx.now();
  let from: Date;
  let to: Date;
  if (!ctx.reparse && stored?.pending !== undefined) {
    from = new Date(stored.pending.from);
    to = new Date(stored.pending.to);
  } else {
    const after = !ctx.reparse && stored?.lastScan !== undefined ? Date.parse(stored.lastScan) + 1 : floor;
    from = new Date(Math.max(after, floor));
    to = now;
    await ctx.store.setPosition({ service: INSPECTOR_SERVICE, accountId, region, name: '', value: { lastScan: stored?.lastScan, pending: { from: from.toISOString(), to: to.toISOString() } } });
  }
  ctx.logger.debug({ region, from: from.toISOString(), to: to.toISOString() }, `inspector: listing findings of ${region} updated from ${from.toISOString()}`);
  const position = { service: INSPECTOR_SERVICE, accountId, region, name: '', value: { lastScan: to.toISOString() } };
  const tx = await ctx.store.beginObject({ bucketPath: INSPECTOR_SERVICE, accountId, region }, { key: region, bucket: INSPECTOR_SERVICE, position }, { replace: ctx.reparse });
  const reader = createFindingsReader(ctx.service, region, { logger: ctx.logger, maxAttempts: ctx.maxAttempts });
  try {
    let stopped = false;
    const pages = async function* (): AsyncGenerator<EventBatch> {
      for await (const page of reader.findings(from, to)) {
        // Stopping: the window stays pending and is read again, after what was committed.
        if (ctx.signal?.aborted) {
          stopped = true;
          return;
        }
        const batch: EventBatch = [];
        for (const finding of page) {
          const event = inspectorEvent(finding, region, now.getTime());
          if (!shouldDiscard(event.message.aws, ctx.service.discardRegex)) batch.push(event);
        }
        yield batch;
      }
    };
    // Findings an interrupted attempt of this window already committed are skipped.
    const count = await writeBatches(tx, ctx.pipeline, pages());
    if (stopped) {
      await tx.abort();
      return undefined;
    }
    if (count === 0 && tx.resumeAfter === 0 && !ctx.reparse) {
      // Nothing to store: only the scan moves on (no empty objects row per region and run). A
      // reparse commits even an empty window: it replaces the region's findings stored before.
      await tx.abort();
      await ctx.store.setPosition(position);
    } else {
      await tx.commit();
    }
    return count;
  } catch (err) {
    await tx.abort().catch(() => undefined);
    throw err;
  } finally {
    reader.close();
  }
}
