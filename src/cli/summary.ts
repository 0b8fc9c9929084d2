import type { RunStats } from '../scheduler/index.ts';

/** The run summary printed by `run --once` and `scan`: objects, events, errors, time, rate, alerts raised. */
export function formatSummary(title: string, stats: RunStats, ms: number, alerts?: number): string {
  const secs = ms / 1000;
  const rate = secs > 0 ? Math.round(stats.events / secs) : stats.events;
  const lines = [
    `${title}: ${stats.objects} objects, ${stats.events} events, ${stats.errors} errors in ${secs.toFixed(1)} s (${rate} events/s, ${(stats.bytes / 1048576).toFixed(1)} MB read)${alerts === undefined ? '' : `, ${alerts} alerts`}`,
  ];
  for (const failure of stats.failures) lines.push(`  error: ${failure}`);
  return `${lines.join('\n')}\n`;
}
