/** Reading values out of records into event columns: each module means the same by the same word. */
import { isDict } from './reformat.ts';

/** A non-empty string, else undefined. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A non-empty string that is not `-` (what AWS writes for "no value"), else undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== '-' ? value : undefined;
}

/** A port, protocol or count as a number, else undefined. */
export function int(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value === '' || value === '-') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Epoch milliseconds of an ISO-8601 time, else undefined. */
export function isoTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** A path of dict keys into `obj`, undefined where a step is missing. */
export function dig(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const step of path) {
    if (!isDict(cur)) return undefined;
    cur = cur[step];
  }
  return cur;
}
