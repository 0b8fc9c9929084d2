/**
 * EventSearch on the DuckDB store: SQL built from a whitelist of columns, every value a bound
 * parameter. Listings page by keyset (time, id) so a deep page costs what the first one does.
 */
import { StoreError } from '../core/index.ts';
import type {
  AggregationResult, AlertRow, Aggregation, EventRow, EventSearch, Metric, Page, PageRequest, SearchFilter, TermField,
} from './search-types.ts';
import type { EventStore } from './types.ts';

type Target = 'events' | 'alerts';

/**
 * Collects bound parameters; `p(v)` returns the placeholder of a new one, typed: an untyped
 * parameter in arithmetic or an IN list sends DuckDB down a slow generic path (measured: a
 * histogram over 2.3M rows took 476 ms with `// $3`, 34 ms with `// $3::BIGINT`).
 */
class Params {
  readonly values: unknown[] = [];
  p(value: unknown): string {
    this.values.push(value);
    const type = typeof value === 'number' ? (Number.isInteger(value) ? 'BIGINT' : 'DOUBLE') : typeof value === 'bigint' ? 'BIGINT' : typeof value === 'string' ? 'VARCHAR' : undefined;
    return type === undefined ? `$${this.values.length}` : `$${this.values.length}::${type}`;
  }
}

/** Column expressions by field; alert-only fields are read from `a`. */
const EVENT_COLUMNS: Record<Exclude<TermField, AlertField>, string> = {
  source: 'e.source', account: 'e.account_id', region: 'e.region', bucket: 'o.bucket', eventName: 'e.event_name', user: 'e.user_name',
  srcIp: 'e.src_ip', dstIp: 'e.dst_ip', srcPort: 'e.src_port', dstPort: 'e.dst_port', protocol: 'e.protocol', action: 'e.action',
  pair: `(e.src_ip || ' → ' || e.dst_ip)`,
};
type AlertField = 'ruleId' | 'level' | 'group' | 'mitre' | 'tactic' | 'description';
const ALERT_COLUMNS: Record<AlertField, string> = {
  ruleId: 'a.rule_id', level: 'a.level', group: 'unnest(a.groups)', mitre: 'unnest(a.mitre_ids)', tactic: 'unnest(a.mitre_tactics)', description: 'a.description',
};
/** The list columns behind the fields that unnest. */
const LIST_COLUMNS: Partial<Record<TermField, string>> = { group: 'a.groups', mitre: 'a.mitre_ids', tactic: 'a.mitre_tactics' };
const METRIC_SQL: Record<Metric, string> = { count: '1', bytes: 'COALESCE(e.bytes, 0)', packets: 'COALESCE(e.packets, 0)' };
/** Sort key of a listing: the event time in µs, nulls (unparsable times) last. */
const NULL_TIME_KEY = -9223372036854775807n;
const EVENT_KEY = `COALESCE(epoch_us(e.ts), ${NULL_TIME_KEY})`;
const ALERT_KEY = `COALESCE(epoch_us(a.event_ts), ${NULL_TIME_KEY})`;
/** Nice histogram intervals, ms. */
const INTERVALS = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 43200, 86400, 7 * 86400, 30 * 86400].map((s) => s * 1000);
const MAX_HISTOGRAM_BUCKETS = 2000;

function column(target: Target, field: TermField): string {
  if (field in EVENT_COLUMNS) return EVENT_COLUMNS[field as keyof typeof EVENT_COLUMNS];
  if (target === 'alerts') return ALERT_COLUMNS[field as keyof typeof ALERT_COLUMNS];
  throw new StoreError('STORE_BAD_QUERY', `field '${field}' belongs to alerts; aggregate target 'alerts' to use it`);
}

function inList(params: Params, col: string, values: readonly unknown[]): string {
  return `${col} IN (${values.map((v) => params.p(v)).join(', ')})`;
}

/** Whether `list` has values (an empty list filters nothing). */
function has<T>(list: readonly T[] | undefined): list is readonly T[] {
  return list !== undefined && list.length > 0;
}

