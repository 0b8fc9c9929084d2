/**
 * VPC flows: traffic over time with its peaks marked, brushing to narrow the range, the top
 * talkers, ports and protocols of the range, and a pivot from an IP to every event of that IP.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { Chart } from '../components/chart.tsx';
import { Panel } from '../components/panel.tsx';
import { TermsTable } from '../components/terms-table.tsx';
import { useCtx } from '../context.ts';
import { useApi } from '../hooks.ts';
import { hasData } from '../charts.ts';
import { formatBytes, formatCount, protocolName } from '../format.ts';
import { findPeaks, total } from '../peaks.ts';
import { apiFilter } from '../state.ts';
import type { FilterKey } from '../state.ts';
import type { HistogramResult, StatsResult, TermsResult } from '../api.ts';
import { formatTime } from '../time.ts';

const VPC = { source: ['vpc'] };
const ACTION_COLORS: Record<string, string> = { ACCEPT: '#16a34a', REJECT: '#dc2626', other: '#9ca3af' };
const K = 3;
const COLUMN = { srcIp: 'Source IP', dstIp: 'Destination IP', pair: 'Source → destination', dstPort: 'Port', protocol: 'Protocol', action: 'Action' } as const;

function trafficOption(h: HistogramResult, metric: 'bytes' | 'packets' | 'count', peaks: number[]): EChartsCoreOption {
  const fmt = metric === 'bytes' ? formatBytes : formatCount;
  const half = h.interval / 2;
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmt(Number(v)) },
    legend: { top: 0 },
    grid: { left: 64, right: 16, top: 32, bottom: 28 },
    toolbox: { show: false },
    brush: { xAxisIndex: 0, brushType: 'lineX', brushMode: 'single', throttleType: 'debounce', transformable: false, outOfBrush: { colorAlpha: 0.3 } },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmt(v) } },
    series: h.series.map((s, n) => ({
      name: s.name, type: 'bar', stack: 'all', barCategoryGap: '10%', color: ACTION_COLORS[s.name], data: s.values.map((v, i) => [h.times[i]! + half, v]),
      markArea: n === 0 && peaks.length > 0 ? {
        silent: true, itemStyle: { color: 'rgba(250, 204, 21, 0.25)' },
        data: peaks.map((i) => [{ xAxis: h.times[i]! }, { xAxis: h.times[i]! + h.interval }]),
      } : undefined,
    })),
  };
}

function TrafficChart({ metric, title }: { metric: 'bytes' | 'packets' | 'count'; title: string }) {
  const { state, tick, dark, update } = useCtx();
  const r = useApi<HistogramResult>('/api/aggregate/events', { ...apiFilter(state, VPC), kind: 'histogram', metric, split: 'action', splitSize: 2, buckets: 96 }, tick);
  const sums = r.data === undefined ? [] : total(r.data.series);
  const { peaks, threshold } = findPeaks(sums, K);
  const fmt = metric === 'bytes' ? formatBytes : formatCount;
  const note = r.data === undefined ? undefined
    : `${peaks.length} peak${peaks.length === 1 ? '' : 's'} (shaded): ${Math.round(r.data.interval / 60000)}-minute buckets above mean + ${K}σ = ${fmt(Math.round(threshold))}. Drag across the chart to narrow the view.`;
  return (
    <Panel title={title} id={`traffic-${metric}`} wide={metric === 'bytes'} note={note} loading={r.loading} error={r.error} empty={!hasData(r.data)}>
      {r.data && (
        <>
          <Chart label={title} dark={dark} height={metric === 'bytes' ? 260 : 200} brush option={trafficOption(r.data, metric, peaks)}
            onBrush={([from, to]) => update({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), rangeSet: true })} />
          {metric === 'bytes' && peaks.length > 0 && (
            <p class="peaks" data-peaks={peaks.length}>
              Peaks:{' '}
              {peaks.map((i) => (
                <button type="button" class="link" key={i} data-peak={r.data!.times[i]} onClick={() => update({ from: new Date(r.data!.times[i]!).toISOString(), to: new Date(r.data!.times[i]! + r.data!.interval).toISOString(), rangeSet: true })}>
                  {formatTime(r.data!.times[i]!)} ({formatBytes(sums[i]!)})
                </button>
              ))}
            </p>
          )}
        </>
      )}
    </Panel>
  );
}

function Top({ title, field, metric, pivot = false }: { title: string; field: 'srcIp' | 'dstIp' | 'pair' | 'dstPort' | 'protocol' | 'action'; metric: 'bytes' | 'count'; pivot?: boolean }) {
  const { state, tick, update, addFilter } = useCtx();
  const r = useApi<TermsResult>('/api/aggregate/events', { ...apiFilter(state, VPC), kind: 'terms', field, size: 10, metric }, tick);
  const pick = (key: string): void => {
    if (pivot) {
      // The pivot: every AWS event and alert of this address, whatever its source.
      const ips = field === 'pair' ? key.split(' → ') : [key];
      update({ view: 'events', tab: 'events', filters: { ...state.filters, ip: ips } });
    } else {
      addFilter(field as FilterKey, key);
    }
  };
  return (
    <Panel title={title} id={`top-${field}`} loading={r.loading} error={r.error} empty={!hasData(r.data)}>
      {r.data && <TermsTable terms={r.data} label={title} column={COLUMN[field]} valueColumn={metric === 'bytes' ? 'Bytes' : 'Flows'} format={metric === 'bytes' ? formatBytes : formatCount} keyFormat={field === 'protocol' ? protocolName : undefined}
        onPick={pick} pickTitle={pivot ? 'Show every event and alert of this IP' : 'Add as a filter'} />}
    </Panel>
  );
}

function Totals() {
  const { state, tick } = useCtx();
  const r = useApi<StatsResult>('/api/aggregate/events', { ...apiFilter(state, VPC), kind: 'stats', distinct: ['srcIp', 'dstIp', 'dstPort'] }, tick);
  const d = r.data;
  return (
    <div class="stats" data-panel="vpc-totals" data-state={d ? 'ready' : 'loading'}>
      {d && ([['Flows', formatCount(d.count)], ['Bytes', formatBytes(d.bytes)], ['Packets', formatCount(d.packets)], ['Sources', formatCount(d.distinct.srcIp ?? 0)], ['Destinations', formatCount(d.distinct.dstIp ?? 0)], ['Ports', formatCount(d.distinct.dstPort ?? 0)]] as const).map(([k, v]) => (
        <div class="stat" key={k}><span class="muted">{k}</span><strong>{v}</strong></div>
      ))}
    </div>
  );
}

/** The VPC flows view. */
export function Vpc() {
  return (
    <div class="grid">
      <Totals />
      <TrafficChart metric="bytes" title="Bytes over time (accepted / rejected)" />
      <TrafficChart metric="packets" title="Packets over time" />
      <TrafficChart metric="count" title="Flows over time" />
      <Top title="Top sources by bytes" field="srcIp" metric="bytes" pivot />
      <Top title="Top destinations by bytes" field="dstIp" metric="bytes" pivot />
      <Top title="Top pairs by bytes" field="pair" metric="bytes" pivot />
      <Top title="Top destination ports (flows)" field="dstPort" metric="count" />
      <Top title="Protocols (flows)" field="protocol" metric="count" />
      <Top title="Accepted vs rejected (flows)" field="action" metric="count" />
    </div>
  );
}
