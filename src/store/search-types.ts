/**
 * The search side of the store, the one interface the HTTP API and the dashboard use: filtered,
 * keyset-paged listings of events and alerts, aggregations, and single records. The DuckDB
 * store implements it with SQL whose every value is a bound parameter; a scale-out store
 * implements the same interface.
 *
 * Times are the event's own time (CloudTrail `eventTime`, flow `start`) for events and for
 * alerts alike, so a backfill of last month's logs shows its alerts at last month's dates.
 */

/** What to look for. Every list is OR-ed within itself; the lists are AND-ed together. */
export interface SearchFilter {
  /** Epoch ms, inclusive. */
  from?: number | undefined;
  /** Epoch ms, exclusive. */
  to?: number | undefined;
  /** Free text: a case-insensitive substring of event name or user (for alerts also description and rule id), an address prefix, or an action. */
  text?: string | undefined;
  source?: readonly string[] | undefined;
  account?: readonly string[] | undefined;
  region?: readonly string[] | undefined;
  bucket?: readonly string[] | undefined;
  eventName?: readonly string[] | undefined;
  user?: readonly string[] | undefined;
  /** Either side of a flow, or a CloudTrail source address. */
  ip?: readonly string[] | undefined;
  srcIp?: readonly string[] | undefined;
  dstIp?: readonly string[] | undefined;
  /** Either side's port. */
  port?: readonly number[] | undefined;
  srcPort?: readonly number[] | undefined;
  dstPort?: readonly number[] | undefined;
  protocol?: readonly number[] | undefined;
  action?: readonly string[] | undefined;
  ruleId?: readonly string[] | undefined;
  /** Alerts at or above this level. */
  minLevel?: number | undefined;
  group?: readonly string[] | undefined;
  /** MITRE ATT&CK technique ids (`T1110`, `T1078.004`). */
  mitre?: readonly string[] | undefined;
  /** MITRE ATT&CK tactic names (`Credential Access`). */
  tactic?: readonly string[] | undefined;
  /** Alerts stored after this `seq` (a client polling for new alerts). */
  afterSeq?: number | undefined;
}

/** One page of a listing, newest first unless `order` is `asc`. */
export interface PageRequest {
  limit: number;
  order?: 'asc' | 'desc' | undefined;
  /** The `next` cursor of the previous page. */
  cursor?: string | undefined;
}

/** An event's indexed columns (its message is fetched with `getEvent`). */
export interface EventRow {
  id: number;
  time: string | null;
  source: string;
  account: string | null;
  region: string | null;
  bucket: string;
  key: string;
  srcIp: string | null;
  dstIp: string | null;
  srcPort: number | null;
  dstPort: number | null;
  protocol: number | null;
  action: string | null;
  eventName: string | null;
  user: string | null;
  bytes: number | null;
  packets: number | null;
}

/** An alert's indexed columns plus its event's. */
export interface AlertRow {
  seq: number;
  alertId: string;
  eventId: number;
  /** The alert's processing time (`timestamp`), ISO UTC. */
  timestamp: string;
  /** The event's own time, ISO UTC. */
  time: string | null;
  ruleId: string;
  level: number;
  description: string | null;
  groups: string[];
  mitre: string[];
  tactics: string[];
  source: string;
  account: string | null;
  region: string | null;
  srcIp: string | null;
  dstIp: string | null;
  eventName: string | null;
  user: string | null;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next: string | null;
}

/** Fields that can be grouped by (terms) or counted distinct. */
export const TERM_FIELDS = [
  'source', 'account', 'region', 'bucket', 'eventName', 'user', 'srcIp', 'dstIp', 'srcPort', 'dstPort', 'protocol', 'action',
  'pair', 'ruleId', 'level', 'group', 'mitre', 'tactic', 'description',
] as const;
export type TermField = (typeof TERM_FIELDS)[number];

/** What is summed or counted per bucket. */
export const METRICS = ['count', 'bytes', 'packets'] as const;
export type Metric = (typeof METRICS)[number];

export type Aggregation =
  /** Counts (or sums) per time interval; `interval` 'auto' picks one giving about `buckets` buckets; `split` adds a series per top term. */
  | { kind: 'histogram'; interval?: number | 'auto'; buckets?: number; metric?: Metric; split?: TermField; splitSize?: number }
  /** The top `size` values of a field by the metric. */
  | { kind: 'terms'; field: TermField; size?: number; metric?: Metric }
  /** Totals: count, bytes, packets, and distinct counts of the given fields. */
  | { kind: 'stats'; distinct?: readonly TermField[] };

export interface HistogramResult {
  kind: 'histogram';
  /** Bucket width, ms. */
  interval: number;
  /** Bucket starts (epoch ms), ascending, every bucket of the range (zeros included). */
  times: number[];
  /** One series per split value (or one named 'all'), values aligned with `times`. */
  series: { name: string; values: number[] }[];
}
export interface TermsResult {
  kind: 'terms';
  field: TermField;
  buckets: { key: string; value: number }[];
  /** Records outside the top buckets. */
  other: number;
}
export interface StatsResult {
  kind: 'stats';
  count: number;
  bytes: number;
  packets: number;
  distinct: Partial<Record<TermField, number>>;
}
export type AggregationResult = HistogramResult | TermsResult | StatsResult;

/** The search interface of a store. */
export interface EventSearch {
  searchEvents(filter: SearchFilter, page: PageRequest): Promise<Page<EventRow>>;
  searchAlerts(filter: SearchFilter, page: PageRequest): Promise<Page<AlertRow>>;
  aggregate(target: 'events' | 'alerts', filter: SearchFilter, aggregation: Aggregation): Promise<AggregationResult>;
  /** One event with its message and the alerts raised on it; undefined when unknown. */
  getEvent(id: number): Promise<{ event: EventRow; message: unknown; alerts: AlertRow[] } | undefined>;
  /** One alert (by `seq`) with its JSON; undefined when unknown. */
  getAlert(seq: number): Promise<{ alert: AlertRow; json: unknown } | undefined>;
  /** The greatest alert `seq` (0 when none): clients poll for alerts after it. */
  lastAlertSeq(): Promise<number>;
}
