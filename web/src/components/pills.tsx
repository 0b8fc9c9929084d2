/** The active filters as removable pills. */
import { useCtx } from '../context.ts';
import { FILTER_KEYS, removeFilter } from '../state.ts';

const LABELS: Record<string, string> = {
  source: 'source', account: 'account', region: 'region', bucket: 'bucket', eventName: 'event', user: 'user', ip: 'IP', srcIp: 'src IP',
  dstIp: 'dst IP', port: 'port', srcPort: 'src port', dstPort: 'dst port', protocol: 'protocol', action: 'action', ruleId: 'rule',
  group: 'group', mitre: 'MITRE', tactic: 'tactic',
};

/** Pills for every filter value, the free text and the minimum level. */
export function Pills() {
  const { state, update } = useCtx();
  const pills: { key: string; label: string; value: string; remove: () => void }[] = [];
  for (const key of FILTER_KEYS) {
    for (const value of state.filters[key] ?? []) pills.push({ key, label: LABELS[key] ?? key, value, remove: () => update({ filters: removeFilter(state.filters, key, value) }) });
  }
  if (state.q !== '') pills.push({ key: 'q', label: 'text', value: state.q, remove: () => update({ q: '' }) });
  if (state.minLevel !== undefined) pills.push({ key: 'minLevel', label: 'level ≥', value: String(state.minLevel), remove: () => update({ minLevel: undefined }) });
  if (pills.length === 0) return <div class="pills empty-pills">No filters: click any value to add one.</div>;
  return (
    <div class="pills">
      {pills.map((p) => (
        <span class="pill" key={`${p.key}=${p.value}`} data-filter={p.key} data-value={p.value}>
          <span class="pill-key">{p.label}</span> <span class="pill-value">{p.value}</span>
          <button type="button" aria-label={`remove filter ${p.label} ${p.value}`} onClick={p.remove}>×</button>
        </span>
      ))}
      <button type="button" class="link" onClick={() => update({ filters: {}, q: '', minLevel: undefined })}>clear all</button>
    </div>
  );
}
