import * as Plot from '@observablehq/plot';
import { RUN_COLORS } from './colors';
import { themeColors, type RenderOptions } from './render';

/*
 * Charts of an evaluation: ROC and precision–recall curves, the reliability diagram, cumulative
 * gains and lift, with one line per run. Colours are Okabe–Ito (told apart with every kind of
 * colour blindness) and the baseline and the rule are dashed besides, so no run is told by colour
 * alone. Each returns Plot's SVG, or its figure when it has a legend; text goes in as text nodes.
 */

// Kept apart from Plot (colors.ts), so that a view can name the colours without loading Plot.
export { RUN_COLORS };

/** One run's line. `dashed`: a reference (baseline, rule); `emphasis`: the run being looked at. */
export interface Series {
  readonly label: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly dashed?: boolean;
  readonly emphasis?: boolean;
  /** Fixed by the caller so that a run keeps its colour in charts that leave other runs out. */
  readonly color?: string;
}

export type EvaluationChartOptions = RenderOptions & { readonly height?: number };

interface Point {
  readonly x: number;
  readonly y: number;
  readonly run: string;
}

export function points(s: Series): Point[] {
  return Array.from({ length: Math.min(s.x.length, s.y.length) }, (_, i) => ({
    x: s.x[i] ?? 0,
    y: s.y[i] ?? 0,
    run: s.label,
  }));
}

export function style(options: RenderOptions): Partial<CSSStyleDeclaration> {
  const { color } = themeColors(options.theme);
  return { color, background: 'transparent', fontFamily: 'system-ui, sans-serif', fontSize: '10px' };
}

/**
 * One line mark per run (so that each has its own dash), coloured through the colour scale of
 * runColor: the series' own colour, else the palette by position.
 */
export function runLines(series: readonly Series[], curve: Plot.CurveName = 'linear'): Plot.Markish[] {
  return series.map((s) =>
    Plot.line(points(s), {
      x: 'x',
      y: 'y',
      curve,
      stroke: 'run',
      strokeWidth: s.emphasis ? 2.5 : 1.5,
      strokeDasharray: s.dashed ? '5,3' : undefined,
      strokeOpacity: s.emphasis === false ? 0.7 : 1,
    }),
  );
}

/** A swatch legend of the runs, in the colours runLines gives them. */
export function runColor(series: readonly Series[]): Plot.ScaleOptions {
  return {
    domain: series.map((s) => s.label),
    range: series.map((s, i) => s.color ?? RUN_COLORS[i % RUN_COLORS.length] ?? '#999999'),
    legend: series.length > 1,
  };
}

function unitSquare(
  series: readonly Series[],
  options: EvaluationChartOptions,
  axes: { x: string; y: string },
  extra: Plot.Markish[],
  curve: Plot.CurveName = 'linear',
): SVGElement | HTMLElement {
  return Plot.plot({
    width: options.width,
    height: options.height ?? Math.min(options.width, 320),
    document: options.document ?? globalThis.document,
    style: style(options),
    x: { label: axes.x, domain: [0, 1], grid: true },
    y: { label: axes.y, domain: [0, 1], grid: true },
    color: runColor(series),
    marks: [...extra, ...runLines(series, curve)],
  });
}

/** ROC curves, with the diagonal of a random score. */
export function renderRocCurves(series: readonly Series[], options: EvaluationChartOptions) {
  const chance = Plot.line(
    [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ],
    { x: 'x', y: 'y', stroke: 'currentColor', strokeOpacity: 0.4, strokeDasharray: '2,3' },
  );
  return unitSquare(
    series,
    options,
    { x: 'False positive rate (share of negatives flagged) →', y: '↑ True positive rate (recall)' },
    [chance],
  );
}

/**
 * Precision–recall curves, with the positive rate (a random score's precision); null when the
 * lines have different ones (one class against the rest, per class).
 */
export function renderPrCurves(
  series: readonly Series[],
  options: EvaluationChartOptions & { readonly positiveRate: number | null },
) {
  const chance =
    options.positiveRate === null
      ? []
      : [
          Plot.ruleY([options.positiveRate], {
            stroke: 'currentColor',
            strokeOpacity: 0.4,
            strokeDasharray: '2,3',
          }),
        ];
  return unitSquare(
    series.map(prSteps),
    options,
    { x: 'Recall (share of positives found) →', y: '↑ Precision' },
    chance,
    'step-after',
  );
}

/**
 * A PR series as drawn: its points in precision_recall_curve's order (recall falling), each
 * point's precision held back to the next lower recall and the last one back to recall 0, as
 * steps: the area under the drawn line is the average precision (PR AUC). No point of precision 1
 * at recall 0 is invented; a constant score is a flat line at the positive rate.
 */
export function prSteps(s: Series): Series {
  const n = Math.min(s.x.length, s.y.length);
  if (n === 0) return s;
  const x = Array.from(s.x).slice(0, n);
  const y = Array.from(s.y).slice(0, n);
  return { ...s, x: [...x, 0], y: [...y, y[n - 1] ?? 0] };
}

/** Reliability diagram: observed share positive per bin of predicted probability. */
export function renderCalibration(series: readonly Series[], options: EvaluationChartOptions) {
  const perfect = Plot.line(
    [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ],
    { x: 'x', y: 'y', stroke: 'currentColor', strokeOpacity: 0.4, strokeDasharray: '2,3' },
  );
  const dots = series.map((s) =>
    Plot.dot(points(s), {
      x: 'x',
      y: 'y',
      r: 2.5,
      fill: 'run',
      title: (d: Point) => `${d.run}\npredicted ${d.x.toFixed(3)}\nobserved ${d.y.toFixed(3)}`,
    }),
  );
  return unitSquare(
    series,
    options,
    { x: 'Mean predicted probability (bin) →', y: '↑ Observed share positive' },
    [perfect, ...dots],
  );
}

/** Cumulative gains: the share of positives found acting on the top x of cases, by decile. */
export function renderGains(series: readonly Series[], options: EvaluationChartOptions) {
  const random = Plot.line(
    [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ],
    { x: 'x', y: 'y', stroke: 'currentColor', strokeOpacity: 0.4, strokeDasharray: '2,3' },
  );
  return unitSquare(
    series.map((s) => ({ ...s, x: [0, ...Array.from(s.x)], y: [0, ...Array.from(s.y)] })),
    options,
    { x: 'Share of cases acted on, highest scores first →', y: '↑ Share of positives found' },
    [random],
  );
}

/** Lift by decile: the positive rate of each tenth of the cases against the overall rate. */
export function renderLift(series: readonly Series[], options: EvaluationChartOptions) {
  return Plot.plot({
    width: options.width,
    height: options.height ?? 240,
    document: options.document ?? globalThis.document,
    style: style(options),
    x: { label: 'Decile (1 = highest scores) →', domain: [1, 10], ticks: 10 },
    y: { label: '↑ Lift (× the overall positive rate)', grid: true, zero: true },
    color: runColor(series),
    marks: [
      Plot.ruleY([1], { stroke: 'currentColor', strokeOpacity: 0.4, strokeDasharray: '2,3' }),
      ...runLines(series),
    ],
  });
}
