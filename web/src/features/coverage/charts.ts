/**
 * ECharts options of the coverage pages, built from the API answers. Kept
 * apart from the components so the pages read as layout only.
 */
import type { ChartOption } from '../../lib/EChart.tsx';
import type { CoverageMap, CoverageTrend, NodeCoverage } from '../../lib/types.ts';
import { BAND_COLORS, COVERAGE_COLORS, rateBand } from './common.tsx';

type T = (key: string, opts?: Record<string, unknown>) => string;
type L = (vocabulary: 'coverage', value: string) => string;

const pctNum = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

/** Operating units of each child node, stacked by coverage state. */
export function stackedBarOption(children: NodeCoverage[], l: L, compact: boolean): ChartOption {
  const states = ['own', 'joint', 'work', 'none'] as const;
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    legend: { top: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: compact ? 11 : 12 } },
    grid: { left: 8, right: 8, top: compact ? 52 : 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: children.map((c) => c.name),
      axisLabel: { interval: 0, rotate: children.length > 4 || compact ? 30 : 0, fontSize: 11, width: 90, overflow: 'truncate' },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: states.map((s) => ({
      type: 'bar' as const,
      name: l('coverage', s),
      stack: 'units',
      barMaxWidth: 36,
      itemStyle: { color: COVERAGE_COLORS[s] },
      emphasis: { focus: 'series' as const },
      data: children.map((c) => c.counts[s]),
    })),
  };
}

/** Organizational and total coverage at each month end. */
export function trendOption(trend: CoverageTrend, t: T, compact: boolean): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : `${String(v)}%`), confine: true },
    legend: { top: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: compact ? 11 : 12 } },
    grid: { left: 8, right: 16, top: compact ? 52 : 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: trend.items.map((i) => i.on.slice(0, 7)), axisLabel: { fontSize: 11 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        type: 'line',
        name: t('coverage.trendOrganizational'),
        data: trend.items.map((i) => pctNum(i.rates.organizational)),
        smooth: true,
        symbolSize: 6,
        itemStyle: { color: '#c8161d' },
        areaStyle: { opacity: 0.08 },
      },
      {
        type: 'line',
        name: t('coverage.trendTotal'),
        data: trend.items.map((i) => pctNum(i.rates.total)),
        smooth: true,
        symbolSize: 6,
        itemStyle: { color: '#d48806' },
        lineStyle: { type: 'dashed' },
      },
    ],
  };
}

/**
 * The areas as points on plain value axes (longitude, latitude) — no map
 * tiles, no key, works offline. Size: operating units; colour: the
 * organizational coverage band. Longitude is stretched by 1/cos(latitude) so
 * distances look right (equal aspect).
 */
export function mapOption(map: CoverageMap, t: T, size: { width: number; height: number }): ChartOption {
  const pts = map.points.filter((p) => p.lng !== null && p.lat !== null);
  const lngs = pts.map((p) => p.lng!);
  const lats = pts.map((p) => p.lat!);
  const maxUnits = Math.max(1, ...pts.map((p) => p.counts.operating));
  // Equal aspect: one degree of latitude = cos(lat) degrees of longitude on screen.
  const cos = Math.cos(((lats.length ? (Math.min(...lats) + Math.max(...lats)) / 2 : map.center.lat) * Math.PI) / 180);
  const minSpan = 0.004;
  let lngSpan = Math.max(minSpan, (Math.max(...lngs) - Math.min(...lngs)) * 1.5);
  let latSpan = Math.max(minSpan, (Math.max(...lats) - Math.min(...lats)) * 1.5);
  const plotW = Math.max(1, size.width - 90);
  const plotH = Math.max(1, size.height - 70);
  // Widen whichever span is short so that metres per pixel match on both axes.
  const lngPerPx = lngSpan / plotW;
  const latPerPx = latSpan / plotH;
  if (lngPerPx * cos > latPerPx) latSpan = lngPerPx * cos * plotH;
  else lngSpan = (latPerPx / cos) * plotW;
  const midLng = lngs.length ? (Math.min(...lngs) + Math.max(...lngs)) / 2 : map.center.lng;
  const midLat = lats.length ? (Math.min(...lats) + Math.max(...lats)) / 2 : map.center.lat;
  const pctText = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
  const fmt = (v: number) => v.toFixed(3);

  return {
    grid: { left: 60, right: 24, top: 16, bottom: 48 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p) => {
        const d = (p as unknown as { data: { name: string; operating: number; rate: number | null } }).data;
        return `<b>${d.name}</b><br/>${t('map.tooltip', { operating: d.operating, rate: pctText(d.rate) })}`;
      },
    },
    xAxis: {
      type: 'value',
      name: t('map.lng'),
      nameLocation: 'middle',
      nameGap: 28,
      min: midLng - lngSpan / 2,
      max: midLng + lngSpan / 2,
      axisLabel: { formatter: fmt, fontSize: 10, showMinLabel: false, showMaxLabel: false },
      splitLine: { lineStyle: { type: 'dashed', color: '#eee' } },
    },
    yAxis: {
      type: 'value',
      name: t('map.lat'),
      nameLocation: 'middle',
      nameGap: 44,
      min: midLat - latSpan / 2,
      max: midLat + latSpan / 2,
      axisLabel: { formatter: fmt, fontSize: 10, showMinLabel: false, showMaxLabel: false },
      splitLine: { lineStyle: { type: 'dashed', color: '#eee' } },
    },
    series: [
      {
        type: 'scatter',
        data: pts.map((p) => ({
          value: [p.lng!, p.lat!],
          name: p.name,
          id: String(p.territoryId),
          territoryId: p.territoryId,
          operating: p.counts.operating,
          rate: p.rates.organizational,
          itemStyle: { color: BAND_COLORS[rateBand(p.rates.organizational)], opacity: 0.85, borderColor: '#fff', borderWidth: 1 },
          // Points near the right edge put their label on the left, so it stays on the chart.
          label: { position: p.lng! > midLng + lngSpan * 0.25 ? ('left' as const) : ('right' as const) },
        })),
        symbolSize: (_v: unknown, p: { data: { operating: number } }) => 14 + 36 * Math.sqrt(p.data.operating / maxUnits),
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          color: '#333',
          formatter: (p: { data: { name: string; rate: number | null } }) => `${p.data.name} ${pctText(p.data.rate)}`,
        },
        labelLayout: { hideOverlap: true },
        emphasis: { scale: 1.15, label: { fontWeight: 'bold' } },
      } as never,
    ],
  } as ChartOption;
}
