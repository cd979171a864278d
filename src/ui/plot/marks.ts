import * as Plot from '@observablehq/plot';
import type {
  BarSpec,
  BoxSpec,
  ChartData,
  ChartRow,
  HistogramSpec,
  ScatterSpec,
} from '../../data/chart/types';
import { ACCENT, axisTick, distinct, formatNumber, numberOf, SCHEME, textOf } from './format';

/** The options of one chart, before width, theme and document are added. */
export type ChartPlot = Plot.PlotOptions;

/** Panels per facet value, stacked vertically, when the spec asks for a facet. */
export function facetChannel(data: ChartData): { fy?: string } {
  return data.rows.some((row) => row['facet'] !== null && row['facet'] !== undefined) ? { fy: 'facet' } : {};
}

export function histogramPlot(spec: HistogramSpec, data: ChartData): ChartPlot {
  const title = (d: ChartRow) =>
    `${formatNumber(d['x0'])} – ${formatNumber(d['x1'])}\ncount: ${formatNumber(d['count'])}`;
  return {
    x: { type: spec.log === true ? 'log' : 'linear', label: data.meta.labels.x },
    y: { label: data.meta.labels.y, grid: true, tickFormat: axisTick },
    fy: { label: data.meta.labels.facet },
    marks: [
      Plot.rectY(data.rows, {
        x1: 'x0',
        x2: 'x1',
        y: 'count',
        fill: ACCENT,
        inset: 0.5,
        title,
        ...facetChannel(data),
      }),
      Plot.ruleY([0]),
    ],
  };
}

export function barPlot(spec: BarSpec, data: ChartData): ChartPlot {
  const colored = spec.color !== undefined;
  const title = (d: ChartRow) =>
    `${textOf(d, 'x')}${colored ? ` · ${textOf(d, 'color')}` : ''}\n${data.meta.labels.y}: ${formatNumber(d['value'])}\nrows: ${formatNumber(d['count'])}`;
  return {
    x: { domain: distinct(data.rows, (d) => textOf(d, 'x')), label: data.meta.labels.x, tickRotate: -30 },
    y: { label: data.meta.labels.y, grid: true, tickFormat: axisTick },
    fy: { label: data.meta.labels.facet },
    color: { scheme: SCHEME, legend: colored, label: data.meta.labels.color ?? undefined },
    marginBottom: 60,
    marks: [
      Plot.barY(data.rows, {
        x: 'x',
        y: 'value',
        fill: colored ? 'color' : ACCENT,
        title,
        ...facetChannel(data),
      }),
      Plot.ruleY([0]),
    ],
  };
}

export function boxPlot(spec: BoxSpec, data: ChartData): ChartPlot {
  const group = (d: ChartRow) => (d['group'] === null ? spec.y : textOf(d, 'group'));
  const facet = facetChannel(data);
  const title = (d: ChartRow) =>
    `${group(d)} (n = ${formatNumber(d['n'])})\nmedian: ${formatNumber(d['median'])}\nQ1–Q3: ${formatNumber(d['q1'])} – ${formatNumber(d['q3'])}\nwhiskers: ${formatNumber(d['lo'])} – ${formatNumber(d['hi'])}\noutliers: ${formatNumber(d['outliers'])}`;
  return {
    x: { domain: distinct(data.rows, group), label: data.meta.labels.x || null },
    y: { label: data.meta.labels.y, grid: true, tickFormat: axisTick },
    fy: { label: data.meta.labels.facet },
    marks: [
      Plot.ruleX(data.rows, { x: group, y1: 'lo', y2: 'hi', ...facet }),
      Plot.barY(data.rows, { x: group, y1: 'q1', y2: 'q3', fill: ACCENT, fillOpacity: 0.6, title, ...facet }),
      Plot.tickY(data.rows, { x: group, y: 'median', strokeWidth: 2, ...facet }),
      Plot.dot(data.outliers, { x: group, y: 'value', r: 2, stroke: 'currentColor', ...facet }),
    ],
  };
}

export function scatterPlot(spec: ScatterSpec, data: ChartData): ChartPlot {
  const { x, y } = data.meta.labels;
  const facet = facetChannel(data);
  if (data.meta.binned) {
    const title = (d: ChartRow) =>
      `${x}: ${formatNumber(d['x0'])} – ${formatNumber(d['x1'])}\n${y}: ${formatNumber(d['y0'])} – ${formatNumber(d['y1'])}\nrows: ${formatNumber(d['count'])}`;
    return {
      x: { label: x },
      y: { label: y, grid: true, tickFormat: axisTick },
      fy: { label: data.meta.labels.facet },
      color: { type: 'quantile', n: 7, scheme: 'blues', legend: true, label: 'rows per bin' },
      marks: [
        Plot.rect(data.rows, { x1: 'x0', x2: 'x1', y1: 'y0', y2: 'y1', fill: 'count', title, ...facet }),
      ],
    };
  }
  const colored = spec.color !== undefined;
  const title = (d: ChartRow) =>
    `${x}: ${formatNumber(numberOf(d, 'x'))}\n${y}: ${formatNumber(numberOf(d, 'y'))}${colored ? `\n${data.meta.labels.color ?? ''}: ${textOf(d, 'color')}` : ''}`;
  return {
    x: { label: x },
    y: { label: y, grid: true, tickFormat: axisTick },
    fy: { label: data.meta.labels.facet },
    color: { scheme: SCHEME, legend: colored, label: data.meta.labels.color ?? undefined },
    marks: [
      Plot.dot(data.rows, {
        x: 'x',
        y: 'y',
        r: 2.5,
        fill: colored ? 'color' : ACCENT,
        fillOpacity: 0.7,
        title,
        ...facet,
      }),
    ],
  };
}
