/**
 * The geolocation map: countries of the top source IPs (server-side, offline GeoIP) on the
 * world-atlas shapes, drawn by ECharts — no tile server, nothing fetched from elsewhere.
 */
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import { Chart, echarts } from '../components/chart.tsx';
import { Panel } from '../components/panel.tsx';
import { useCtx } from '../context.ts';
import { useApi } from '../hooks.ts';
import { apiFilter } from '../state.ts';
import type { GeoResult } from '../api.ts';
import type { EChartsCoreOption } from 'echarts/core';

type Ring = [number, number][];
type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
type Countries = { type: 'FeatureCollection'; features: { properties: { name: string }; geometry: Geometry }[] };

/**
 * The shapes ECharts can draw: Antarctica left out (it fills the bottom for nothing), and the
 * countries that cross the antimeridian (Russia, Fiji) kept east of it, else their polygons are
 * drawn as bands across the whole map.
 */
function drawable(countries: Countries): Countries {
  const east = (ring: Ring): Ring => ring.map(([lon, lat]) => [lon < 0 ? lon + 360 : lon, lat]);
  const features = countries.features.filter((f) => f.properties.name !== 'Antarctica').map((f) => {
    if (f.properties.name !== 'Russia' && f.properties.name !== 'Fiji') return f;
    const g = f.geometry;
    const geometry: Geometry = g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(east) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(east)) };
    return { ...f, geometry };
  });
  return { ...countries, features };
}

let registered = false;
function registerWorld(): void {
  if (registered) return;
  const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  echarts.registerMap('world', drawable(feature(topology, topology.objects.countries) as unknown as Countries) as never);
  registered = true;
}

function mapOption(geo: GeoResult, dark: boolean): EChartsCoreOption {
  const max = Math.max(1, ...geo.countries.map((c) => c.value));
  return {
    tooltip: { trigger: 'item', formatter: (p: { name: string; value?: number }) => `${p.name}: ${Number.isFinite(p.value) ? (p.value ?? 0).toLocaleString('en-US') : 'no events'}` },
    visualMap: { min: 0, max, left: 8, bottom: 8, calculable: false, inRange: { color: ['#bbf7d0', '#facc15', '#dc2626'] }, text: ['more', 'fewer'], itemHeight: 80 },
    series: [{
      type: 'map', map: 'world', roam: true, layoutCenter: ['50%', '52%'], layoutSize: '160%',
      itemStyle: { areaColor: dark ? '#1f2937' : '#e5e7eb', borderColor: dark ? '#374151' : '#fff' },
      emphasis: { label: { show: false }, itemStyle: { areaColor: '#60a5fa' } },
      data: geo.countries.filter((c) => c.name !== null).map((c) => ({ name: c.name, value: c.value })),
    }],
  };
}

/** The map panel with the list of located addresses beside it. */
export function WorldMap() {
  const { state, tick, dark, addFilter } = useCtx();
  const r = useApi<GeoResult>('/api/geo/events', { ...apiFilter(state), size: 500 }, tick);
  registerWorld();
  const located = (r.data?.ips ?? []).filter((i) => i.code !== null);
  return (
    <Panel title="Source IPs by country" id="geo-map" wide loading={r.loading} error={r.error} empty={(r.data?.countries.length ?? 0) === 0}
      note={r.data === undefined ? undefined : `Countries of the top ${r.data.ips.length} source IPs (offline GeoIP). Private and documentation addresses are not located: ${r.data.unlocated.toLocaleString('en-US')} events.`}>
      {r.data && (
        <div class="map-row">
          <Chart label="Source IPs by country" dark={dark} height={360} option={mapOption(r.data, dark)} />
          <table class="grid-table map-ips">
            <thead><tr><th>Source IP</th><th>Country</th><th class="num">Events</th></tr></thead>
            <tbody>
              {located.slice(0, 12).map((i) => (
                <tr key={i.ip}>
                  <td><button type="button" class="link" data-ip={i.ip} onClick={() => addFilter('ip', i.ip)}>{i.ip}</button></td>
                  <td>{i.code}</td><td class="num">{i.value.toLocaleString('en-US')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
