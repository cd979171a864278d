import type { InputReport } from '../../notebook/bundle/check';
import type { TableResult } from '../../data/catalog';
import type { ModelStage } from '../../notebook/registry';

/**
 * The predictions table a score cell writes, in order: as the command line's output. A multiclass
 * version writes row_id, score_<class> per class, predicted, decision (a class), model_version.
 */
export const SCORE_COLUMNS = ['row_id', 'score', 'decision', 'model_version'] as const;

/** The model version a score cell used. */
export interface ScoredWith {
  readonly version: number;
  readonly stage: ModelStage;
  readonly name: string;
  readonly kind: string;
  readonly sha256: string;
  /** Binary: act when score ≥ threshold (null: act on no one); regression: null. */
  readonly threshold: number | null;
  readonly task: 'binary' | 'multiclass' | 'regression';
  /** Multiclass: the classes, in the order of the score columns; null otherwise. */
  readonly classes: readonly string[] | null;
  /** Multiclass: how a class is decided — least expected cost under the brief's cost matrix, or arg-max. */
  readonly rule: 'min-expected-cost' | 'arg-max' | null;
}

/** What a score cell's run produces. */
export interface ScoreOutput {
  readonly kind: 'score';
  readonly model: ScoredWith;
  /** The input check, as the command line prints it. */
  readonly report: InputReport;
  /** The predictions table, as the grid shows it. */
  readonly table: TableResult;
  readonly rows: number;
  /** Rows decided "act" (score ≥ threshold); null for regression and multiclass. */
  readonly acted: number | null;
  /** Multiclass: rows decided as each class, in the order of `model.classes`; null otherwise. */
  readonly decided?: readonly number[] | null;
  /** The feature SQL the scores were made with (generated from the bundle's fitted spec). */
  readonly featureSql: string;
}

/** How far the scoring is: rows scored of all. */
export interface ScoreProgress {
  readonly kind: 'score';
  readonly stage: 'checking' | 'preparing' | 'scoring' | 'writing';
  readonly rows: number;
  readonly total: number;
}
