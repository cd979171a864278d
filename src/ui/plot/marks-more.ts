import * as Plot from '@observablehq/plot';
import type { ChartData, ChartRow, LineSpec } from '../../data/chart/types';
import {
  ACCENT,
  axisTick,
  distinct,
  formatNumber,
  formatPercent,
  SCHEME,
  segmentLabel,
  textOf,
} from './format';
import { facetChannel, type ChartPlot } from './marks';

export function linePlot(spec: LineSpec, data: ChartData): ChartPlot {
  const colored = spec.color !== undefined;
  const facet = facetChannel(data);
  const time = (d: ChartRow) => new Date(typeof d['t'] === 'number' ? d['t'] : NaN);
  const title = (d: ChartRow) =>
    `${textOf(d, 'date')}${colored ? ` · ${textOf(d, 'color')}` : ''}\n${data.meta.labels.y}: ${formatNumber(d['value'])}\nrows: ${formatNumber(d['count'])}`;
  const series = {
    x: time,
    y: 'value',
    ...(colored ? { z: 'color', stroke: 'color' } : { stroke: ACCENT }),
    ...facet,
  };
  return {
    x: { type: 'utc', label: data.meta.labels.x },
    y: { label: data.meta.labels.y, grid: true, tickFormat: axisTick },
    fy: { label: data.meta.labels.facet },
    color: { scheme: SCHEME, legend: colored, label: data.meta.labels.color ?? undefined },
    marks: [
      Plot.lineY(data.rows, series),
      Plot.dot(data.rows, { ...series, r: 1.5, fill: colored ? 'color' : ACCENT, title }),
    ],
  };
}

export function heatmapPlot(data: ChartData): ChartPlot {
  const order = distinct(data.rows, (d) => textOf(d, 'x'));
  const title = (d: ChartRow) =>
    `${textOf(d, 'x')} × ${textOf(d, 'y')}\nr = ${formatNumber(d['r'])}\nrows: ${formatNumber(d['n'])}`;
  const facet = facetChannel(data);
  return {
    x: { domain: order, label: null, tickRotate: -45 },
    y: { domain: order, label: null },
    fy: { label: data.meta.labels.facet },
    // Quantized: a continuous legend needs a canvas, which a standalone SVG (and jsdom) lacks.
    color: {
      type: 'quantize',
      n: 10,
      scheme: 'rdbu',
      domain: [-1, 1],
      legend: true,
      label: 'correlation (Pearson r)',
    },
    marginLeft: 100,
    marginBottom: 80,
    marks: [
      Plot.cell(data.rows, { x: 'x', y: 'y', fill: 'r', inset: 0.5, title, ...facet }),
      Plot.text(data.rows, {
        x: 'x',
        y: 'y',
        text: (d: ChartRow) => formatNumber(d['r']),
        fontSize: 9,
        ...facet,
      }),
    ],
  };
}

/** Bars of the target rate (or mean) per segment, with the row count in the tooltip. */
export function targetPlot(data: ChartData, rows: readonly ChartRow[] = data.rows): ChartPlot {
  const fraction = data.meta.units.y === 'fraction';
  const value = (v: ChartRow[string] | undefined) => (fraction ? formatPercent(v ?? null) : formatNumber(v));
  const title = (d: ChartRow) =>
    `${segmentLabel(d)}\n${data.meta.labels.y}: ${value(d['rate'])}\nrows: ${formatNumber(d['count'])}`;
  return {
    x: { domain: distinct(rows, segmentLabel), label: data.meta.labels.x || null, tickRotate: -30 },
    y: { label: data.meta.labels.y, grid: true, tickFormat: fraction ? '.0%' : axisTick },
    fy: { label: data.meta.labels.facet },
    marginBottom: 60,
    marks: [
      Plot.barY(rows, { x: segmentLabel, y: 'rate', fill: ACCENT, title, ...facetChannel(data) }),
      Plot.ruleY([0]),
    ],
  };
}

/**
 * A multiclass target's mix per segment (issue 20): one bar per segment stacked to 100% by class
 * share, the classes in the target's order, the segment's row count above its bar.
 */
export function classMixPlot(data: ChartData): ChartPlot {
  const classes = data.meta.classes ?? [];
  const title = (d: ChartRow) =>
    `${segmentLabel(d)} · ${textOf(d, 'class')}\nshare: ${formatPercent(d['share'])} (${formatNumber(d['n'])} of ${formatNumber(d['count'])} rows)`;
  const facet = facetChannel(data);
  // One row per segment (and facet) for its count: the first class row of each.
  const seen = new Set<string>();
  const segments = data.rows.filter((d) => {
    const key = `${textOf(d, 'facet')}\u0000${segmentLabel(d)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    x: { domain: distinct(data.rows, segmentLabel), label: data.meta.labels.x || null, tickRotate: -30 },
    y: { label: data.meta.labels.y, grid: true, tickFormat: '.0%', domain: [0, 1.08] },
    fy: { label: data.meta.labels.facet },
    color: { scheme: SCHEME, domain: [...classes], legend: true, label: data.meta.labels.color ?? undefined },
    marginBottom: 60,
    marks: [
      Plot.barY(data.rows, {
        x: segmentLabel,
        y: 'share',
        fill: 'class',
        order: [...classes],
        title,
        ...facet,
      }),
      Plot.text(segments, {
        x: segmentLabel,
        y: 1,
        dy: -6,
        text: (d: ChartRow) => `n=${formatNumber(d['count'])}`,
        fontSize: 9,
        ...facet,
      }),
      Plot.ruleY([0]),
    ],
  };
}
