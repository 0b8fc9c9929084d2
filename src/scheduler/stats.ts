import { errorCode, errorMessage } from '../core/index.ts';
import type { Logger } from '../core/index.ts';

/** What one run did, per bucket and in total; printed by `awsmon run --once`. */
export interface RunStats {
  /** Objects (or service regions and streams, or queue messages' objects) completed by this run. */
  objects: number;
  /**
   * Events of what this run completed: an object resumed after an interrupted attempt counts all
   * its events, the chunks committed before included; services count the events of each
   * committed page or window.
   */
  events: number;
  bytes: number;
  errors: number;
  /** One line per failed object or bucket: code and message. */
  failures: string[];
}

/** An empty tally. */
export function emptyStats(): RunStats {
  return { objects: 0, events: 0, bytes: 0, errors: 0, failures: [] };
}

/** Adds `b` into `a`. */
export function addStats(a: RunStats, b: RunStats): void {
  a.objects += b.objects;
  a.events += b.events;
  a.bytes += b.bytes;
  a.errors += b.errors;
  a.failures.push(...b.failures);
}

/**
 * Counts a failed bucket, service or subscriber into `stats`: the tally it carried when it had
 * one (failures already listed), else one error naming its code; and logs it.
 */
export function addFailure(stats: RunStats, err: unknown, log: Logger): void {
  const partial = (err as { stats?: RunStats }).stats;
  const message = errorMessage(err);
  if (partial) addStats(stats, partial);
  else {
    stats.errors += 1;
    stats.failures.push(`${errorCode(err) ?? 'ERROR'}: ${message}`);
  }
  log.error({ code: errorCode(err) }, message);
}
