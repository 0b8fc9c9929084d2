/** The dashboard's view of the HTTP API: typed fetches with query strings built from the URL state. */
import type {
  AlertRow, EventRow, HistogramResult, Page, StatsResult, TermsResult,
} from '../../src/store/search-types.ts';

export type { AlertRow, EventRow, HistogramResult, Page, StatsResult, TermsResult };

/** The answer of /api/geo/:target. */
export interface GeoResult {
  countries: { code: string; name: string | null; value: number }[];
  ips: { ip: string; code: string | null; value: number }[];
  unlocated: number;
}

/** Query parameters: repeated keys for lists. */
export type Params = Record<string, string | number | readonly (string | number)[] | undefined>;

/** An API error in the server's one shape. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** Encodes parameters, repeating a key per list value. */
export function query(params: Params): string {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const v of value as readonly (string | number)[]) out.append(key, String(v));
    else out.append(key, String(value));
  }
  const text = out.toString();
  return text === '' ? '' : `?${text}`;
}

/** GETs an API path; throws ApiError on a non-2xx answer. */
export async function get<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const res = await fetch(`${path}${query(params)}`, { signal, credentials: 'same-origin', headers: { accept: 'application/json' } });
  return answer<T>(res);
}

/** POSTs JSON to an API path. */
export async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return answer<T>(res);
}

async function answer<T>(res: Response): Promise<T> {
  if (!res.ok) {
    const err = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
    throw new ApiError(res.status, err?.code ?? 'API_ERROR', err?.message ?? `HTTP ${res.status}`);
  }
  // A body that cannot be read (the request aborted by a newer one while its body arrived, a
  // connection cut) rejects: the caller's error path sees it, never a null page.
  return (await res.json()) as T;
}
