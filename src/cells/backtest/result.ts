import type { DecisionRule } from '../../ml/value/multiclass';
import type { Metric, Task } from '../../notebook/types';

/*
 * What a backtest cell's run produces: per fold, the rows it trained and tested on, the leakage
 * check, and each run's metric and value; over the folds, each run's mean, spread and trend.
 */

/** Which run of a fold: the brief's rule, the baseline (training positive rate / mean) or a model. */
export type BacktestRole = 'baseline' | 'rule' | 'model';

export interface FoldRun {
  /** Stable across folds: "baseline", "rule", "model-0", … (one line of the chart per key). */
  readonly key: string;
  readonly label: string;
  readonly role: BacktestRole;
  /** The brief's metric on the fold's test rows; null when undefined there (one class) or failed. */
  readonly metric: number | null;
  /** Business value per 1,000 test rows at the cell's threshold (binary); null for regression or failed. */
  readonly valuePerThousand: number | null;
  /** Why it failed, for people; null when it trained. */
  readonly message: string | null;
  /** The train call as the page saw it: the fit, copying the rows in the worker, scoring, the transfers. */
  readonly durationMs: number;
  /** The model's fit alone, as the worker timed it; null for the rule, a failed run or one restored. */
  readonly fitMs: number | null;
}

/** Where one fold's time went, in ms, in this tab's run. */
export interface FoldTiming {
  /** True when the fold was restored from its stored runs: nothing trained, the times are the restoring. */
  readonly restored: boolean;
  /** Its rows selected, the features fitted on its training rows, its matrix read (DuckDB). */
  readonly featuresMs: number;
  /** The runs' model fits in the worker, summed. */
  readonly fitMs: number;
  /** The runs' train calls, summed: the fits plus copying rows in the worker, scoring and the transfers. */
  readonly trainMs: number;
  /** The whole fold, from its start to its result. */
  readonly totalMs: number;
}

/** Where the run's time went outside its folds, in ms. */
export interface BacktestTiming {
  /** Reading the input in time order and planning the folds. */
  readonly prepareMs: number;
  /** Storing the folds' runs. */
  readonly storeMs: number;
  /** The whole run, from its start to its result. */
  readonly totalMs: number;
}

export interface FoldResult {
  readonly index: number;
  /** The test's period ('2001-03') or 'fold 2'. */
  readonly label: string;
  /** ISO times of each side, half-open: start ≤ t < end. */
  readonly train: { readonly start: string; readonly end: string; readonly rows: number };
  readonly test: { readonly start: string; readonly end: string; readonly rows: number };
  /** Rows the models trained on (fewer than `train.rows` when the cell caps them). */
  readonly trainedRows: number;
  readonly testPositives: number | null;
  /** No test time before a train time; the message says how many rows leak otherwise. */
  readonly leakage: { readonly ok: boolean; readonly message: string | null };
  readonly runs: readonly FoldRun[];
  /** SHA-256 of the fold's fitted feature spec: the fitted values differ fold to fold. */
  readonly fittedFingerprint: string;
  readonly timing: FoldTiming;
}

/** One run over every fold. */
export interface RunSummary {
  readonly key: string;
  readonly label: string;
  readonly role: BacktestRole;
  /** Mean and population standard deviation of the metric over the folds that have one. */
  readonly mean: number | null;
  readonly std: number | null;
  readonly valueMean: number | null;
  readonly valueStd: number | null;
  /** The least-squares slope of the metric per fold (null with fewer than 2 folds with a value). */
  readonly slope: number | null;
  /** The decay warning (metric worsening across folds), with its slope; null when none. */
  readonly decay: string | null;
}

export interface BacktestOutput {
  readonly kind: 'backtest';
  readonly features: string;
  readonly timeColumn: string;
  readonly task: Task;
  readonly metric: Metric;
  readonly bar: number | null;
  readonly threshold: number;
  /**
   * Multiclass: the brief's decision rule the value was reached by (the least expected cost under
   * its cost matrix, else the most probable class). Absent: the most probable class, the only
   * rule before this was recorded.
   */
  readonly decisionRule?: DecisionRule;
  readonly folds: readonly FoldResult[];
  readonly summaries: readonly RunSummary[];
  /** Notes on the plan (folds dropped at the edges, a capped training set). */
  readonly notes: readonly string[];
  readonly timing: BacktestTiming;
  /** Where the folds' runs were stored: one batch per fold, sharing a group id. */
  readonly storage:
    | { readonly state: 'saved' | 'restored'; readonly groupId: string }
    | {
        readonly state: 'failed';
        readonly message: string;
      };
}

/** What a running backtest reports: the fold and run it is on. */
export interface BacktestProgress {
  readonly kind: 'backtest';
  readonly fold: number;
  readonly folds: number;
  readonly step: string;
}
