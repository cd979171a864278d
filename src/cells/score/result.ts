import type { InputReport } from '../../notebook/bundle/check';
import type { TableResult } from '../../data/catalog';
import type { ModelStage } from '../../notebook/registry';

/** The predictions table a score cell writes, in order: as the command line's output. */
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
  readonly task: 'binary' | 'regression';
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
  /** Rows decided "act" (score ≥ threshold); null for regression. */
  readonly acted: number | null;
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
