import type { ChartSpec } from './chart-types';
import type { CleanStep } from './clean-types';
import type { EvaluateConfig } from './evaluate-types';
import type { FeatureEncoding } from './feature-types';
import type { TrainConfig } from './train-types';
import type { CaseId, CellId } from './ids';

/** The formats a source cell can import. */
export type SourceFormat = 'csv' | 'parquet' | 'json' | 'ndjson';

/** An imported file, kept unchanged: its bytes live in storage under `sha256`. */
export interface SourceFile {
  readonly sha256: string;
  readonly name: string;
  readonly sizeBytes: number;
  readonly format: SourceFormat;
  /** ISO 8601 time of the import. */
  readonly importedAt: string;
}

/** How a CSV is read; ignored for other formats. */
export interface CsvOptions {
  /** `auto` lets DuckDB sniff it. */
  readonly delimiter: 'auto' | ',' | ';' | '\t' | '|';
  readonly header: boolean;
  /** Skip rows that do not parse and report how many were skipped. */
  readonly skipBadRows: boolean;
}

export interface MarkdownConfig {
  readonly text: string;
}

export interface SourceConfig {
  /** The DuckDB table the file becomes. */
  readonly output: string;
  readonly file: SourceFile | null;
  /** Where the file came from, in the user's words. */
  readonly note: string;
  readonly csv: CsvOptions;
}

export interface SqlConfig {
  readonly sql: string;
  /** The table or view the query's result becomes. */
  readonly output: string;
  readonly materialize: 'table' | 'view';
}

export interface ProfileConfig {
  /** The table profiled. */
  readonly input: string;
  /** The column whose rate (or mean) is shown per value and bin; null for none. */
  readonly target: string | null;
  /** Above this many rows, the profile is computed from a repeatable sample of this size. */
  readonly sampleRows: number;
}

export interface CleanConfig {
  /** The table cleaned. */
  readonly input: string;
  /** The table the steps produce. */
  readonly output: string;
  /** Applied in order; disabled steps are skipped. */
  readonly steps: readonly CleanStep[];
}

export interface ChartConfig {
  /** The table drawn. */
  readonly input: string;
  /** null until the user has chosen a chart and its fields. */
  readonly spec: ChartSpec | null;
}

export type Task = 'binary' | 'regression';

export const METRICS = {
  binary: ['roc_auc', 'pr_auc', 'f1', 'accuracy', 'log_loss', 'brier'],
  regression: ['rmse', 'mae', 'r2', 'mape'],
} as const;
export type Metric = (typeof METRICS)[Task][number];

/** What is done with the model's answer today, without a model: the bar to beat. */
export type Baseline =
  | { readonly kind: 'majority' }
  | { readonly kind: 'mean' }
  /** An existing rule, as a SQL expression over the table: true (or a score) means "act". */
  | { readonly kind: 'rule'; readonly sql: string };

/** The value of each outcome of one decision (classification), in the case's currency. */
export interface OutcomeValues {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

/** The business question, framed: later cells read it, the report quotes it. */
export interface BriefConfig {
  readonly objective: string;
  /** The decision the model feeds. */
  readonly decision: string;
  /** The table the model learns from. */
  readonly input: string;
  readonly target: string;
  readonly task: Task;
  /** The positive class as text; '' to detect it (Yes, true, 1). */
  readonly positive: string;
  readonly metric: Metric;
  /** The "good enough" bar on the metric; null when not set. */
  readonly bar: number | null;
  readonly baseline: Baseline;
  readonly values: OutcomeValues;
  /** Regression: the cost of one unit of error over and under the truth. */
  readonly unitCost: { readonly over: number; readonly under: number };
  /** A column that orders rows in time (for time splits and leakage checks); null for none. */
  readonly timeColumn: string | null;
}

/**
 * How rows are split into training and validation: seeded, so the same data gives the same split.
 * `group` keeps every row of a group on one side; `time` trains on rows before the cutoff.
 */
export type SplitSpec =
  | { readonly kind: 'random'; readonly validationShare: number; readonly seed: number }
  | { readonly kind: 'stratified'; readonly validationShare: number; readonly seed: number }
  | {
      readonly kind: 'group';
      readonly column: string;
      readonly validationShare: number;
      readonly seed: number;
    }
  | { readonly kind: 'time'; readonly column: string; readonly cutoff: string };

/**
 * A features cell: the columns the model sees and how each is encoded, learned on the training
 * rows of the split only. Target, task and positive class come from the case's brief.
 */
export interface FeaturesConfig {
  /** The table the features are made from (usually the brief's input). */
  readonly input: string;
  /** The table made: `__row_id`, `__split`, `__target`, `[__baseline]`, then one DOUBLE per feature. */
  readonly output: string;
  /** As chosen; the fitted values of a run are in its output, not here. */
  readonly features: readonly FeatureEncoding[];
  readonly split: SplitSpec;
}

export type { TrainConfig };
export type { EvaluateConfig };

/** Every cell kind and its config: add a kind here and the registry fails to compile until it handles it. */
export interface CellConfigs {
  markdown: MarkdownConfig;
  source: SourceConfig;
  sql: SqlConfig;
  profile: ProfileConfig;
  clean: CleanConfig;
  chart: ChartConfig;
  brief: BriefConfig;
  features: FeaturesConfig;
  train: TrainConfig;
  evaluate: EvaluateConfig;
}

export type CellKind = keyof CellConfigs;

export type CellOf<K extends CellKind> = {
  readonly id: CellId;
  readonly kind: K;
  readonly config: CellConfigs[K];
  /**
   * The tables this cell reads, as the SQL parser found them when the config last changed.
   * Kept in the document so that the graph can be computed without an engine.
   */
  readonly reads: readonly string[];
};

export type Cell = { [K in CellKind]: CellOf<K> }[CellKind];

export const CASE_SCHEMA_VERSION = 1;

/** What the case's exported report holds: saved with the case, since the summary is part of the story. */
export interface ReportSettings {
  /** Written by the user, shown at the top of the report. */
  readonly summary: string;
  /** The cells in the report, in its order; null: every cell that has something to show, in document order. */
  readonly cells: readonly CellId[] | null;
}

export interface Case {
  readonly schemaVersion: typeof CASE_SCHEMA_VERSION;
  readonly id: CaseId;
  readonly title: string;
  readonly cells: readonly Cell[];
  /** ISO 8601. */
  readonly createdAt: string;
  /** ISO 8601. */
  readonly updatedAt: string;
  /** Absent until the user edits the report (and in cases saved before reports existed). */
  readonly report?: ReportSettings;
}
