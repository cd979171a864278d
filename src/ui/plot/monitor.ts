import * as Plot from '@observablehq/plot';
import { style } from './evaluation';
import { axisTick } from './format';
import type { RenderOptions } from './render';

/*
 * The monitor's timeline: a heat strip of PSI over batches (x) and features (y, worst first, the
 * model's scores on top), coloured by the alert levels; and the brief's metric per batch with its
 * interval and the bar as a dashed rule.
 */

export interface DriftCell {
  readonly batch: string;
  readonly feature: string;
  readonly psi: number;
  readonly level: 'stable' | 'moderate' | 'major';
}

export interface DriftStripOptions extends RenderOptions {
  readonly batches: readonly string[];
  /** Rows, top to bottom. */
  readonly features: readonly string[];
}

export function renderDriftStrip(cells: readonly DriftCell[], options: DriftStripOptions) {
  return Plot.plot({
    width: options.width,
    height: 40 + 18 * options.features.length,
    document: options.document ?? globalThis.document,
    style: style(options),
    marginLeft: 120,
    marginBottom: 30,
    padding: 0.05,
    x: { label: 'Batch →', domain: [...options.batches] },
    y: { label: null, domain: [...options.features] },
    color: {
      domain: ['stable', 'moderate', 'major'],
      range: ['#cfe8d5', '#f5c26b', '#d95f4a'],
      legend: true,
      label: 'PSI level',
    },
    marks: [
      Plot.cell(cells, {
        x: 'batch',
        y: 'feature',
        fill: 'level',
        title: (d: DriftCell) => `${d.feature}, ${d.batch}: PSI ${d.psi.toFixed(3)} (${d.level})`,
      }),
      Plot.text(cells, {
        x: 'batch',
        y: 'feature',
        text: (d: DriftCell) => d.psi.toFixed(2),
        fill: 'black',
        fontSize: 9,
      }),
    ],
  });
}

export interface MetricPoint {
  readonly batch: string;
  readonly value: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface MetricLineOptions extends RenderOptions {
  readonly batches: readonly string[];
  readonly yLabel: string;
  readonly bar: number | null;
}

export function renderMetricLine(points: readonly MetricPoint[], options: MetricLineOptions) {
  const ranges = points.filter((p) => p.lower !== null && p.upper !== null);
  return Plot.plot({
    width: options.width,
    height: 220,
    document: options.document ?? globalThis.document,
    style: style(options),
    marginLeft: 56,
    marginBottom: 30,
    x: { label: 'Batch →', domain: [...options.batches], type: 'point', padding: 0.3 },
    y: { label: `↑ ${options.yLabel}`, grid: true, tickFormat: axisTick },
    marks: [
      ...(options.bar === null
        ? []
        : [
            Plot.ruleY([options.bar], { stroke: 'currentColor', strokeDasharray: '6,3', strokeOpacity: 0.7 }),
            Plot.text([{ y: options.bar, label: `bar ${options.bar}` }], {
              y: 'y',
              frameAnchor: 'right',
              dy: -6,
              text: 'label',
              fill: 'currentColor',
            }),
          ]),
      Plot.ruleX(ranges, { x: 'batch', y1: 'lower', y2: 'upper', stroke: '#4269d0', strokeOpacity: 0.5 }),
      Plot.line(points, { x: 'batch', y: 'value', stroke: '#4269d0' }),
      Plot.dot(points, {
        x: 'batch',
        y: 'value',
        fill: '#4269d0',
        r: 3,
        title: (d: MetricPoint) => `${d.batch}: ${d.value.toFixed(3)}`,
      }),
    ],
  });
}
