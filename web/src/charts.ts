/** ECharts options of the dashboard's chart kinds, built from API results. */
import type { EChartsCoreOption } from 'echarts/core';
import type { HistogramResult, TermsResult } from './api.ts';

/** A donut of a terms result (with the rest as "other"). */
export function donut(terms: TermsResult): EChartsCoreOption {
  const data = terms.buckets.map((b) => ({ name: b.key, value: b.value }));
  if (terms.other > 0) data.push({ name: '(other)', value: terms.other });
  return {
    tooltip: { trigger: 'item' },
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle', width: '45%', textStyle: { overflow: 'truncate', width: 130 } },
    series: [{ type: 'pie', radius: ['45%', '72%'], center: ['28%', '50%'], label: { show: false }, data }],
  };
}

/** Stacked areas (or bars) over time, one series per split value. */
export function timeSeries(h: HistogramResult, opts: { kind?: 'area' | 'bar'; colors?: Record<string, string>; valueFormat?: (v: number) => string } = {}): EChartsCoreOption {
  const kind = opts.kind ?? 'area';
  return {
    tooltip: { trigger: 'axis', valueFormatter: opts.valueFormat },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 56, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', minInterval: 1, ...(opts.valueFormat === undefined ? {} : { axisLabel: { formatter: opts.valueFormat } }) },
    series: h.series.map((s) => ({
      name: s.name, type: kind === 'bar' ? 'bar' : 'line', stack: 'all', areaStyle: kind === 'area' ? {} : undefined, showSymbol: false,
      barMaxWidth: 24, color: opts.colors?.[s.name], data: s.values.map((v, i) => [h.times[i], v]),
    })),
  };
}

/** Whether a terms or histogram result holds any data. */
export function hasData(r: TermsResult | HistogramResult | undefined): boolean {
  if (r === undefined) return false;
  if (r.kind === 'terms') return r.buckets.length > 0;
  return r.series.some((s) => s.values.some((v) => v > 0));
}
