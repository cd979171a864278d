import type { DenseMatrix, FitOptions, Task } from './types';
import { checkBinaryTarget, checkShape, checkTargetFinite } from './validate';

/**
 * The honest floor every model must beat: for classification the training positive rate is
 * every row's score (so its ROC AUC is 0.5 and its accuracy that of the majority class), for
 * regression the training mean.
 */
export interface BaselineModel {
  readonly kind: 'baseline';
  readonly format: 1;
  readonly task: Task;
  readonly nFeatures: number;
  /** Positive rate (classification) or mean (regression) of the training target. */
  readonly value: number;
  readonly nTrain: number;
}

export interface BaselineOptions extends FitOptions {
  readonly task: Task;
}

export function fitBaseline(x: DenseMatrix, y: Float32Array, options: BaselineOptions): BaselineModel {
  checkShape(x, y);
  if (options.task === 'classification') checkBinaryTarget(y);
  else checkTargetFinite(y);
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += y[i] ?? 0;
  return {
    kind: 'baseline',
    format: 1,
    task: options.task,
    nFeatures: x.cols,
    value: sum / y.length,
    nTrain: y.length,
  };
}

export function predictBaseline(model: BaselineModel, x: DenseMatrix): Float64Array {
  return new Float64Array(x.rows).fill(model.value);
}

/** The class the baseline predicts for every row: the majority one (ties go to 1). */
export function baselineMajorityClass(model: BaselineModel): 0 | 1 {
  return model.value >= 0.5 ? 1 : 0;
}
