/** Overview: the Wazuh AWS module's panels (donuts, events over time, map) and the alert panels. */
import { Chart } from '../components/chart.tsx';
import { Panel } from '../components/panel.tsx';
import { TermsTable } from '../components/terms-table.tsx';
import { useCtx } from '../context.ts';
import { useApi } from '../hooks.ts';
import { donut, hasData, timeSeries } from '../charts.ts';
import { apiFilter } from '../state.ts';
import type { FilterKey } from '../state.ts';
import type { AlertRow, HistogramResult, Page, TermsResult } from '../api.ts';
import { WorldMap } from './world-map.tsx';

const DONUTS: [string, FilterKey][] = [['Sources', 'source'], ['Accounts', 'account'], ['Buckets', 'bucket'], ['Regions', 'region']];
const LEVEL_COLORS: Record<string, string> = {};
for (let l = 0; l <= 16; l++) LEVEL_COLORS[String(l)] = l >= 12 ? '#dc2626' : l >= 7 ? '#f59e0b' : l >= 4 ? '#3b82f6' : '#9ca3af';

function DonutPanel({ title, field }: { title: string; field: FilterKey }) {
  const { state, tick, dark, addFilter } = useCtx();
  const r = useApi<TermsResult>('/api/aggregate/events', { ...apiFilter(state), kind: 'terms', field, size: 5 }, tick);
  return (
    <Panel title={title} id={`donut-${field}`} loading={r.loading} error={r.error} empty={!hasData(r.data)}>
      {r.data && <Chart label={title} dark={dark} height={190} option={donut(r.data)} onPick={(name) => { if (name !== '(other)') addFilter(field, name); }} />}
    </Panel>
  );
}

function HistogramPanel({ title, id, target, split, extra = {} }: { title: string; id: string; target: 'events' | 'alerts'; split: string; extra?: Record<string, number> }) {
  const { state, tick, dark } = useCtx();
  const r = useApi<HistogramResult>(`/api/aggregate/${target}`, { ...apiFilter(state), kind: 'histogram', split, splitSize: 5, buckets: 60, ...extra }, tick);
  return (
    <Panel title={title} id={id} loading={r.loading} error={r.error} empty={!hasData(r.data)} emptyText={target === 'alerts' ? 'No alerts in this range' : undefined}>
      {r.data && <Chart label={title} dark={dark} option={timeSeries(r.data, { kind: target === 'alerts' ? 'bar' : 'area', colors: split === 'level' ? LEVEL_COLORS : undefined })} />}
    </Panel>
  );
}

const TERM_COLUMNS = { ruleId: 'Rule id', mitre: 'Technique', tactic: 'Tactic' } as const;

function TopAlertTerms({ title, field, filterKey }: { title: string; field: keyof typeof TERM_COLUMNS; filterKey: FilterKey }) {
  const { state, tick, addFilter, update } = useCtx();
  const r = useApi<TermsResult>('/api/aggregate/alerts', { ...apiFilter(state), kind: 'terms', field, size: 10 }, tick);
  return (
    <Panel title={title} id={`top-${field}`} loading={r.loading} error={r.error} empty={!hasData(r.data)} emptyText="No alerts in this range">
      {r.data && <TermsTable terms={r.data} label={title} column={TERM_COLUMNS[field]} onPick={(k) => { addFilter(filterKey, k); update({ view: 'events', tab: 'alerts' }); }} pickTitle="Show these alerts" />}
    </Panel>
  );
}

/** The Wazuh "Alerts summary": rule id, description, level and count (from the newest 1000 alerts of the range). */
function AlertsSummary() {
  const { state, tick, addFilter } = useCtx();
  const r = useApi<Page<AlertRow>>('/api/alerts', { ...apiFilter(state), limit: 1000 }, tick);
  const rows = new Map<string, { ruleId: string; description: string; level: number; count: number }>();
  for (const a of r.data?.items ?? []) {
    const key = `${a.ruleId}\u0000${a.level}`;
    const row = rows.get(key) ?? { ruleId: a.ruleId, description: a.description ?? '', level: a.level, count: 0 };
    row.count++;
    rows.set(key, row);
  }
  const sorted = [...rows.values()].sort((x, y) => y.count - x.count || y.level - x.level);
  return (
    <Panel title="Alerts summary" id="alerts-summary" note={r.data?.next != null ? 'Counted over the newest 1,000 alerts of the range.' : undefined} loading={r.loading} error={r.error} empty={sorted.length === 0} emptyText="No alerts in this range" wide>
      <table class="grid-table">
        <thead><tr><th>Rule</th><th>Description</th><th class="num">Level</th><th class="num">Count</th></tr></thead>
        <tbody>
          {sorted.slice(0, 15).map((row) => (
            <tr key={`${row.ruleId}-${row.level}`}>
              <td><button type="button" class="link" onClick={() => addFilter('ruleId', row.ruleId)}>{row.ruleId}</button></td>
              <td>{row.description}</td><td class="num"><span class={`level l${Math.min(row.level, 15)}`}>{row.level}</span></td><td class="num">{row.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

/** The overview view. */
export function Overview() {
  return (
    <div class="grid">
      {DONUTS.map(([title, field]) => <DonutPanel key={field} title={title} field={field} />)}
      <HistogramPanel title="Events by source over time" id="events-by-source" target="events" split="source" />
      <HistogramPanel title="Events by bucket over time" id="events-by-bucket" target="events" split="bucket" />
      <WorldMap />
      <HistogramPanel title="Alert levels over time" id="alert-levels" target="alerts" split="level" extra={{ splitSize: 10 }} />
      <TopAlertTerms title="Top rules" field="ruleId" filterKey="ruleId" />
      <TopAlertTerms title="Top MITRE ATT&CK tactics" field="tactic" filterKey="tactic" />
      <TopAlertTerms title="Top MITRE ATT&CK techniques" field="mitre" filterKey="mitre" />
      <AlertsSummary />
    </div>
  );
}
