/** What one run did, per bucket and in total; printed by `awsmon run --once`. */
export interface RunStats {
  objects: number;
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
