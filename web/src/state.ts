/**
 * The dashboard's state lives in the URL (view, time range, filters, open record), so a link
 * restores what its sender saw. Reading and writing it is all this module does.
 */

export const VIEWS = ['overview', 'events', 'vpc', 'cloudtrail'] as const;
export type View = (typeof VIEWS)[number];

/** The filter parameters the dashboard shows as pills (the API's names). */
export const FILTER_KEYS = [
  'source', 'account', 'region', 'bucket', 'eventName', 'user', 'ip', 'srcIp', 'dstIp', 'port', 'srcPort', 'dstPort', 'protocol',
  'action', 'ruleId', 'group', 'mitre', 'tactic',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string[]>>;

export interface UrlState {
  view: View;
  /** API time expressions: `now-7d`, ISO, or epoch ms. */
  from: string;
  to: string;
  /** Whether the range was chosen (false: the default, which may jump to where the data is). */
  rangeSet: boolean;
  q: string;
  filters: Filters;
  minLevel: number | undefined;
  /** Events view: which listing. */
  tab: 'events' | 'alerts';
  /** An open record: `e123` (event) or `a45` (alert). */
  open: string | undefined;
  /** Auto-refresh period, seconds (0: off). */
  refresh: number;
}

export const DEFAULT_FROM = 'now-7d';
export const DEFAULT_TO = 'now';

const isView = (v: string | null): v is View => v !== null && (VIEWS as readonly string[]).includes(v);

/** Reads the state from a query string. */
export function parseState(search: string): UrlState {
  const p = new URLSearchParams(search);
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const values = p.getAll(key).filter((v) => v !== '');
    if (values.length > 0) filters[key] = values;
  }
  const level = Number(p.get('minLevel'));
  const refresh = Number(p.get('refresh'));
  const open = p.get('open');
  return {
    view: isView(p.get('view')) ? (p.get('view') as View) : 'overview',
    from: p.get('from') ?? DEFAULT_FROM,
    to: p.get('to') ?? DEFAULT_TO,
    rangeSet: p.has('from') || p.has('to'),
    q: p.get('q') ?? '',
    filters,
    minLevel: p.has('minLevel') && Number.isInteger(level) && level >= 0 && level <= 16 ? level : undefined,
    tab: p.get('tab') === 'alerts' ? 'alerts' : 'events',
    open: open !== null && /^[ea]\d{1,15}$/.test(open) ? open : undefined,
    refresh: [0, 10, 30, 60, 300].includes(refresh) ? refresh : 0,
  };
}

/** Writes the state as a query string (defaults left out, so links stay short). */
export function formatState(s: UrlState): string {
  const p = new URLSearchParams();
  p.set('view', s.view);
  if (s.rangeSet) {
    p.set('from', s.from);
    p.set('to', s.to);
  }
  if (s.q !== '') p.set('q', s.q);
  for (const key of FILTER_KEYS) for (const v of s.filters[key] ?? []) p.append(key, v);
  if (s.minLevel !== undefined) p.set('minLevel', String(s.minLevel));
  if (s.tab !== 'events') p.set('tab', s.tab);
  if (s.open !== undefined) p.set('open', s.open);
  if (s.refresh !== 0) p.set('refresh', String(s.refresh));
  return `?${p.toString()}`;
}

/** Adds a filter value (no duplicates). */
export function addFilter(filters: Filters, key: FilterKey, value: string): Filters {
  const now = filters[key] ?? [];
  return now.includes(value) ? filters : { ...filters, [key]: [...now, value] };
}

/** Removes one filter value. */
export function removeFilter(filters: Filters, key: FilterKey, value: string): Filters {
  const rest = (filters[key] ?? []).filter((v) => v !== value);
  const out = { ...filters };
  if (rest.length === 0) delete out[key];
  else out[key] = rest;
  return out;
}

/** The API parameters of the state: range, text and filters. */
export function apiFilter(s: UrlState, extra: Filters = {}): Record<string, string | number | string[] | undefined> {
  const merged: Record<string, string[]> = {};
  for (const key of FILTER_KEYS) {
    // A view's own filter (VPC: source=vpc) narrows; the user's filters on the same key still apply when they agree.
    const own = extra[key];
    const user = s.filters[key];
    const values = own === undefined ? user : user === undefined ? own : own.filter((v) => user.includes(v));
    if (values !== undefined) merged[key] = values.length === 0 ? ['\u0000none'] : values;
  }
  return { from: s.from, to: s.to, q: s.q === '' ? undefined : s.q, minLevel: s.minLevel, ...merged };
}
