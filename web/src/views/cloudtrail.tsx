/**
 * CloudTrail: who acts and what they call, errors and access denied over time, console sign-ins,
 * and the proof-of-concept scenarios (IAM user created, VPC created, VPC creation denied).
 * The `action` column holds a record's errorCode, or a ConsoleLogin's outcome (Success/Failure).
 */
import { Chart } from '../components/chart.tsx';
import { Panel } from '../components/panel.tsx';
import { TermsTable } from '../components/terms-table.tsx';
import { useCtx } from '../context.ts';
import { useApi } from '../hooks.ts';
import { hasData, timeSeries } from '../charts.ts';
import { apiFilter } from '../state.ts';
import type { Filters } from '../state.ts';
import type { EventRow, HistogramResult, Page, TermsResult } from '../api.ts';
import { formatTime } from '../time.ts';
import { Val } from './events.tsx';

const TRAIL: Filters = { source: ['cloudtrail'] };
/** Error codes that mean "not allowed" (IAM, EC2's Client. prefix, STS, KMS, S3). */
const DENIED = ['AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedOperation', 'Client.UnauthorizedAccess', 'UnauthorizedAccess', 'InvalidClientTokenId', 'SignatureDoesNotMatch'];

function Top({ title, field, pivot = false }: { title: string; field: 'user' | 'eventName' | 'srcIp'; pivot?: boolean }) {
  const { state, tick, addFilter, update } = useCtx();
  const r = useApi<TermsResult>('/api/aggregate/events', { ...apiFilter(state, TRAIL), kind: 'terms', field, size: field === 'srcIp' ? 15 : 10 }, tick);
  const pick = (key: string): void => {
    if (pivot) update({ view: 'events', tab: 'events', filters: { ...state.filters, ip: [key] } });
    else addFilter(field, key);
  };
  return (
    <Panel title={title} id={`ct-${field}`} loading={r.loading} error={r.error} empty={!hasData(r.data)}>
      {r.data && <TermsTable terms={r.data} label={title} column={{ user: 'User or role', eventName: 'Event name', srcIp: 'Source IP' }[field]} onPick={pick} pickTitle={pivot ? 'Show every event and alert of this IP' : 'Add as a filter'} />}
    </Panel>
  );
}

function OverTime({ title, id, extra, drop = [], colors }: { title: string; id: string; extra: Filters; drop?: string[]; colors?: Record<string, string> }) {
  const { state, tick, dark } = useCtx();
  const r = useApi<HistogramResult>('/api/aggregate/events', { ...apiFilter(state, { ...TRAIL, ...extra }), kind: 'histogram', split: 'action', splitSize: 6, buckets: 60 }, tick);
  const data = r.data === undefined ? undefined : { ...r.data, series: r.data.series.filter((s) => !drop.includes(s.name) && s.name !== 'other') };
  return (
    <Panel title={title} id={id} loading={r.loading} error={r.error} empty={!hasData(data)}>
      {data && <Chart label={title} dark={dark} height={200} option={timeSeries(data, { kind: 'bar', colors })} />}
    </Panel>
  );
}

function EventList({ title, id, extra, label, note }: { title: string; id: string; extra: Filters; label: (e: EventRow) => string; note?: string }) {
  const { state, tick, update } = useCtx();
  const r = useApi<Page<EventRow>>('/api/events', { ...apiFilter(state, { ...TRAIL, ...extra }), limit: 50 }, tick);
  const items = r.data?.items ?? [];
  return (
    <Panel title={title} id={id} note={note} loading={r.loading} error={r.error} empty={items.length === 0} wide>
      <div class="table-wrap short">
        <table class="grid-table">
          <thead><tr><th>Time (UTC)</th><th>What</th><th>Event</th><th>User</th><th>Source IP</th><th>Account</th><th>Region</th><th /></tr></thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} data-event={e.id}>
                <td class="nowrap">{formatTime(e.time)}</td><td><strong>{label(e)}</strong></td><td><Val k="eventName" v={e.eventName} /></td>
                <td><Val k="user" v={e.user} /></td><td><Val k="ip" v={e.srcIp} /></td><td><Val k="account" v={e.account} /></td><td><Val k="region" v={e.region} /></td>
                <td><button type="button" class="link" onClick={() => update({ view: 'events', tab: 'events', open: `e${e.id}` })}>details</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

function scenario(e: EventRow): string {
  if (e.eventName === 'CreateUser') return e.action === null ? 'IAM user created' : `IAM user creation failed (${e.action})`;
  if (e.eventName === 'CreateVpc') return e.action === null ? 'VPC created' : DENIED.includes(e.action) ? 'VPC creation denied' : `VPC creation failed (${e.action})`;
  return e.eventName ?? '';
}

/** The CloudTrail view. */
export function CloudTrail() {
  return (
    <div class="grid">
      <Top title="Top users and roles" field="user" />
      <Top title="Top event names" field="eventName" />
      <Top title="Top source IPs" field="srcIp" pivot />
      <OverTime title="Errors over time (by error code)" id="ct-errors" extra={{}} drop={['Success']} />
      <OverTime title="Access denied over time" id="ct-denied" extra={{ action: DENIED }} />
      <OverTime title="Console sign-ins (success / failure)" id="ct-logins" extra={{ eventName: ['ConsoleLogin'] }} colors={{ Success: '#16a34a', Failure: '#dc2626' }} />
      <EventList title="Proof-of-concept scenarios: IAM user created, VPC created, VPC creation denied" id="ct-scenarios" extra={{ eventName: ['CreateUser', 'CreateVpc'] }} label={scenario} />
      <EventList title="Console sign-ins" id="ct-login-list" extra={{ eventName: ['ConsoleLogin'] }} label={(e) => e.action ?? 'ConsoleLogin'} />
    </div>
  );
}
