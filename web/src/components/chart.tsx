/**
 * One ECharts chart. Tooltips render in the canvas (`renderMode: 'richText'`), so log content in
 * series names or values is drawn as text and never parsed as HTML; labels and legends are canvas
 * text already.
 */
import { useEffect, useRef } from 'preact/hooks';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart, PieChart, ScatterChart } from 'echarts/charts';
import {
  BrushComponent, GeoComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, MarkPointComponent,
  ToolboxComponent, TooltipComponent, VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([
  BarChart, LineChart, MapChart, PieChart, ScatterChart, BrushComponent, GeoComponent, GridComponent, LegendComponent, MarkAreaComponent,
  MarkLineComponent, MarkPointComponent, ToolboxComponent, TooltipComponent, VisualMapComponent, CanvasRenderer,
]);

export { echarts };

export interface ChartProps {
  option: EChartsCoreOption;
  height?: number;
  dark: boolean;
  /** A click on a data item: its name (a category, a series' point, a map region). */
  onPick?: ((name: string, seriesName: string | undefined) => void) | undefined;
  /** A brushed x range [from, to] in axis units (epoch ms on time axes). */
  onBrush?: ((range: [number, number]) => void) | undefined;
  /** Arms the horizontal brush when the chart loads, so a drag selects a range. */
  brush?: boolean;
  label: string;
}

/** Two times on the x axis of a chart with a time axis (its first series' first and last points). */
function timeAxisProbe(option: EChartsCoreOption): [number, number] | undefined {
  const o = option as { xAxis?: { type?: string }; series?: { data?: unknown[] }[] };
  const data = o.xAxis?.type === 'time' ? o.series?.[0]?.data : undefined;
  if (data === undefined || data.length < 2) return undefined;
  const first = (data[0] as [number, number])[0];
  const last = (data[data.length - 1] as [number, number])[0];
  return first === last ? undefined : [first, last];
}

/** Renders `option` in a div; resizes with the window. */
export function Chart({ option, height = 240, dark, onPick, onBrush, brush = false, label }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const handlers = useRef({ onPick, onBrush });
  handlers.current = { onPick, onBrush };

  useEffect(() => {
    if (el.current === null) return undefined;
    const c = echarts.init(el.current, dark ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p: unknown) => {
      const e = p as { name?: string; seriesName?: string; componentType?: string };
      if (e.name !== undefined && e.name !== '') handlers.current.onPick?.(e.name, e.seriesName);
    });
    c.on('brushEnd', (p: unknown) => {
      const areas = (p as { areas?: { coordRange?: [number, number] }[] }).areas ?? [];
      const range = areas[0]?.coordRange;
      if (range !== undefined) handlers.current.onBrush?.([Math.round(range[0]), Math.round(range[1])]);
    });
    const resize = (): void => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
      chart.current = null;
    };
  }, [dark]);

  useEffect(() => {
    const c = chart.current;
    if (c === null) return;
    const base = option as { tooltip?: object };
    c.setOption({ backgroundColor: 'transparent', ...option, tooltip: { confine: true, ...(base.tooltip ?? {}), renderMode: 'richText' } }, { notMerge: true });
    if (brush) c.dispatchAction({ type: 'takeGlobalCursor', key: 'brush', brushOption: { brushType: 'lineX', brushMode: 'single' } });
    // For keyboard-less checks (and the end-to-end tests): where two times of a time axis are drawn.
    const times = timeAxisProbe(option);
    if (times !== undefined && el.current !== null) {
      const px = times.map((t) => c.convertToPixel({ xAxisIndex: 0 }, t));
      el.current.dataset.xMap = JSON.stringify({ t: times, px });
    }
  }, [option, dark, brush]);

  return <div class="chart" ref={el} style={{ height: `${height}px` }} role="img" aria-label={label} data-chart={label} />;
}
