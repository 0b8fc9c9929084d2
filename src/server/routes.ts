/**
 * The API routes: search, aggregations, single records. Their schemas are the validation and the
 * OpenAPI description at once (openapi.ts reads them back from ROUTES).
 */
import type { FastifyInstance } from 'fastify';
import { AwsmonError } from '../core/index.ts';
import { METRICS, TERM_FIELDS } from '../store/index.ts';
import type { Aggregation, EventSearch, Metric, TermField } from '../store/index.ts';
import { FILTER_PROPERTIES, toFilter } from './filters.ts';
import type { FilterQuery } from './filters.ts';
import type { GeoLocator } from './geo.ts';

const PAGE_PROPERTIES = {
  limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 },
  order: { type: 'string', enum: ['desc', 'asc'], default: 'desc', description: 'By event time' },
  cursor: { type: 'string', maxLength: 200, description: 'The `next` value of the previous page' },
} as const;

const AGG_PROPERTIES = {
  kind: { type: 'string', enum: ['histogram', 'terms', 'stats'] },
  field: { type: 'string', enum: [...TERM_FIELDS], description: 'terms: the field to group by' },
  size: { type: 'integer', minimum: 1, maximum: 500, default: 10, description: 'terms: how many buckets' },
  metric: { type: 'string', enum: [...METRICS], default: 'count', description: 'What is summed per bucket' },
  interval: { type: 'integer', minimum: 1000, description: 'histogram: bucket width in ms (default: automatic)' },
  buckets: { type: 'integer', minimum: 2, maximum: 1000, default: 80, description: 'histogram: about how many buckets the automatic interval aims for' },
  split: { type: 'string', enum: [...TERM_FIELDS], description: 'histogram: one series per top value of this field' },
  splitSize: { type: 'integer', minimum: 1, maximum: 20, default: 5 },
  distinct: { type: 'array', items: { type: 'string', enum: [...TERM_FIELDS] }, maxItems: 10, description: 'stats: fields to count distinct values of' },
} as const;

const ERROR_SCHEMA = {
  type: 'object', required: ['statusCode', 'code', 'error', 'message'],
  properties: { statusCode: { type: 'integer' }, code: { type: 'string' }, error: { type: 'string' }, message: { type: 'string' } },
} as const;

/** One route's description: method, path, summary and schema (querystring/params). */
export interface RouteSpec {
  method: 'GET' | 'POST';
  url: string;
  summary: string;
  schema: { querystring?: object; params?: object; body?: object };
}

const id = (name: string): object => ({ type: 'object', required: [name], properties: { [name]: { type: 'integer', minimum: 1 } } });

/** Every API route, for registration and for the OpenAPI description. */
export const ROUTES = {
  events: { method: 'GET', url: '/api/events', summary: 'Search events (newest first, keyset pages)', schema: { querystring: { type: 'object', additionalProperties: false, properties: { ...FILTER_PROPERTIES, ...PAGE_PROPERTIES } } } },
  event: { method: 'GET', url: '/api/events/:id', summary: 'One event: indexed columns, the whole message, and its alerts', schema: { params: id('id') } },
  alerts: {
    method: 'GET', url: '/api/alerts', summary: 'Search alerts (by event time; `afterSeq` for alerts stored since a poll)',
    schema: { querystring: { type: 'object', additionalProperties: false, properties: { ...FILTER_PROPERTIES, ...PAGE_PROPERTIES, afterSeq: { type: 'integer', minimum: 0 } } } },
  },
  alert: { method: 'GET', url: '/api/alerts/:seq', summary: 'One alert and its whole JSON (Wazuh alert schema)', schema: { params: id('seq') } },
  aggregate: {
    method: 'GET', url: '/api/aggregate/:target', summary: 'Histogram, top terms, sums and distinct counts over events or alerts',
    schema: {
      params: { type: 'object', required: ['target'], properties: { target: { type: 'string', enum: ['events', 'alerts'] } } },
      querystring: { type: 'object', additionalProperties: false, required: ['kind'], properties: { ...FILTER_PROPERTIES, ...AGG_PROPERTIES } },
    },
  },
  geo: {
    method: 'GET', url: '/api/geo/:target', summary: 'Countries of the top source IPs (offline GeoIP; reserved and private addresses are not located)',
    schema: {
      params: { type: 'object', required: ['target'], properties: { target: { type: 'string', enum: ['events', 'alerts'] } } },
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { ...FILTER_PROPERTIES, size: { type: 'integer', minimum: 1, maximum: 1000, default: 500, description: 'How many top source IPs are located' }, metric: AGG_PROPERTIES.metric },
      },
    },
  },
  status: { method: 'GET', url: '/api/status', summary: 'Version, counts, and the newest alert sequence number', schema: {} },
} satisfies Record<string, RouteSpec>;

