/** Time ranges: the picker's quick ranges, labels, and resolving API time expressions in the browser. */

export const QUICK_RANGES: { label: string; from: string }[] = [
  { label: 'Last 15 minutes', from: 'now-15m' }, { label: 'Last hour', from: 'now-1h' }, { label: 'Last 24 hours', from: 'now-24h' },
  { label: 'Last 3 days', from: 'now-3d' }, { label: 'Last 7 days', from: 'now-7d' }, { label: 'Last 30 days', from: 'now-30d' },
];

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** Epoch ms of an API time expression (as the server reads it), NaN when it is not one. */
export function resolveTime(value: string, now = Date.now()): number {
  const rel = /^now(?:([+-])(\d{1,6})([smhdw]))?$/.exec(value);
  if (rel !== null) {
    if (rel[1] === undefined) return now;
    const delta = Number(rel[2]) * (UNIT_MS[rel[3]!] ?? 0);
    return rel[1] === '-' ? now - delta : now + delta;
  }
  if (/^\d{1,15}$/.test(value)) return Number(value);
  return Date.parse(value);
}

/** A short label of a range. */
export function rangeLabel(from: string, to: string): string {
  const quick = QUICK_RANGES.find((r) => r.from === from);
  if (quick !== undefined && to === 'now') return quick.label;
  return `${formatTime(resolveTime(from))} → ${formatTime(resolveTime(to))}`;
}

/** `YYYY-MM-DD HH:mm:ss` UTC. */
export function formatTime(ms: number | string | null): string {
  if (ms === null) return '—';
  const d = new Date(typeof ms === 'string' ? Date.parse(ms.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(ms) ? ms : `${ms}Z`) : ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  return d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '');
}

/** The value of a `datetime-local` input (UTC) for epoch ms, and back. */
export function toLocalInput(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 16) : '';
}
export function fromLocalInput(value: string): string | undefined {
  const ms = Date.parse(`${value}:00Z`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
