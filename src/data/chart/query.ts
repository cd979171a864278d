import type { ChartLabels, ChartMeta, LineGrain } from './types';

/** A numeric feature binned on edges, and its non-NULL rows where the target is not NULL. */
export interface EdgeBinned {
  readonly name: string;
  readonly rows: number;
}

/** The SQL of one chart, and what is known about its result before it runs. */
export interface ChartQuery {
  /** The rows to draw (at most MAX_ROWS); fields per kind in README.md. */
  readonly sql: string;
  /** One row: `total` rows of the table and `drawn` rows that the chart shows. */
  readonly countSql: string;
  /** Box plots: a sample of outliers; null for the other kinds. */
  readonly outliersSql: string | null;
  readonly binned: boolean;
  readonly labels: ChartLabels;
  readonly units: ChartMeta['units'];
  readonly grain: LineGrain | null;
  readonly positive: string | null;
  /** Class-mix charts: the target's classes, in order; null for the other charts. */
  readonly classes: readonly string[] | null;
  readonly skipped: readonly string[];
}

/** What a chart query needs to know of the data beyond its columns (read by `runChart`). */
export interface ChartContext {
  /** Rows of the table: a scatter plot of more than 5,000 rows is binned. */
  readonly rowCount: number;
  /** The target's positive class (target charts), or null to average a numeric target. */
  readonly positive?: string | null;
  /** Target-rate charts of a target with 3 to 50 classes and no positive class asked: its classes, mixed per segment. */
  readonly classes?: readonly string[];
  /** Line charts: the grain to use, when the spec's one gives too many points. */
  readonly grain?: LineGrain;
  /** Target grids: text columns with a distinct value on (nearly) every row, left out unless asked for. */
  readonly idLike?: readonly string[];
  /** Target grids over many rows: numbers with many distinct values, binned on quantile edges. */
  readonly edgeBinned?: readonly EdgeBinned[];
}

export const NO_QUERY_DEFAULTS = {
  outliersSql: null,
  binned: false,
  grain: null,
  positive: null,
  classes: null,
  skipped: [],
} as const;