export { ERROR_SCHEMA };

type AggQuery = FilterQuery & { kind: 'histogram' | 'terms' | 'stats'; field?: TermField; size?: number; metric?: Metric; interval?: number; buckets?: number; split?: TermField; splitSize?: number; distinct?: TermField[] };

function aggregation(q: AggQuery): Aggregation {
  if (q.kind === 'terms') {
    if (q.field === undefined) throw new AwsmonError('API_BAD_REQUEST', "'field' is required with kind=terms");
    return { kind: 'terms', field: q.field, size: q.size, metric: q.metric };
  }
  if (q.kind === 'stats') return { kind: 'stats', distinct: q.distinct ?? [] };
  return { kind: 'histogram', interval: q.interval ?? 'auto', buckets: q.buckets, metric: q.metric, split: q.split, splitSize: q.splitSize };
}

function notFound(what: string): AwsmonError {
  return new AwsmonError('API_NOT_FOUND', `no ${what}`);
}

/** Registers the API routes on `app` over `search`. */
export function registerRoutes(app: FastifyInstance, search: EventSearch, info: { version: string; countEvents(): Promise<number>; geo: GeoLocator }): void {
  app.get<{ Querystring: FilterQuery & { limit: number; order: 'asc' | 'desc'; cursor?: string } }>(ROUTES.events.url, { schema: ROUTES.events.schema }, async (req) => {
    const { limit, order, cursor, ...filter } = req.query;
    return search.searchEvents(toFilter(filter), { limit, order, cursor });
  });
  app.get<{ Params: { id: number } }>(ROUTES.event.url, { schema: ROUTES.event.schema }, async (req) => {
    const found = await search.getEvent(req.params.id);
    if (found === undefined) throw notFound(`event ${req.params.id}`);
    return found;
  });
  app.get<{ Querystring: FilterQuery & { limit: number; order: 'asc' | 'desc'; cursor?: string; afterSeq?: number } }>(ROUTES.alerts.url, { schema: ROUTES.alerts.schema }, async (req) => {
    const { limit, order, cursor, afterSeq, ...filter } = req.query;
    return search.searchAlerts({ ...toFilter(filter), afterSeq }, { limit, order, cursor });
  });
  app.get<{ Params: { seq: number } }>(ROUTES.alert.url, { schema: ROUTES.alert.schema }, async (req) => {
    const found = await search.getAlert(req.params.seq);
    if (found === undefined) throw notFound(`alert ${req.params.seq}`);
    return found;
  });
  app.get<{ Params: { target: 'events' | 'alerts' }; Querystring: AggQuery }>(ROUTES.aggregate.url, { schema: ROUTES.aggregate.schema }, async (req) => {
    const { kind, field, size, metric, interval, buckets, split, splitSize, distinct, ...filter } = req.query;
    return search.aggregate(req.params.target, toFilter(filter), aggregation({ kind, field, size, metric, interval, buckets, split, splitSize, distinct }));
  });
  app.get<{ Params: { target: 'events' | 'alerts' }; Querystring: FilterQuery & { size: number; metric?: Metric } }>(ROUTES.geo.url, { schema: ROUTES.geo.schema }, async (req) => {
    const { size, metric, ...filter } = req.query;
    return info.geo.locate(await search.aggregate(req.params.target, toFilter(filter), { kind: 'terms', field: 'srcIp', size, metric }));
  });
  app.get(ROUTES.status.url, async () => ({ version: info.version, events: await info.countEvents(), lastAlertSeq: await search.lastAlertSeq() }));
}
