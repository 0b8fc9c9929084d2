/**
 * Reading one CloudWatch Logs stream from its stored position. A position is the start of what
 * was covered (`first`), the greatest event timestamp read (`last`) and how many events with that
 * timestamp were read (`lastCount`): the next read starts at that millisecond and skips those, so
 * an event stored later in the same millisecond is still read (Wazuh resumes at `last` + 1 ms).
 * When only_logs_after moves before `first`, the gap is read first (as Wazuh does), with its own
 * cursor in `backfill` so an interrupted backfill resumes too. Every page is committed with the
 * position it reaches, in one transaction.
 */
import type { EventBatch } from '../core/index.ts';
import { discardLogMessage, logEvent, logMessageJson } from '../events/index.ts';
import type { LogEventContext } from '../events/index.ts';
import type { LogsReader } from '../sources/index.ts';
import { startOfReading } from './service-run.ts';
import { writeBatches } from './write-batches.ts';
import type { ServiceRunContext } from './service-run.ts';

/** `service_positions.service` of CloudWatch Logs streams. */
export const CLOUDWATCH_SERVICE = 'cloudwatchlogs';

/** Where a read stands: the greatest timestamp read and how many events of it were read. */
interface Cursor {
  last: number;
  lastCount: number;
}

/** What is stored per stream (epoch milliseconds). */
export interface StreamPosition extends Cursor {
  first: number;
  /** A backfill in progress: [from, to) read up to its cursor. */
  backfill?: { from: number; to: number } & Cursor;
}

/** Whether a stored JSON value is a stream position. */
export function isStreamPosition(v: Record<string, unknown> | undefined): v is Record<string, unknown> & StreamPosition {
  return v !== undefined && typeof v['first'] === 'number' && typeof v['last'] === 'number' && typeof v['lastCount'] === 'number';
}

/** A stream's position name: log group names cannot contain ':' (nor can stream names). */
export function positionName(group: string, stream: string): string {
  return `${group}:${stream}`;
}

/** One range of a stream to read. */
interface Range {
  start: number;
  /** Exclusive end, or none (to the stream's end). */
  end?: number | undefined;
  /** The cursor to resume after (its events at `start` are skipped). */
  cursor?: Cursor | undefined;
  /** Replace the stream's stored events with the first page (reparse). */
  replace: boolean;
  /** The position value stored with a page that reached `cursor`. */
  position(cursor: Cursor): StreamPosition;
}

/**
 * Reads one stream from its position; `onStored` counts the events of each committed page. False
 * when stopped (SIGTERM) before the end: the stream is not read to its end, so it must not be deleted.
 */
export async function readStream(ctx: ServiceRunContext, reader: LogsReader, where: LogEventContext, stored: StreamPosition | undefined, onStored: (events: number) => void): Promise<boolean> {
  const floor = startOfReading(ctx.service, ctx.today);
  const save = (value: StreamPosition) => ctx.store.setPosition({ service: CLOUDWATCH_SERVICE, accountId: where.accountId, region: where.region, name: positionName(where.logGroup, where.logStream), value: { ...value } });
  let current = ctx.reparse ? undefined : stored;
  if (current !== undefined && (current.backfill !== undefined || floor < current.first)) {
    const base = current;
    const bf = base.backfill ?? { from: floor, to: base.first, last: -1, lastCount: 0 };
    const resumed = bf.last >= 0;
    const done = await readRange(ctx, reader, where, {
      start: resumed ? bf.last : bf.from, end: bf.to, cursor: resumed ? bf : undefined, replace: false,
      position: (c) => ({ first: base.first, last: base.last, lastCount: base.lastCount, backfill: { from: bf.from, to: bf.to, last: c.last, lastCount: c.lastCount } }),
    }, onStored);
    if (!done) return false;
    current = { first: bf.from, last: base.last, lastCount: base.lastCount };
    await save(current);
  }
  // Resume at the position unless only_logs_after moved past it.
  const resume = current !== undefined && current.last >= floor ? current : undefined;
  const first = resume?.first ?? floor;
  return readRange(ctx, reader, where, {
    start: resume?.last ?? floor, cursor: resume, replace: ctx.reparse,
    position: (c) => ({ first, last: c.last, lastCount: c.lastCount }),
  }, onStored);
}

/** Reads a range page by page, committing each with its position; false when stopped (SIGTERM). */
async function readRange(ctx: ServiceRunContext, reader: LogsReader, where: LogEventContext, range: Range, onStored: (events: number) => void): Promise<boolean> {
  let skip = range.cursor?.lastCount ?? 0;
  const cursor: Cursor = { last: range.cursor?.last ?? -1, lastCount: range.cursor?.lastCount ?? 0 };
  let replace = range.replace;
  const scope = { bucketPath: where.logGroup, accountId: where.accountId, region: where.region };
  for await (const page of reader.events(where.logGroup, where.logStream, range.start, range.end)) {
    // Stopping: what is committed stays, the rest is read next time.
    if (ctx.signal?.aborted) return false;
    const batch: EventBatch = [];
    let consumed = 0;
    for (const e of page) {
      // The API's endTime is exclusive; moto's is not: the range's end is checked here too.
      if (range.end !== undefined && e.timestamp >= range.end) break;
      if (skip > 0 && e.timestamp === range.start) {
        // Read by an earlier run: the first `lastCount` events of the cursor's millisecond.
        skip--;
        continue;
      }
      skip = 0;
      consumed++;
      if (e.timestamp > cursor.last) {
        cursor.last = e.timestamp;
        cursor.lastCount = 1;
      } else if (e.timestamp === cursor.last) {
        cursor.lastCount++;
      }
      const json = logMessageJson(e.message);
      if (discardLogMessage(e.message, json, ctx.service.discardRegex)) continue;
      batch.push(logEvent(e.message, e.timestamp, where, json));
    }
    if (consumed === 0) continue;
    const position = {
      service: CLOUDWATCH_SERVICE, accountId: where.accountId, region: where.region,
      name: positionName(where.logGroup, where.logStream), value: { ...range.position(cursor) },
    };
    const tx = await ctx.store.beginObject(scope, { key: where.logStream, bucket: where.logGroup, position }, { replace });
    if (batch.length === 0 && !replace && tx.resumeAfter === 0) {
      // Every event of the page was discarded: only the position moves on (no empty objects row).
      await tx.abort();
      await ctx.store.setPosition(position);
      continue;
    }
    replace = false;
    try {
      const written = await writeBatches(tx, ctx.pipeline, [batch]);
      await tx.commit();
      onStored(written);
    } catch (err) {
      await tx.abort().catch(() => undefined);
      throw err;
    }
  }
  return true;
}
