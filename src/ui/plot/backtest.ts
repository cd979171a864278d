import * as Plot from '@observablehq/plot';
import { runColor, runLines, style, type EvaluationChartOptions, type Series } from './evaluation';
import { axisTick } from './format';

/*
 * A backtest over time: one line per run across the folds (x: the fold's position, labelled by its
 * test period), the baseline and the rule dashed, the brief's bar as a labelled dashed rule.
 */

export interface FoldTrendOptions extends EvaluationChartOptions {
  /** The test period of each fold, in order: the x axis' labels. */
  readonly folds: readonly string[];
  readonly yLabel: string;
  /** A horizontal reference (the brief's bar, or 0 for value), labelled; null for none. */
  readonly reference: { readonly y: number; readonly label: string } | null;
}

export function renderFoldTrend(series: readonly Series[], options: FoldTrendOptions) {
  const { folds, reference } = options;
  const dots = series.flatMap((s) =>
    Array.from({ length: Math.min(s.x.length, s.y.length) }, (_, i) => ({
      x: s.x[i] ?? 0,
      y: s.y[i] ?? 0,
      run: s.label,
    })),
  );
  return Plot.plot({
    width: options.width,
    height: options.height ?? 260,
    document: options.document ?? globalThis.document,
    style: style(options),
    marginLeft: 56,
    marginBottom: 36,
    x: {
      label: 'Test period →',
      ticks: folds.map((_, i) => i),
      tickFormat: (i: number) => folds[i] ?? '',
      domain: [-0.25, Math.max(folds.length - 1, 0) + 0.25],
    },
    y: { label: `↑ ${options.yLabel}`, grid: true, tickFormat: axisTick },
    color: runColor(series),
    marks: [
      ...(reference === null
        ? []
        : [
            Plot.ruleY([reference.y], { stroke: 'currentColor', strokeDasharray: '6,3', strokeOpacity: 0.7 }),
            Plot.text([reference], {
              y: 'y',
              frameAnchor: 'right',
              dy: -6,
              text: 'label',
              fill: 'currentColor',
            }),
          ]),
      ...runLines(series),
      Plot.dot(dots, {
        x: 'x',
        y: 'y',
        fill: 'run',
        r: 2.5,
        title: (d: { run: string; y: number; x: number }) =>
          `${d.run}\n${folds[d.x] ?? ''}: ${d.y.toFixed(3)}`,
      }),
    ],
  });
}
