/**
 * Shared shapes for the models. Data arrives as one row-major Float32Array (that is what the
 * training worker receives, transferred), so every model reads `data[row * cols + col]`.
 */
export interface DenseMatrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

export type Task = 'classification' | 'regression';

export interface FitProgress {
  /** 1-based: the iteration (Newton step, boosting round, tree node batch) just finished. */
  readonly iteration: number;
  /** The training objective after that iteration (mean loss per row). */
  readonly loss: number;
}

export interface FitOptions {
  /** Seeds every random choice a model makes; same seed and data give the same model JSON. */
  readonly seed?: number;
  readonly onProgress?: (progress: FitProgress) => void;
  readonly signal?: AbortSignal;
  /** Only used to name columns in error messages and warnings. */
  readonly featureNames?: readonly string[];
}

export function matrix(data: Float32Array, rows: number, cols: number): DenseMatrix {
  return { data, rows, cols };
}

/**
 * One probability per class per row, row-major: class c of row i is data[i * classes + c]. The
 * same shape as ClassScores in ../metrics, so predictions go to the metrics as they are.
 */
export interface ClassProbabilities {
  readonly data: Float64Array;
  readonly rows: number;
  readonly classes: number;
}
