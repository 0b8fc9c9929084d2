/** What every view reads: the URL state, a way to change it, the refresh tick and the theme. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { FilterKey, UrlState } from './state.ts';

export interface Ctx {
  state: UrlState;
  /** Changes the state (and the URL: a new history entry unless `replace`). */
  update: (patch: Partial<UrlState>, replace?: boolean) => void;
  /** Adds a filter value (every view). */
  addFilter: (key: FilterKey, value: string) => void;
  /** Bumped by auto-refresh and new alerts: data hooks reload. */
  tick: number;
  dark: boolean;
}

export const AppContext = createContext<Ctx | null>(null);

/** The app context (inside <App>). */
export function useCtx(): Ctx {
  const ctx = useContext(AppContext);
  if (ctx === null) throw new Error('useCtx outside <App>');
  return ctx;
}
