/*
 * The spec of a chart (what the user asked for, saved in the document, so it lives with the
 * document model; validated by `chart-parse.ts`). The data a chart query returns is in
 * src/data/chart/types.ts.
 */

export type Aggregate = 'count' | 'sum' | 'mean' | 'median' | 'min' | 'max';
export type Grain = 'day' | 'week' | 'month';
/** The grains a line chart may fall back to when the requested one gives too many points. */
export type LineGrain = Grain | 'quarter' | 'year' | 'decade' | 'century';

/** Options every chart kind accepts. */
export interface ChartCommon {
  /** Small multiples: one panel per value of this column (the 12 most frequent, then "(other)"). */
  readonly facet?: string;
  readonly title?: string;
}

export interface HistogramSpec extends ChartCommon {
  readonly kind: 'histogram';
  readonly column: string;
  readonly bins?: number;
  /** Bins of equal width in log10 space; values ≤ 0 are left out and counted. */
  readonly log?: boolean;
}

export interface BarSpec extends ChartCommon {
  readonly kind: 'bar';
  readonly x: string;
  readonly aggregate: Aggregate;
  /** Required for every aggregate but 'count'. */
  readonly y?: string;
  readonly color?: string;
  /**
   * Bars kept, the largest by their value; the rest become one "(other)" bar. Absent: 20 for
   * text, and up to 100 for numbers, dates and booleans (a small domain such as hours is never folded).
   */
  readonly topN?: number;
  /** Bars by their value, or in the x column's own order (numbers, dates); absent: natural for those, value for text. */
  readonly order?: 'value' | 'natural';
}

export interface BoxSpec extends ChartCommon {
  readonly kind: 'box';
  readonly y: string;
  readonly by?: string;
}

export interface ScatterSpec extends ChartCommon {
  readonly kind: 'scatter';
  readonly x: string;
  readonly y: string;
  readonly color?: string;
}

export interface LineSpec extends ChartCommon {
  readonly kind: 'line';
  readonly time: string;
  readonly y?: string;
  readonly aggregate: Aggregate;
  readonly grain: Grain;
  readonly color?: string;
}

export interface HeatmapSpec extends ChartCommon {
  readonly kind: 'heatmap';
  /** Numeric columns to correlate; all numeric columns (at most 20) when absent. */
  readonly columns?: readonly string[];
}

export interface TargetRateSpec extends ChartCommon {
  readonly kind: 'target-rate';
  readonly segment: string;
  readonly target: string;
  /** The positive class, as text; detected (Yes / true / 1) when absent. */
  readonly positive?: string;
  /** Quantile bins of a numeric segment (default 10). */
  readonly bins?: number;
}

export interface TargetGridSpec extends ChartCommon {
  readonly kind: 'target-grid';
  readonly target: string;
  readonly positive?: string;
  /** Features to show; every other column (at most 20) when absent. */
  readonly columns?: readonly string[];
}

export type ChartSpec =
  HistogramSpec | BarSpec | BoxSpec | ScatterSpec | LineSpec | HeatmapSpec | TargetRateSpec | TargetGridSpec;

export type ChartKind = ChartSpec['kind'];
