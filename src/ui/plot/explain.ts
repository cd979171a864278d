import * as Plot from '@observablehq/plot';
import type { RenderOptions } from './render';
import { style } from './evaluation';

/*
 * Charts of an explanation: importance bars with their intervals, partial dependence with ICE
 * lines and a rug, a two-way heatmap, and a row's LIME contributions. Plain inputs (numbers and
 * names), so that the cell's view and the report draw the same charts.
 */

const BAR = '#0072b2';
const AGAINST = '#d55e00';

export interface ImportanceBar {
  readonly name: string;
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

/** Horizontal bars of the mean drop, most important on top, with the interval as a rule. */
export function renderImportance(
  bars: readonly ImportanceBar[],
  options: RenderOptions & { readonly metric: string },
) {
  const rows = bars.map((b, rank) => ({ ...b, rank }));
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: 40 + 18 * rows.length,
    marginLeft: 150,
    style: style(options),
    x: { label: `Drop in ${options.metric} when shuffled →`, grid: true },
    y: { label: null, domain: rows.map((r) => r.name) },
    marks: [
      Plot.barX(rows, { x: 'mean', y: 'name', fill: BAR, fillOpacity: 0.8 }),
      Plot.ruleY(rows, { x1: 'low', x2: 'high', y: 'name', stroke: 'currentColor' }),
      Plot.ruleX([0], { stroke: 'currentColor' }),
    ],
  });
}

export interface PdpLines {
  readonly feature: string;
  /** The grid's values (numbers) or level names. */
  readonly grid: readonly (number | string)[];
  readonly average: readonly number[];
  readonly ice: readonly (readonly number[])[];
  /** The feature's value in the sampled rows; null for levels. */
  readonly rug: readonly number[] | null;
}

/** ICE lines (thin, faint), the average (thick) and, for numbers, a rug of the data beneath. */
export function renderPdp(
  lines: PdpLines,
  options: RenderOptions & { readonly units: string; readonly centred: boolean },
) {
  const numeric = lines.grid.every((g) => typeof g === 'number');
  const ice = lines.ice.flatMap((line, row) => line.map((y, i) => ({ x: lines.grid[i], y, row })));
  const average = lines.average.map((y, i) => ({ x: lines.grid[i], y }));
  const all = [...lines.average, ...lines.ice.flat()];
  const low = Math.min(...all);
  const tick = (Math.max(...all) - low || 1) * 0.05;
  const marks: Plot.Markish[] = numeric
    ? [
        Plot.line(ice, { x: 'x', y: 'y', z: 'row', stroke: BAR, strokeOpacity: 0.08, strokeWidth: 1 }),
        Plot.line(average, { x: 'x', y: 'y', stroke: AGAINST, strokeWidth: 3 }),
        ...(lines.rug === null
          ? []
          : [
              Plot.ruleX(lines.rug, {
                x: (d: number) => d,
                y1: low - tick,
                y2: low,
                stroke: 'currentColor',
                strokeOpacity: 0.3,
              }),
            ]),
      ]
    : [
        Plot.dot(ice, { x: 'x', y: 'y', stroke: BAR, strokeOpacity: 0.1, r: 2 }),
        Plot.line(average, { x: 'x', y: 'y', stroke: AGAINST, strokeWidth: 3 }),
        Plot.dot(average, { x: 'x', y: 'y', fill: AGAINST, r: 4 }),
      ];
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: 260,
    marginBottom: numeric ? 40 : 70,
    style: style(options),
    x: numeric
      ? { label: `${lines.feature} →` }
      : { label: lines.feature, type: 'point', domain: lines.grid.map(String), tickRotate: -30 },
    y: { label: `↑ ${options.centred ? 'Change in ' : ''}${options.units}`, grid: true },
    marks,
  });
}

export interface Heatmap {
  readonly features: readonly [string, string];
  readonly grids: readonly [readonly (number | string)[], readonly (number | string)[]];
  readonly values: readonly (readonly number[])[];
}

/** The mean score over a grid of two features, as coloured cells. */
export function renderPdp2d(map: Heatmap, options: RenderOptions & { readonly units: string }) {
  const [ga, gb] = map.grids;
  const cells = map.values.flatMap((row, i) =>
    row.map((value, j) => ({ a: label(ga[i]), b: label(gb[j]), value })),
  );
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: 300,
    marginLeft: 90,
    marginBottom: 60,
    style: style(options),
    x: { label: map.features[0], domain: ga.map(label), tickRotate: -30 },
    y: { label: map.features[1], domain: gb.map(label) },
    // Quantized: a continuous ramp is drawn on a canvas, which the report's SVG cannot hold.
    color: { type: 'quantize', n: 7, legend: true, label: options.units, scheme: 'viridis' },
    marks: [
      Plot.cell(cells, {
        x: 'a',
        y: 'b',
        fill: 'value',
        inset: 0.5,
        title: (d: { value: number }) => d.value.toFixed(3),
      }),
    ],
  });
}

const label = (v: number | string | undefined): string =>
  typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(3)) : (v ?? '');

export interface Contribution {
  readonly name: string;
  readonly contribution: number;
}

/** A row's LIME contributions: bars to the right raise the score, to the left lower it. */
export function renderContributions(
  items: readonly Contribution[],
  options: RenderOptions & { readonly units: string },
) {
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: 40 + 18 * items.length,
    marginLeft: 150,
    style: style(options),
    x: { label: `Contribution to the ${options.units} →`, grid: true },
    y: { label: null, domain: items.map((c) => c.name) },
    marks: [
      Plot.barX(items, {
        x: 'contribution',
        y: 'name',
        fill: (d: Contribution) => (d.contribution >= 0 ? AGAINST : BAR),
      }),
      Plot.ruleX([0], { stroke: 'currentColor' }),
    ],
  });
}
