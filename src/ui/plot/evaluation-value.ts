import * as Plot from '@observablehq/plot';
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
  return Plot.plot({
    width: options.width,
    height: options.height ?? 280,
    document: options.document ?? globalThis.document,
    style: style(options),
    marginTop: 24,
    marginLeft: 56,
    x: { label: 'Threshold (act when score ≥ threshold) →', domain: [0, 1], grid: true },
    y: { label: `↑ Value per 1,000 cases${options.unit ? ` (${options.unit})` : ''}`, grid: true },
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
    y: { label: `↑ Residual (actual − predicted ${options.target})`, grid: true },
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
    y: { label: '↑ Rows', grid: true },
    marks: [
      Plot.rectY(rows, { ...Plot.binX({ y: 'count' }, { x: 'r' }), fill: '#0072b2', inset: 0.5 }),
      Plot.ruleX([0], { stroke: 'currentColor', strokeOpacity: 0.6 }),
      Plot.ruleY([0]),
    ],
  });
}
