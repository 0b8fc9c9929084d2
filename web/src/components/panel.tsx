/** A titled dashboard panel with loading, error and empty states. */
import type { ComponentChildren } from 'preact';

export interface PanelProps {
  title: string;
  /** A short note under the title (how a figure is computed). */
  note?: string | undefined;
  loading?: boolean;
  error?: string | undefined;
  /** No data: shows `emptyText` instead of the children. */
  empty?: boolean;
  emptyText?: string;
  wide?: boolean;
  id?: string;
  children?: ComponentChildren;
}

/** A panel; `data-state` (loading, error, empty, ready) lets tests wait for it. */
export function Panel({ title, note, loading = false, error, empty = false, emptyText = 'No data in this range', wide = false, id, children }: PanelProps) {
  const state = error !== undefined ? 'error' : loading && empty ? 'loading' : empty ? 'empty' : 'ready';
  return (
    <section class={`panel${wide ? ' wide' : ''}`} data-panel={id ?? title} data-state={state}>
      <header>
        <h2>{title}</h2>
        {loading && <span class="spinner" aria-label="loading" />}
      </header>
      {note !== undefined && <p class="note">{note}</p>}
      {error !== undefined ? <p class="error">{error}</p> : state === 'loading' ? <p class="muted">Loading…</p> : empty ? <p class="muted empty">{emptyText}</p> : children}
    </section>
  );
}