/**
 * The FROM clause and WHERE conditions of a filter. `objects` joins `objects o` (grouping by
 * bucket). For alerts, `events` joins `events e` (the query reads event columns); without it,
 * conditions on event columns become a semi-join, so an alert query never joins every event row.
 */
function where(
  target: Target, filter: SearchFilter, params: Params, opts: { objects?: boolean; events?: boolean; branches?: boolean } = {},
): { from: string; conditions: string[]; branches: string[] } {
  const c: string[] = [];
  const time = target === 'events' ? 'e.ts' : 'a.event_ts';
  if (filter.from !== undefined) c.push(`${time} >= make_timestamp(${params.p(Math.round(filter.from) * 1000)})`);
  if (filter.to !== undefined) c.push(`${time} < make_timestamp(${params.p(Math.round(filter.to) * 1000)})`);
  const ev: string[] = [];
  const lists: [readonly unknown[] | undefined, string][] = [
    [filter.source, 'e.source'], [filter.account, 'e.account_id'], [filter.region, 'e.region'],
    [filter.eventName, 'e.event_name'], [filter.user, 'e.user_name'], [filter.srcIp, 'e.src_ip'], [filter.dstIp, 'e.dst_ip'],
    [filter.srcPort, 'e.src_port'], [filter.dstPort, 'e.dst_port'], [filter.protocol, 'e.protocol'], [filter.action, 'e.action'],
  ];
  for (const [values, col] of lists) if (has(values)) ev.push(inList(params, col, values));
  // The objects table is small: a semi-join on it spares joining every event row.
  if (has(filter.bucket)) ev.push(`e.object_id IN (SELECT object_id FROM objects WHERE ${inList(params, 'bucket', filter.bucket)})`);
  // Either side (an address or a port on the source or the destination side): one branch per
  // side, disjoint, instead of an OR. An OR of two columns is not pushed into the scan, which then
  // reads both columns of every row (one address over 10M events: 245 ms); each branch's equality
  // is (55–130 ms), and a page takes its top rows per branch (30 ms).
  let branches = [''];
  const sides: [readonly unknown[] | undefined, string, string][] = [[filter.ip, 'e.src_ip', 'e.dst_ip'], [filter.port, 'e.src_port', 'e.dst_port']];
  for (const [values, a, b] of sides) {
    if (!has(values)) continue;
    const onA = inList(params, a, values);
    const onB = `${inList(params, b, values)} AND (${a} IS NULL OR NOT ${onA})`;
    branches = branches.flatMap((prev) => [onA, onB].map((side) => (prev === '' ? side : `${prev} AND ${side}`)));
  }
  if (branches.length === 1) branches = [];
  const events = branches.length === 0 || opts.branches === true
    ? 'events e'
    : `(${branches.map((b) => `SELECT e.* FROM events e WHERE ${b}`).join(' UNION ALL ')}) e`;
  if (opts.branches !== true) branches = [];
  const al: string[] = [];
  if (has(filter.ruleId)) al.push(inList(params, 'a.rule_id', filter.ruleId));
  if (filter.minLevel !== undefined) al.push(`a.level >= ${params.p(filter.minLevel)}`);
  if (filter.afterSeq !== undefined) al.push(`a.seq > ${params.p(filter.afterSeq)}`);
  if (has(filter.group)) al.push(`list_has_any(a.groups, [${filter.group.map((g) => params.p(g)).join(', ')}]::VARCHAR[])`);
  if (has(filter.mitre)) al.push(`list_has_any(a.mitre_ids, [${filter.mitre.map((m) => params.p(m)).join(', ')}]::VARCHAR[])`);
  if (has(filter.tactic)) al.push(`list_has_any(a.mitre_tactics, [${filter.tactic.map((m) => params.p(m)).join(', ')}]::VARCHAR[])`);
  let joinEvents = opts.events === true;
  if (filter.text !== undefined && filter.text !== '') {
    // Substrings of the name fields (any case), the start of an address, an action exactly: ILIKE
    // over every column of every flow row made a 7-day search over 2.3M rows take 450 ms.
    const like = params.p(`%${filter.text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    const raw = params.p(filter.text);
    const fields = ['e.event_name', 'e.user_name'];
    if (target === 'alerts') {
      fields.push('a.description', 'a.rule_id');
      joinEvents = true;
    }
    ev.push(`(${fields.map((f) => `${f} ILIKE ${like} ESCAPE '\\'`).join(' OR ')} OR starts_with(e.src_ip, ${raw}) OR starts_with(e.dst_ip, ${raw}) OR e.action = upper(${raw}))`);
  }
  const objects = opts.objects === true ? ' JOIN objects o ON o.object_id = e.object_id' : '';
  if (target === 'alerts') {
    c.push(...al);
    if (joinEvents || objects !== '') return { from: `alerts a JOIN ${events} ON e.id = a.event_id${objects}`, conditions: [...c, ...ev], branches };
    if (ev.length > 0 || events !== 'events e') c.push(`a.event_id IN (SELECT e.id FROM ${events} ${whereSql(ev)})`);
    return { from: 'alerts a', conditions: c, branches };
  }
  c.push(...ev);
  if (al.length > 0) c.push(`EXISTS (SELECT 1 FROM alerts a WHERE a.event_id = e.id AND ${al.join(' AND ')})`);
  return { from: `${events}${objects}`, conditions: c, branches };
}

/** Whether a column expression reads the events (or objects) table. */
function readsEvents(col: string): boolean {
  return /(^|\()(e|o)\./.test(col);
}

function whereSql(conditions: string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

/** Cursor: the last row's sort key and id, base64url JSON (opaque to clients, validated on use). */
function encodeCursor(key: number | string, id: number): string {
  return Buffer.from(JSON.stringify([String(key), id])).toString('base64url');
}
function decodeCursor(cursor: string): [string, number] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && /^-?\d{1,19}$/.test(parsed[0]) && Number.isSafeInteger(parsed[1])) {
      return [parsed[0], parsed[1] as number];
    }
  } catch {
    // fall through
  }
  throw new StoreError('STORE_BAD_QUERY', 'the cursor is not one this server returned');
}

const EVENT_SELECT = `e.id, e.ts, e.object_id, e.source, e.account_id, e.region, e.src_ip, e.dst_ip, e.src_port, e.dst_port, e.protocol,
  e.action, e.event_name, e.user_name, e.bytes, e.packets`;
const ALERT_SELECT = `a.seq, a.alert_id, a.event_id, a.ts AS alert_ts, a.event_ts, a.rule_id, a.level, a.description, a.groups, a.mitre_ids, a.mitre_tactics,
  e.source, e.account_id, e.region, e.src_ip, e.dst_ip, e.event_name, e.user_name`;

function eventRow(r: Record<string, unknown>): EventRow {
  return {
    id: r.id as number, time: (r.ts as string | null) ?? null, source: r.source as string, account: r.account_id as string | null,
    region: r.region as string | null, bucket: r.bucket as string, key: r.log_key as string, srcIp: r.src_ip as string | null,
    dstIp: r.dst_ip as string | null, srcPort: r.src_port as number | null, dstPort: r.dst_port as number | null,
    protocol: r.protocol as number | null, action: r.action as string | null, eventName: r.event_name as string | null,
    user: r.user_name as string | null, bytes: r.bytes as number | null, packets: r.packets as number | null,
  };
}

function alertRow(r: Record<string, unknown>): AlertRow {
  return {
    seq: r.seq as number, alertId: r.alert_id as string, eventId: r.event_id as number, timestamp: r.alert_ts as string,
    time: (r.event_ts as string | null) ?? null, ruleId: r.rule_id as string, level: r.level as number,
    description: r.description as string | null, groups: (r.groups as string[] | null) ?? [], mitre: (r.mitre_ids as string[] | null) ?? [],
    tactics: (r.mitre_tactics as string[] | null) ?? [],
    source: r.source as string, account: r.account_id as string | null, region: r.region as string | null,
    srcIp: r.src_ip as string | null, dstIp: r.dst_ip as string | null, eventName: r.event_name as string | null,
    user: r.user_name as string | null,
  };
}

/** Picks the smallest nice interval giving at most about `buckets` buckets over `span` ms. */
export function autoInterval(span: number, buckets: number): number {
  const wanted = Math.max(1, span / Math.max(1, buckets));
  return INTERVALS.find((i) => i >= wanted) ?? Math.ceil(wanted / INTERVALS.at(-1)!) * INTERVALS.at(-1)!;
}

class DuckDbSearch implements EventSearch {
  readonly #store: EventStore;
  constructor(store: EventStore) {
    this.#store = store;
  }

  async searchEvents(filter: SearchFilter, page: PageRequest): Promise<Page<EventRow>> {
    const rows = await this.#page('events', filter, page, EVENT_SELECT, EVENT_KEY, 'e.id');
    return { items: rows.items.map(eventRow), next: rows.next };
  }

  async searchAlerts(filter: SearchFilter, page: PageRequest): Promise<Page<AlertRow>> {
    const rows = await this.#page('alerts', filter, page, ALERT_SELECT, ALERT_KEY, 'a.seq');
    return { items: rows.items.map(alertRow), next: rows.next };
  }

  async aggregate(target: Target, filter: SearchFilter, agg: Aggregation): Promise<AggregationResult> {
    if (agg.kind === 'terms') return this.#terms(target, filter, agg.field, agg.size ?? 10, agg.metric ?? 'count');
    if (agg.kind === 'stats') return this.#stats(target, filter, agg.distinct ?? []);
    return this.#histogram(target, filter, agg);
  }

  async getEvent(id: number): Promise<{ event: EventRow; message: unknown; alerts: AlertRow[] } | undefined> {
    const [row] = await this.#store.query(`SELECT ${EVENT_SELECT}, o.bucket, o.log_key FROM events e JOIN objects o ON o.object_id = e.object_id WHERE e.id = $1`, [id]);
    if (row === undefined) return undefined;
    const [text] = await this.#store.readMessages([id]);
    const alerts = await this.#store.query(`SELECT ${ALERT_SELECT} FROM alerts a JOIN events e ON e.id = a.event_id WHERE a.event_id = $1 ORDER BY a.seq`, [id]);
    return { event: eventRow(row), message: text === undefined ? null : (JSON.parse(text) as unknown), alerts: alerts.map(alertRow) };
  }

  async getAlert(seq: number): Promise<{ alert: AlertRow; json: unknown } | undefined> {
    const [row] = await this.#store.query(`SELECT ${ALERT_SELECT}, a.body FROM alerts a JOIN events e ON e.id = a.event_id WHERE a.seq = $1`, [seq]);
    if (row === undefined) return undefined;
    return { alert: alertRow(row), json: JSON.parse(row.body as string) as unknown };
  }

  async lastAlertSeq(): Promise<number> {
    const [row] = await this.#store.query('SELECT COALESCE(max(seq), 0) AS n FROM alerts');
    return Number(row?.n ?? 0);
  }

  async #page(target: Target, filter: SearchFilter, page: PageRequest, select: string, key: string, id: string): Promise<{ items: Record<string, unknown>[]; next: string | null }> {
    const params = new Params();
    const { from, conditions, branches } = where(target, filter, params, { branches: target === 'events' });
    const desc = page.order !== 'asc';
    // Rows are ordered on the time column itself, nulls (unparsable times) where `key` puts them
    // (its lowest value): ordered on a column, DuckDB's top-N narrows the scan to the row groups
    // that can still enter the page (one address over 30 days: 31 ms, against 130 ms on `key`).
    // The cursor's conditions are a range on that column too, so they narrow the scan as well.
    const time = target === 'events' ? 'e.ts' : 'a.event_ts';
    if (page.cursor !== undefined) {
      const [k, lastId] = decodeCursor(page.cursor);
      const after = params.p(lastId);
      if (BigInt(k) === NULL_TIME_KEY) {
        conditions.push(desc ? `${time} IS NULL AND ${id} < ${after}` : `((${time} IS NULL AND ${id} > ${after}) OR ${time} IS NOT NULL)`);
      } else {
        const at = `make_timestamp(${params.p(BigInt(k))})`;
        const ranged = desc ? `${time} <= ${at} AND (${time} < ${at} OR ${id} < ${after})` : `${time} >= ${at} AND (${time} > ${at} OR ${id} > ${after})`;
        // A time range excludes null times; without one, a descending listing ends with them.
        conditions.push(desc && filter.from === undefined && filter.to === undefined ? `((${ranged}) OR ${time} IS NULL)` : ranged);
      }
    }
    const dir = desc ? 'DESC' : 'ASC';
    const idName = id.slice(2);
    // The page is chosen on ids and sort keys alone; only its rows are then read whole and joined.
    const limit = params.p(page.limit + 1);
    const top = (extra: string[]): string => `SELECT ${id} AS pid, ${key} AS sort_key FROM ${from} ${whereSql([...conditions, ...extra])}
      ORDER BY ${time} ${dir} NULLS ${desc ? 'LAST' : 'FIRST'}, pid ${dir} LIMIT ${limit}`;
    // With either-side branches (disjoint), the page is the top of each branch's top rows.
    const inner = branches.length === 0
      ? top([])
      : `SELECT pid, sort_key FROM (${branches.map((b) => `(${top([b])})`).join(' UNION ALL ')}) u ORDER BY sort_key ${dir}, pid ${dir} LIMIT ${limit}`;
    const sql = target === 'events'
      ? `SELECT ${select}, o.bucket, o.log_key, p.sort_key FROM (${inner}) p JOIN events e ON e.id = p.pid JOIN objects o ON o.object_id = e.object_id ORDER BY p.sort_key ${dir}, e.${idName} ${dir}`
      : `SELECT ${select}, p.sort_key FROM (${inner}) p JOIN alerts a ON a.seq = p.pid JOIN events e ON e.id = a.event_id ORDER BY p.sort_key ${dir}, a.${idName} ${dir}`;
    const rows = await this.#store.query(sql, params.values);
    const more = rows.length > page.limit;
    const items = more ? rows.slice(0, page.limit) : rows;
    const last = items.at(-1);
    const lastId = last === undefined ? 0 : (target === 'events' ? last.id : last.seq) as number;
    return { items, next: more && last !== undefined ? encodeCursor(last.sort_key as number | string, lastId) : null };
  }

  async #terms(target: Target, filter: SearchFilter, field: TermField, size: number, metric: Metric): Promise<AggregationResult> {
    const params = new Params();
    const col = column(target, field);
    const byObject = field === 'bucket';
    const { from, conditions } = where(target, filter, params, { events: readsEvents(col) || metric !== 'count' });
    // A bucket is grouped as object ids first, then the few groups are joined to their objects.
    const grouped = byObject
      ? `SELECT o.bucket AS k, sum(r.m) AS v FROM (SELECT e.object_id AS oid, sum(${METRIC_SQL[metric]}) AS m FROM ${from} ${whereSql(conditions)} GROUP BY ALL) r
         JOIN objects o ON o.object_id = r.oid GROUP BY ALL`
      // The values are selected before grouping: unnest() (groups, techniques) cannot be grouped on directly.
      : `SELECT k, sum(m) AS v FROM (SELECT ${col} AS k, ${METRIC_SQL[metric]} AS m FROM ${from} ${whereSql(conditions)}) r GROUP BY k`;
    const rows = await this.#store.query(
      `SELECT k, v, sum(v) OVER () AS total FROM (${grouped}) g WHERE k IS NOT NULL ORDER BY v DESC, k LIMIT ${params.p(size)}`,
      params.values,
    );
    const buckets = rows.map((r) => ({ key: String(r.k), value: Number(r.v) }));
    const total = Number(rows[0]?.total ?? 0);
    return { kind: 'terms', field, buckets, other: total - buckets.reduce((n, b) => n + b.value, 0) };
  }

  async #stats(target: Target, filter: SearchFilter, distinct: readonly TermField[]): Promise<AggregationResult> {
    const params = new Params();
    const { from, conditions } = where(target, filter, params, { objects: distinct.includes('bucket'), events: true });
    // unnest() cannot sit inside count(DISTINCT); list columns are flattened first.
    const parts = distinct.map((f, i) => {
      const listColumn = LIST_COLUMNS[f];
      if (listColumn !== undefined) return `(SELECT count(DISTINCT x) FROM (SELECT unnest(${listColumn}) AS x FROM ${from} ${whereSql(conditions)})) AS d${i}`;
      return `count(DISTINCT ${column(target, f)}) AS d${i}`;
    });
    const [row] = await this.#store.query(
      `SELECT count(*) AS n, COALESCE(sum(e.bytes), 0) AS b, COALESCE(sum(e.packets), 0) AS p${parts.map((s) => `, ${s}`).join('')} FROM ${from} ${whereSql(conditions)}`,
      params.values,
    );
    return {
      kind: 'stats', count: Number(row?.n ?? 0), bytes: Number(row?.b ?? 0), packets: Number(row?.p ?? 0),
      distinct: Object.fromEntries(distinct.map((f, i) => [f, Number(row?.[`d${i}`] ?? 0)])),
    };
  }

  async #histogram(target: Target, filter: SearchFilter, agg: Extract<Aggregation, { kind: 'histogram' }>): Promise<AggregationResult> {
    let { from: start, to: end } = filter;
    if (start === undefined || end === undefined) {
      const bounds = await this.#bounds(target, filter);
      start ??= bounds.min;
      end ??= bounds.max + 1;
    }
    if (start === undefined || end === undefined || end <= start) return { kind: 'histogram', interval: 60_000, times: [], series: [] };
    const interval = agg.interval === undefined || agg.interval === 'auto' ? autoInterval(end - start, agg.buckets ?? 80) : agg.interval;
    const first = Math.floor(start / interval) * interval;
    const count = Math.ceil((end - first) / interval);
    if (count > MAX_HISTOGRAM_BUCKETS) throw new StoreError('STORE_BAD_QUERY', `an interval of ${interval} ms gives ${count} buckets over this range (at most ${MAX_HISTOGRAM_BUCKETS})`);
    const ranged = { ...filter, from: start, to: end };
    // A split of few values (sources, buckets, accounts...) is grouped in full in one scan and its
    // top values kept here; any other split takes its top values first (a terms query), then one
    // grouped scan names only them.
    const whole = agg.split !== undefined && FEW_VALUES.has(agg.split);
    const top = agg.split === undefined || whole ? undefined : await this.#terms(target, ranged, agg.split, agg.splitSize ?? 5, agg.metric ?? 'count');
    const params = new Params();
    const { from, conditions } = where(target, ranged, params, {
      events: (agg.split !== undefined && readsEvents(column(target, agg.split))) || (agg.metric ?? 'count') !== 'count',
    });
    const time = target === 'events' ? 'e.ts' : 'a.event_ts';
    const metric = METRIC_SQL[agg.metric ?? 'count'];
    // On the stored microseconds: epoch_ms() divides every row once more (30 days of 10M events
    // grouped by bucket and object: 86–101 ms against 121–130 ms).
    const bucket = `(epoch_us(${time}) // ${params.p(interval * 1000)}) * ${params.p(interval)}`;
    let sql: string;
    if (agg.split === undefined) {
      sql = `SELECT ${bucket} AS b, 'all' AS s, sum(${metric}) AS v FROM ${from} ${whereSql(conditions)} GROUP BY ALL`;
    } else if (whole || top?.kind !== 'terms') {
      sql = agg.split === 'bucket'
        ? `SELECT r.b, o.bucket AS s, sum(r.m) AS v FROM (SELECT ${bucket} AS b, e.object_id AS oid, sum(${metric}) AS m FROM ${from} ${whereSql(conditions)} GROUP BY ALL) r
           JOIN objects o ON o.object_id = r.oid GROUP BY ALL`
        : `SELECT ${bucket} AS b, CAST(${column(target, agg.split)} AS VARCHAR) AS s, sum(${metric}) AS v FROM ${from} ${whereSql(conditions)} GROUP BY ALL`;
    } else {
      const names = top.buckets.map((b) => params.p(b.key));
      const named = (col: string): string => (names.length === 0 ? `'other'` : `CASE WHEN CAST(${col} AS VARCHAR) IN (${names.join(', ')}) THEN CAST(${col} AS VARCHAR) ELSE 'other' END`);
      sql = agg.split === 'bucket'
        // Grouped by object id first; the few groups are then joined to their objects' buckets.
        ? `SELECT r.b, ${named('o.bucket')} AS s, sum(r.m) AS v FROM (SELECT ${bucket} AS b, e.object_id AS oid, sum(${metric}) AS m FROM ${from} ${whereSql(conditions)} GROUP BY ALL) r
           JOIN objects o ON o.object_id = r.oid GROUP BY ALL`
        // unnest() (groups, techniques) cannot be grouped on directly: select first, group outside.
        : `SELECT b, s, sum(m) AS v FROM (SELECT ${bucket} AS b, ${named(column(target, agg.split))} AS s, ${metric} AS m FROM ${from} ${whereSql(conditions)}) r GROUP BY ALL`;
    }
    const rows = await this.#store.query(sql, params.values);
    const kept = whole ? topNames(rows, agg.splitSize ?? 5) : undefined;
    const times = Array.from({ length: count }, (_, i) => first + i * interval);
    const series = new Map<string, number[]>();
    for (const r of rows) {
      const name = kept === undefined ? String(r.s) : kept.has(r.s as string | null) ? String(r.s) : 'other';
      let values = series.get(name);
      if (values === undefined) series.set(name, (values = new Array<number>(count).fill(0)));
      const at = Math.round((Number(r.b) - first) / interval);
      if (at >= 0 && at < count) values[at]! += Number(r.v);
    }
    const ordered = [...series].sort((x, y) => (x[0] === 'other' ? 1 : y[0] === 'other' ? -1 : sum(y[1]) - sum(x[1])));
    return { kind: 'histogram', interval, times, series: ordered.map(([name, values]) => ({ name, values })) };
  }

  async #bounds(target: Target, filter: SearchFilter): Promise<{ min?: number; max: number }> {
    const params = new Params();
    const { from, conditions } = where(target, filter, params);
    const time = target === 'events' ? 'e.ts' : 'a.event_ts';
    const [row] = await this.#store.query(`SELECT epoch_ms(min(${time})) AS lo, epoch_ms(max(${time})) AS hi FROM ${from} ${whereSql(conditions)}`, params.values);
    return row?.lo === null || row?.lo === undefined ? { max: 0 } : { min: Number(row.lo), max: Number(row.hi) };
  }
}

/** Splits with few distinct values, grouped in full by a histogram (see #histogram). */
const FEW_VALUES: ReadonlySet<TermField> = new Set<TermField>(['source', 'bucket', 'account', 'region', 'action']);

/** The `size` split values of largest total (ties by name), as a terms query ranks them; nulls never. */
function topNames(rows: readonly Record<string, unknown>[], size: number): Set<string | null> {
  const totals = new Map<string, number>();
  for (const r of rows) {
    if (typeof r.s === 'string') totals.set(r.s, (totals.get(r.s) ?? 0) + Number(r.v));
  }
  const ranked = [...totals].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return new Set(ranked.slice(0, size).map(([k]) => k));
}

function sum(values: number[]): number {
  return values.reduce((n, v) => n + v, 0);
}

/** The search interface over a DuckDB EventStore (its read-only `query` and `readMessages`). */
export function createDuckDbSearch(store: EventStore): EventSearch {
  return new DuckDbSearch(store);
}
