import type { BackendChoice, ModelKind, ModelSpec } from './model-types';

/**
 * A hyperparameter search: one model kind, the values to try for some of its numeric
 * parameters, tried as a grid or as `trials` random draws (seeded). Each trial is a run of the
 * same group.
 */
export interface SearchSpec {
  readonly model: ModelKind;
  readonly method: 'grid' | 'random';
  /** Random search: how many draws; grid search: at most this many of the grid's points. */
  readonly trials: number;
  readonly seed: number;
  /** The parameter name (a numeric field of the model's spec) and the values to try. */
  readonly params: readonly { readonly name: string; readonly values: readonly number[] }[];
}

/** A train cell: models fitted on a features table, compared with the brief's baseline. */
export interface TrainConfig {
  /** A features table: `__row_id`, `__split`, `__target`, then one DOUBLE per feature. */
  readonly input: string;
  /**
   * The table of the validation rows' predictions, one row per run and row: run_id, run, role,
   * row_id (`__row_id`), truth, score. Any cell can read it to compare models row by row.
   */
  readonly output: string;
  /** Each is a run; the brief's baseline is always trained beside them. */
  readonly models: readonly ModelSpec[];
  /** The TensorFlow.js backend for neural networks. */
  readonly backend: BackendChoice;
  /** k-fold cross-validation on the training rows (k ≥ 2), or null for the holdout only. */
  readonly folds: number | null;
  readonly search: SearchSpec | null;
}
