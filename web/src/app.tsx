/**
 * The dashboard shell: sign-in when the server asks for it, the header (views, search, time
 * picker, theme), the filter pills, the view, and the polls (auto-refresh and new alerts).
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { get } from './api.ts';
import type { AlertRow, EventRow, Page } from './api.ts';
import { Pills } from './components/pills.tsx';
import { SignIn } from './components/sign-in.tsx';
import { TimePicker } from './components/time-picker.tsx';
import { AppContext } from './context.ts';
import type { Ctx } from './context.ts';
import { addFilter, DEFAULT_FROM, formatState, parseState } from './state.ts';
import type { FilterKey, UrlState, View } from './state.ts';
import { resolveTime } from './time.ts';
import { CloudTrail } from './views/cloudtrail.tsx';
import { Events } from './views/events.tsx';
import { Overview } from './views/overview.tsx';
import { Vpc } from './views/vpc.tsx';

const NAV: [View, string][] = [['overview', 'Overview'], ['events', 'Events and alerts'], ['vpc', 'VPC flows'], ['cloudtrail', 'CloudTrail']];
const ALERT_POLL_MS = 5000;

function useTheme(): [boolean, () => void] {
  const initial = localStorage.getItem('awsmon-theme') ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
  const [dark, setDark] = useState(initial === 'dark');
  useEffect(() => {
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    localStorage.setItem('awsmon-theme', dark ? 'dark' : 'light');
  }, [dark]);
  return [dark, () => setDark((d) => !d)];
}

/**
 * The default range is the last 7 days; when the newest stored event is older than that (a
 * backfill, or an old demo), it jumps to the 7 days that end at the newest event, and says so.
 */
async function dataRange(): Promise<{ from: string; to: string } | undefined> {
  const newest = await get<Page<EventRow>>('/api/events', { limit: 1 });
  const time = newest.items[0]?.time;
  if (time === undefined || time === null) return undefined;
  const last = Date.parse(time.endsWith('Z') ? time : `${time}Z`);
  if (!Number.isFinite(last) || last >= resolveTime(DEFAULT_FROM)) return undefined;
  const to = Math.ceil((last + 1) / 3_600_000) * 3_600_000;
  return { from: new Date(to - 7 * 86_400_000).toISOString(), to: new Date(to).toISOString() };
}

function Dashboard({ dark, toggleTheme }: { dark: boolean; toggleTheme: () => void }) {
  const [state, setState] = useState<UrlState>(() => parseState(location.search));
  const [tick, setTick] = useState(0);
  const [jumped, setJumped] = useState(false);
  const [newAlerts, setNewAlerts] = useState(0);
  const [search, setSearch] = useState(state.q);

  const update = useCallback((patch: Partial<UrlState>, replace = false) => {
    setState((s) => {
      const next = { ...s, ...patch };
      const url = formatState(next);
      if (url !== location.search) {
        if (replace) history.replaceState(null, '', url);
        else history.pushState(null, '', url);
      }
      return next;
    });
  }, []);

  useEffect(() => {
    const pop = (): void => setState(parseState(location.search));
    window.addEventListener('popstate', pop);
    if (location.search === '') history.replaceState(null, '', formatState(state));
    return () => window.removeEventListener('popstate', pop);
  }, []);

  useEffect(() => setSearch(state.q), [state.q]);

  useEffect(() => {
    if (state.rangeSet) return;
    dataRange().then((range) => {
      if (range !== undefined) {
        setJumped(true);
        update({ ...range, rangeSet: true }, true);
      }
    }, () => undefined);
  }, []);

  useEffect(() => {
    if (state.refresh === 0) return undefined;
    const timer = setInterval(() => setTick((t) => t + 1), state.refresh * 1000);
    return () => clearInterval(timer);
  }, [state.refresh]);

  // New alerts: poll for alerts stored after the newest one seen; the views reload when some arrive.
  useEffect(() => {
    let last: number | undefined;
    let stopped = false;
    const poll = async (): Promise<void> => {
      if (last === undefined) {
        last = (await get<{ lastAlertSeq: number }>('/api/status')).lastAlertSeq;
        return;
      }
      const page = await get<Page<AlertRow>>('/api/alerts', { afterSeq: last, limit: 1000 });
      if (stopped || page.items.length === 0) return;
      last = Math.max(last, ...page.items.map((a) => a.seq));
      setNewAlerts((n) => n + page.items.length);
      setTick((t) => t + 1);
    };
    const run = (): void => void poll().catch(() => undefined);
    run();
    const timer = setInterval(run, ALERT_POLL_MS);
    return () => { stopped = true; clearInterval(timer); };
  }, []);

  const ctx: Ctx = useMemo(() => ({
    state, update, tick, dark,
    addFilter: (key: FilterKey, value: string) => update({ filters: addFilter(state.filters, key, value) }),
  }), [state, update, tick, dark]);

  const View = { overview: Overview, events: Events, vpc: Vpc, cloudtrail: CloudTrail }[state.view];
  return (
    <AppContext.Provider value={ctx}>
      <header class="top">
        <span class="brand">awsmon</span>
        <nav>
          {NAV.map(([v, label]) => (
            <a key={v} href={formatState({ ...state, view: v, open: undefined })} aria-current={state.view === v ? 'page' : undefined} data-view={v}
              onClick={(e) => { e.preventDefault(); update({ view: v, open: undefined }); }}>{label}</a>
          ))}
        </nav>
        <form class="search" role="search" onSubmit={(e) => { e.preventDefault(); update({ q: search.trim() }); }}>
          <input type="search" name="q" placeholder="Search (user, IP, event, bucket…)" value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} aria-label="free text search" />
        </form>
        <TimePicker />
        {newAlerts > 0 && (
          <button type="button" class="new-alerts" data-new-alerts={newAlerts} onClick={() => { setNewAlerts(0); update({ view: 'events', tab: 'alerts' }); }}>
            {newAlerts} new alert{newAlerts === 1 ? '' : 's'}
          </button>
        )}
        <button type="button" class="theme" onClick={toggleTheme} aria-label="toggle dark theme" data-theme-toggle>{dark ? '☀' : '☾'}</button>
      </header>
      <div class="subbar">
        <Pills />
        {jumped && <p class="jumped" data-jumped>No events in the last 7 days: showing the 7 days up to the newest event.</p>}
      </div>
      <main class={`view view-${state.view}`} data-current-view={state.view}>
        <View />
      </main>
    </AppContext.Provider>
  );
}

/** The app: asks /api/auth first. */
export function App() {
  const [dark, toggleTheme] = useTheme();
  const [auth, setAuth] = useState<'checking' | 'required' | 'ok'>('checking');
  const [error, setError] = useState<string | undefined>();
  const check = (): void => {
    get<{ required: boolean; signedIn: boolean }>('/api/auth').then(
      (a) => setAuth(a.required && !a.signedIn ? 'required' : 'ok'),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  };
  useEffect(check, []);
  if (error !== undefined) return <p class="error">Cannot reach the awsmon API: {error}</p>;
  if (auth === 'checking') return <p class="muted">Loading…</p>;
  if (auth === 'required') return <SignIn onSignedIn={() => setAuth('ok')} />;
  return <Dashboard dark={dark} toggleTheme={toggleTheme} />;
}
