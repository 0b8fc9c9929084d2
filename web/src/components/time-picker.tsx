/** The time range: quick ranges, an absolute from/to (UTC), and auto-refresh. */
import { useEffect, useState } from 'preact/hooks';
import { useCtx } from '../context.ts';
import { fromLocalInput, QUICK_RANGES, rangeLabel, resolveTime, toLocalInput } from '../time.ts';

const REFRESH = [[0, 'Off'], [10, '10 s'], [30, '30 s'], [60, '1 min'], [300, '5 min']] as const;

/** The picker in the header. */
export function TimePicker() {
  const { state, update } = useCtx();
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  useEffect(() => {
    setFrom(toLocalInput(resolveTime(state.from)));
    setTo(toLocalInput(resolveTime(state.to)));
  }, [state.from, state.to, open]);
  const apply = (e: Event): void => {
    e.preventDefault();
    const f = fromLocalInput(from);
    const t = fromLocalInput(to);
    if (f !== undefined && t !== undefined && Date.parse(t) > Date.parse(f)) {
      update({ from: f, to: t, rangeSet: true });
      setOpen(false);
    }
  };
  return (
    <div class="time-picker">
      <button type="button" class="range-button" data-range onClick={() => setOpen(!open)} aria-expanded={open}>{rangeLabel(state.from, state.to)}</button>
      <label class="refresh">
        Refresh
        <select value={state.refresh} onChange={(e) => update({ refresh: Number((e.target as HTMLSelectElement).value) }, true)} aria-label="auto-refresh">
          {REFRESH.map(([s, label]) => <option key={s} value={s}>{label}</option>)}
        </select>
      </label>
      {open && (
        <div class="popover" role="dialog" aria-label="time range">
          <div class="quick">
            {QUICK_RANGES.map((r) => (
              <button type="button" key={r.from} class="link" onClick={() => { update({ from: r.from, to: 'now', rangeSet: true }); setOpen(false); }}>{r.label}</button>
            ))}
          </div>
          <form onSubmit={apply} class="absolute">
            <label>From (UTC) <input type="datetime-local" name="from" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} required /></label>
            <label>To (UTC) <input type="datetime-local" name="to" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} required /></label>
            <button type="submit">Apply</button>
          </form>
        </div>
      )}
    </div>
  );
}
