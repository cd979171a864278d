/*
 * The spec of a chart (what the user asked for, saved in the document) and the data a chart
 * query returns (small plain JSON, never saved). The spec is validated by `parse.ts`.
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
  /** Bars kept, ranked by their value; the rest become one "(other)" bar. */
  readonly topN?: number;
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

/** A cell of a chart row: numbers are finite (NaN and ±Infinity become null), times are epoch ms. */
export type ChartValue = number | string | null;
export type ChartRow = Readonly<Record<string, ChartValue>>;

export interface ChartLabels {
  readonly x: string;
  readonly y: string;
  readonly color: string | null;
  readonly facet: string | null;
}

export interface ChartMeta {
  /** Rows of the table. */
  readonly totalRows: number;
  /** Rows that the chart shows (non-NULL values of the columns it plots). */
  readonly rowsDrawn: number;
  /** Rows left out: NULL values, and values ≤ 0 on a log histogram. */
  readonly nullCount: number;
  /** True when points were aggregated into bins (histogram, binned scatter, quantile bins). */
  readonly binned: boolean;
  /** Width of a histogram bin (in log10 units for a log histogram), or of a scatter bin on x. */
  readonly binWidth: number | null;
  /** Axis titles, with the aggregate ("mean of price"). */
  readonly labels: ChartLabels;
  /** How to read the values: 'fraction' is a rate in [0, 1], 'time-ms' epoch milliseconds. */
  readonly units: { readonly x: Units; readonly y: Units };
  /** The grain a line chart used: coarser than asked when the asked one had too many points. */
  readonly grain: LineGrain | null;
  /** Target charts: the positive class, or null when the target is numeric and averaged. */
  readonly positive: string | null;
  /** Columns a heatmap or target grid left out (not numeric, or past the cap). */
  readonly skipped: readonly string[];
}

export type Units = 'number' | 'fraction' | 'count' | 'time-ms' | 'category';

export interface ChartData {
  readonly kind: ChartKind;
  /** The rows to draw; the fields of each kind are listed in README.md. */
  readonly rows: readonly ChartRow[];
  /** Box plots: up to 200 sampled outliers ({group, facet, value}); empty otherwise. */
  readonly outliers: readonly ChartRow[];
  readonly meta: ChartMeta;
}
