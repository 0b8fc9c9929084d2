/**
 * Events and alerts: a table with cursor paging, a detail drawer with the whole JSON, and every
 * value clickable to add it as a filter.
 */
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.ts';
import type { AlertRow, EventRow, Page } from '../api.ts';
import { Drawer } from '../components/drawer.tsx';
import { useCtx } from '../context.ts';
import { formatBytes, protocolName } from '../format.ts';
import { apiFilter } from '../state.ts';
import type { FilterKey } from '../state.ts';
import { formatTime } from '../time.ts';

const PAGE = 50;

/** A clickable value that adds itself as a filter. */
export function Val({ k, v, show }: { k: FilterKey; v: string | number | null; show?: string }) {
  const { addFilter } = useCtx();
  if (v === null || v === '') return <span class="muted">—</span>;
  return <button type="button" class="link val" data-filter-key={k} data-value={String(v)} title={`filter ${k} = ${String(v)}`} onClick={(e) => { e.stopPropagation(); addFilter(k, String(v)); }}>{show ?? String(v)}</button>;
}

function EventTable({ items, open }: { items: EventRow[]; open: (id: number) => void }) {
  return (
    <table class="grid-table records" data-table="events">
      <thead><tr><th>Time (UTC)</th><th>Source</th><th>Account</th><th>Region</th><th>Event / action</th><th>User</th><th>Source IP</th><th>Destination</th><th>Protocol</th><th class="num">Bytes</th><th /></tr></thead>
      <tbody>
        {items.map((e) => (
          <tr key={e.id} data-event={e.id} onClick={() => open(e.id)}>
            <td class="nowrap">{formatTime(e.time)}</td>
            <td><Val k="source" v={e.source} /></td>
            <td><Val k="account" v={e.account} /></td>
            <td><Val k="region" v={e.region} /></td>
            <td>{e.eventName !== null && <Val k="eventName" v={e.eventName} />} {e.action !== null && <Val k="action" v={e.action} />}</td>
            <td><Val k="user" v={e.user} /></td>
            <td><Val k="ip" v={e.srcIp} />{e.srcPort !== null && <>:<Val k="port" v={e.srcPort} /></>}</td>
            <td><Val k="ip" v={e.dstIp} />{e.dstPort !== null && <>:<Val k="port" v={e.dstPort} /></>}</td>
            <td>{e.protocol !== null && <Val k="protocol" v={e.protocol} show={protocolName(e.protocol)} />}</td>
            <td class="num">{e.bytes === null ? '' : formatBytes(e.bytes)}</td>
            <td><button type="button" class="link" onClick={(ev) => { ev.stopPropagation(); open(e.id); }}>details</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AlertTable({ items, open }: { items: AlertRow[]; open: (seq: number) => void }) {
  return (
    <table class="grid-table records" data-table="alerts">
      <thead><tr><th>Time (UTC)</th><th>Source</th><th>Rule description</th><th class="num">Level</th><th>Rule id</th><th>User</th><th>Source IP</th><th /></tr></thead>
      <tbody>
        {items.map((a) => (
          <tr key={a.seq} data-alert={a.seq} onClick={() => open(a.seq)}>
            <td class="nowrap">{formatTime(a.time ?? a.timestamp)}</td>
            <td><Val k="source" v={a.source} /></td>
            <td>{a.description}</td>
            <td class="num"><span class={`level l${Math.min(a.level, 15)}`}>{a.level}</span></td>
            <td><Val k="ruleId" v={a.ruleId} /></td>
            <td><Val k="user" v={a.user} /></td>
            <td><Val k="ip" v={a.srcIp} /></td>
            <td><button type="button" class="link" onClick={(ev) => { ev.stopPropagation(); open(a.seq); }}>details</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The events and alerts view. */
export function Events() {
  const { state, update, tick } = useCtx();
  const [pages, setPages] = useState<{ items: (EventRow | AlertRow)[]; next: string | null; loading: boolean; error?: string }>({ items: [], next: null, loading: true });
  const filter = apiFilter(state);
  const path = state.tab === 'alerts' ? '/api/alerts' : '/api/events';
  const key = `${path}|${JSON.stringify(filter)}|${tick}`;
  useEffect(() => {
    const abort = new AbortController();
    setPages((p) => ({ ...p, loading: true }));
    get<Page<EventRow | AlertRow>>(path, { ...filter, limit: PAGE }, abort.signal).then(
      (page) => setPages({ items: page.items, next: page.next, loading: false }),
      (err: unknown) => { if (!abort.signal.aborted) setPages({ items: [], next: null, loading: false, error: err instanceof Error ? err.message : String(err) }); },
    );
    return () => abort.abort();
  }, [key]);
  const more = (): void => {
    if (pages.next === null) return;
    setPages((p) => ({ ...p, loading: true }));
    get<Page<EventRow | AlertRow>>(path, { ...filter, limit: PAGE, cursor: pages.next }).then(
      (page) => setPages((p) => ({ items: [...p.items, ...page.items], next: page.next, loading: false })),
      (err: unknown) => setPages((p) => ({ ...p, loading: false, error: err instanceof Error ? err.message : String(err) })),
    );
  };
  return (
    <div class="events-view">
      <div class="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={state.tab === 'events'} onClick={() => update({ tab: 'events', open: undefined })}>Events</button>
        <button type="button" role="tab" aria-selected={state.tab === 'alerts'} onClick={() => update({ tab: 'alerts', open: undefined })}>Alerts</button>
        <span class="muted count" data-count={pages.items.length}>{pages.loading ? 'Loading…' : `${pages.items.length.toLocaleString('en-US')}${pages.next !== null ? '+' : ''} ${state.tab}`}</span>
      </div>
      {pages.error !== undefined && <p class="error">{pages.error}</p>}
      {!pages.loading && pages.items.length === 0 && pages.error === undefined && <p class="muted empty" data-empty>No {state.tab} match these filters in this range.</p>}
      <div class="table-wrap">
        {state.tab === 'alerts'
          ? <AlertTable items={pages.items as AlertRow[]} open={(seq) => update({ open: `a${seq}` })} />
          : <EventTable items={pages.items as EventRow[]} open={(id) => update({ open: `e${id}` })} />}
      </div>
      {pages.next !== null && <button type="button" class="more" onClick={more} disabled={pages.loading}>Load {PAGE} more</button>}
      {state.open !== undefined && <Drawer open={state.open} onClose={() => update({ open: undefined })} />}
    </div>
  );
}
