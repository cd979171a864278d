import * as Plot from '@observablehq/plot';
import { axisTick } from './format';
import { points, runColor, runLines, style, type EvaluationChartOptions, type Series } from './evaluation';

/** A threshold marked on the value curve: the one in use, or the value-maximising one. */
export interface ThresholdMark {
  readonly threshold: number;
  readonly label: string;
  readonly dashed?: boolean;
}

/**
 * Value per 1,000 cases against the threshold (act when score ≥ threshold), one step line per run:
 * the value changes only at a run's scores. Zero is doing nothing; the marked thresholds are
 * vertical rules with their names.
 */
export function renderValueCurve(
  series: readonly Series[],
  options: EvaluationChartOptions & { readonly marks: readonly ThresholdMark[]; readonly unit?: string },
) {
  const marks = options.marks;
  const y = valueDomain(series);
  return Plot.plot({
    width: options.width,
    height: options.height ?? 280,
    document: options.document ?? globalThis.document,
    style: style(options),
    marginTop: 24,
    marginLeft: 56,
    x: { label: 'Threshold (act when score ≥ threshold) →', domain: [0, 1], grid: true },
    y: {
      label: `↑ Value per 1,000 cases${options.unit ? ` (${options.unit})` : ''}${y.clipped ? ' — lower values, from acting on nearly everyone, cut off' : ''}`,
      grid: true,
      tickFormat: axisTick,
      ...(y.domain ? { domain: y.domain } : {}),
    },
    clip: y.clipped,
    color: runColor(series),
    marks: [
      Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.5 }),
      ...runLines(series, 'step-before'),
      Plot.ruleX(
        marks.filter((m) => m.dashed !== true),
        { x: 'threshold', stroke: 'currentColor' },
      ),
      Plot.ruleX(
        marks.filter((m) => m.dashed === true),
        { x: 'threshold', stroke: 'currentColor', strokeDasharray: '4,3' },
      ),
      Plot.text(marks, {
        x: 'threshold',
        frameAnchor: 'top',
        dy: -12,
        text: (m: ThresholdMark) => `${m.label} ${m.threshold.toFixed(2)}`,
        fill: 'currentColor',
      }),
      Plot.tip(series.flatMap(points), Plot.pointerX({ x: 'x', y: 'y', title: tipText })),
    ],
  });
}

/**
 * The value axis without the long drop at the lowest thresholds: acting on everyone can cost 50
 * times what the best threshold earns, which flattens every curve to a line at the top. Below a
 * threshold of 0.05 the values are left out of the domain when they would more than double its
 * span; the curves are then clipped, and the axis says so. Zero always shows.
 */
export function valueDomain(series: readonly Series[]): {
  domain: [number, number] | null;
  clipped: boolean;
} {
  const all: number[] = [0];
  const kept: number[] = [0];
  for (const s of series) {
    for (const p of points(s)) {
      if (!Number.isFinite(p.y)) continue;
      all.push(p.y);
      if (p.x >= 0.05) kept.push(p.y);
    }
  }
  const [lo, hi] = [Math.min(...all), Math.max(...all)];
  const [keptLo, keptHi] = [Math.min(...kept), Math.max(...kept)];
  const span = keptHi - keptLo;
  if (span <= 0 || lo >= keptLo - span) return { domain: null, clipped: false };
  const pad = 0.1 * span;
  return { domain: [keptLo - pad, Math.max(hi, keptHi) + pad], clipped: true };
}

const tipText = (d: { x: number; y: number; run: string }): string =>
  `${d.run}\nthreshold ${d.x.toFixed(3)}\n${Math.round(d.y).toLocaleString('en-US')} per 1,000 cases`;

/** Residuals (truth − prediction) against the prediction, with zero marked. */
export function renderResiduals(
  data: { readonly prediction: ArrayLike<number>; readonly residual: ArrayLike<number> },
  options: EvaluationChartOptions & { readonly target: string },
) {
  const rows = points({ label: '', x: data.prediction, y: data.residual });
  return Plot.plot({
    width: options.width,
    height: options.height ?? 260,
    document: options.document ?? globalThis.document,
    style: style(options),
    x: { label: `Predicted ${options.target} →`, grid: true },
    y: { label: `↑ Residual (actual − predicted ${options.target})`, grid: true, tickFormat: axisTick },
    marks: [
      Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.6 }),
      Plot.dot(rows, { x: 'x', y: 'y', r: 2, fill: '#0072b2', fillOpacity: 0.6 }),
    ],
  });
}

/** How the residuals are spread: a histogram with zero marked. */
export function renderResidualHistogram(
  residual: ArrayLike<number>,
  options: EvaluationChartOptions & { readonly target: string },
) {
  const rows = Array.from(residual, (r) => ({ r }));
  return Plot.plot({
    width: options.width,
    height: options.height ?? 200,
    document: options.document ?? globalThis.document,
    style: style(options),
    x: { label: `Residual (actual − predicted ${options.target}) →` },
    y: { label: '↑ Rows', grid: true, tickFormat: axisTick },
    marks: [
      Plot.rectY(rows, { ...Plot.binX({ y: 'count' }, { x: 'r' }), fill: '#0072b2', inset: 0.5 }),
      Plot.ruleX([0], { stroke: 'currentColor', strokeOpacity: 0.6 }),
      Plot.ruleY([0]),
    ],
  });
}
