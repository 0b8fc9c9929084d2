/**
 * When a block first runs. Wazuh's scheduling options: `run_on_start`, and `time` (HH:MM, local
 * time) optionally with `wday` (a weekday) or `day` (a day of the month) to pin the first run.
 */
import type { WodleConfig } from '../config/index.ts';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

type Schedule = Pick<WodleConfig, 'interval' | 'runOnStart'> & { day?: number | undefined; wday?: string | undefined; time?: string | undefined };

/** The moment of the block's first run, given the current time. */
export function firstRunAt(block: Schedule, now: Date): Date {
  if (block.time === undefined && block.wday === undefined && block.day === undefined) {
    return block.runOnStart ? now : new Date(now.getTime() + block.interval * 1000);
  }
  const [hh, mm] = (block.time ?? '00:00').split(':').map(Number);
  const at = new Date(now);
  at.setHours(hh ?? 0, mm ?? 0, 0, 0);
  const matches = (d: Date): boolean =>
    (block.wday === undefined || WEEKDAYS[d.getDay()] === block.wday.toLowerCase()) &&
    (block.day === undefined || d.getDate() === block.day);
  // At most a year ahead: a day-of-month like 31 exists in most months.
  for (let i = 0; i < 400; i++) {
    if (at.getTime() >= now.getTime() && matches(at)) return at;
    at.setDate(at.getDate() + 1);
    at.setHours(hh ?? 0, mm ?? 0, 0, 0);
  }
  return at;
}
