/*
 * The spec of a chart (what the user asked for, saved in the document) and the data a chart
 * query returns (small plain JSON, never saved). The spec's types live in src/notebook/chart-types.ts.
 */

import type { ChartKind, LineGrain } from '../../notebook/chart-types';

export type * from '../../notebook/chart-types';

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
  /** Class-mix charts (a target-rate chart of a target with 3 to 50 classes): the classes; null otherwise. */
  readonly classes: readonly string[] | null;
  /** Columns a heatmap or target grid left out (not numeric, or past the cap). */
  readonly skipped: readonly string[];
  /** Every statement the chart ran after DESCRIBE (context, data, outliers, counts): shown to the user, replayed by the benchmark. */
  readonly queries: readonly string[];
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
