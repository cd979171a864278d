/**
 * Shapes shared by the explainers. They are model-agnostic: a model is only a scoring function
 * over a row-major float32 matrix, so the same code explains a logistic regression in Node and
 * the tfjs network behind a worker.
 */
import type { DenseMatrix } from '../models/types';

export type { DenseMatrix };

/** One score per row: the probability of the positive class, or the predicted value. */
export type ScoreArray = Float32Array | Float64Array;

/**
 * Scores `rows` rows of `columns` features, row-major. The explainers hand over a freshly
 * allocated array on every call, so an implementation may transfer its buffer to a worker.
 */
export type ScoreFn = (x: Float32Array, rows: number, columns: number) => ScoreArray | Promise<ScoreArray>;

/** Rows scored so far out of the rows the whole computation scores. */
export interface ExplainProgress {
  readonly done: number;
  readonly total: number;
}

/** What every long explainer accepts. */
export interface RunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ExplainProgress) => void;
  /**
   * The most float32 values one call of the ScoreFn receives (rows × columns); default 2²² (16 MiB).
   * Bounds the memory of a batch; bigger batches mean fewer calls into the worker.
   */
  readonly maxBatchValues?: number;
}

/**
 * Columns that came from one source column (the one-hot columns of `Contract`, a number and its
 * missing-value flag): explained together, under the source's name.
 */
export interface FeatureGroup {
  readonly name: string;
  readonly columns: readonly number[];
}
