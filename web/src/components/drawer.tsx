/** The detail drawer: an event's message and its alerts, or an alert's JSON — as text. */
import { useEffect } from 'preact/hooks';
import type { AlertRow, EventRow } from '../api.ts';
import { useCtx } from '../context.ts';
import { useApi } from '../hooks.ts';
import { formatTime } from '../time.ts';

type EventDetail = { event: EventRow; message: unknown; alerts: AlertRow[] };
type AlertDetail = { alert: AlertRow; json: unknown };

/** Opens `e<id>` or `a<seq>`. */
export function Drawer({ open, onClose }: { open: string; onClose: () => void }) {
  const { update } = useCtx();
  const isEvent = open.startsWith('e');
  const id = open.slice(1);
  const ev = useApi<EventDetail>(isEvent ? `/api/events/${id}` : null, {}, 0);
  const al = useApi<AlertDetail>(isEvent ? null : `/api/alerts/${id}`, {}, 0);
  useEffect(() => {
    const key = (e: KeyboardEvent): void => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [onClose]);
  const error = ev.error ?? al.error;
  return (
    <div class="drawer" role="dialog" aria-label={isEvent ? `event ${id}` : `alert ${id}`} data-drawer={open}>
      <header>
        <h2>{isEvent ? `Event ${id}` : `Alert ${id}`}</h2>
        <button type="button" aria-label="close" onClick={onClose}>×</button>
      </header>
      {error !== undefined && <p class="error">{error}</p>}
      {ev.data && (
        <>
          <p class="muted">{formatTime(ev.data.event.time)} · {ev.data.event.bucket} · <span class="break">{ev.data.event.key}</span></p>
          <h3>Alerts on this event ({ev.data.alerts.length})</h3>
          {ev.data.alerts.length === 0 ? <p class="muted">None.</p> : (
            <ul class="linked">
              {ev.data.alerts.map((a) => (
                <li key={a.seq}><button type="button" class="link" onClick={() => update({ open: `a${a.seq}`, tab: 'alerts' })}>{a.ruleId}</button> level {a.level}: {a.description}</li>
              ))}
            </ul>
          )}
          <h3>Message</h3>
          <pre class="json" data-json>{JSON.stringify(ev.data.message, null, 2)}</pre>
        </>
      )}
      {al.data && (
        <>
          <p><button type="button" class="link" onClick={() => update({ open: `e${al.data!.alert.eventId}`, tab: 'events' })}>Show its event ({al.data.alert.eventId})</button></p>
          <pre class="json" data-json>{JSON.stringify(al.data.json, null, 2)}</pre>
        </>
      )}
    </div>
  );
}
