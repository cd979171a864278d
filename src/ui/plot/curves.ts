import * as Plot from '@observablehq/plot';
import { themeColors, type RenderOptions } from './render';

export interface LossPoint {
  readonly step: number;
  readonly loss: number;
  readonly validationLoss: number | null;
}

/** Okabe–Ito blue and orange: told apart with every kind of colour blindness. */
const SERIES_COLORS = ['#0072b2', '#e69f00'];

/**
 * A training curve: the loss per epoch (or boosting round) on the training rows and, where the
 * model reports it, on the validation rows. An SVG (or a figure with its legend); text as text nodes.
 */
export function renderLossCurve(
  points: readonly LossPoint[],
  options: RenderOptions & { readonly stepLabel: string; readonly height?: number },
): SVGElement | HTMLElement {
  const document = options.document ?? globalThis.document;
  const { color } = themeColors(options.theme);
  const rows = points.flatMap((p) => [
    { step: p.step, loss: p.loss, series: 'training' },
    ...(p.validationLoss === null ? [] : [{ step: p.step, loss: p.validationLoss, series: 'validation' }]),
  ]);
  const series = [...new Set(rows.map((r) => r.series))];
  return Plot.plot({
    width: options.width,
    height: options.height ?? 200,
    document,
    style: { color, background: 'transparent', fontFamily: 'system-ui, sans-serif', fontSize: '10px' },
    x: { label: options.stepLabel, grid: true },
    y: { label: 'loss (mean per row)', grid: true, nice: true },
    color: { domain: series, range: SERIES_COLORS.slice(0, series.length), legend: series.length > 1 },
    marks: [
      Plot.line(rows, { x: 'step', y: 'loss', stroke: 'series', strokeWidth: 1.5 }),
      Plot.dot(rows.length <= 60 ? rows : [], { x: 'step', y: 'loss', fill: 'series', r: 2 }),
      Plot.tip(rows, Plot.pointerX({ x: 'step', y: 'loss', stroke: 'series' })),
    ],
  });
}

/** Okabe–Ito without yellow (too light on white), grey for black (lost on dark): one colour per run. */
const RUN_COLORS = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7', '#56b4e9', '#999999'];

export interface LossSeries {
  /** The run, for the legend: unique among the series. */
  readonly name: string;
  readonly points: readonly LossPoint[];
}

/**
 * Several runs' curves overlaid: one colour per run, the training loss solid and the validation
 * loss (where a run reports it) dashed. Runs past the seventh reuse the colours.
 */
export function renderLossCurves(
  series: readonly LossSeries[],
  options: RenderOptions & { readonly stepLabel: string; readonly height?: number },
): SVGElement | HTMLElement {
  const document = options.document ?? globalThis.document;
  const { color } = themeColors(options.theme);
  const training = series.flatMap((s) => s.points.map((p) => ({ step: p.step, loss: p.loss, run: s.name })));
  const validation = series.flatMap((s) =>
    s.points.flatMap((p) =>
      p.validationLoss === null ? [] : [{ step: p.step, loss: p.validationLoss, run: s.name }],
    ),
  );
  const names = series.map((s) => s.name);
  return Plot.plot({
    width: options.width,
    height: options.height ?? 240,
    document,
    style: { color, background: 'transparent', fontFamily: 'system-ui, sans-serif', fontSize: '10px' },
    x: { label: options.stepLabel, grid: true },
    y: { label: 'loss (mean per row; dashed: validation)', grid: true, nice: true },
    color: {
      domain: names,
      range: names.map((_, i) => RUN_COLORS[i % RUN_COLORS.length] ?? '#000000'),
      legend: true,
    },
    marks: [
      Plot.line(training, { x: 'step', y: 'loss', stroke: 'run', strokeWidth: 1.5 }),
      Plot.line(validation, {
        x: 'step',
        y: 'loss',
        stroke: 'run',
        strokeWidth: 1.5,
        strokeDasharray: '4,3',
      }),
      Plot.tip(training, Plot.pointerX({ x: 'step', y: 'loss', stroke: 'run', title: 'run' })),
    ],
  });
}
