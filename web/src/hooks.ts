/** Data hooks: an API request that re-runs when its inputs or the refresh tick change. */
import { useEffect, useState } from 'preact/hooks';
import { get } from './api.ts';
import type { Params } from './api.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
}

/** GETs `path` with `params` (null: do not load); keeps the previous data while reloading. */
export function useApi<T>(path: string | null, params: Params, tick: number): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: undefined, loading: path !== null });
  const key = path === null ? '' : `${path}|${JSON.stringify(params)}`;
  useEffect(() => {
    if (path === null) return undefined;
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    get<T>(path, params, abort.signal).then(
      (data) => setState({ data, error: undefined, loading: false }),
      (err: unknown) => {
        if (abort.signal.aborted) return;
        setState({ data: undefined, error: err instanceof Error ? err.message : String(err), loading: false });
      },
    );
    return () => abort.abort();
    // `key` stands for path and params.
  }, [key, tick]);
  return state;
}
