import type { ClassProbabilities, DenseMatrix, FitOptions, Task } from './types';
import { checkBinaryTarget, checkMulticlassTarget, checkShape, checkTargetFinite } from './validate';

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

/**
 * The multiclass floor: every row scores the training class shares (scikit-learn's
 * DummyClassifier(strategy='prior')), so its arg-max is the majority class (the first on a tie).
 */
export interface MulticlassBaselineModel {
  readonly kind: 'baseline-multiclass';
  readonly format: 1;
  readonly nFeatures: number;
  readonly classes: string[];
  /** Share of each class in the training rows. */
  readonly prior: number[];
  readonly nTrain: number;
}

export function fitMulticlassBaseline(
  x: DenseMatrix,
  y: Float32Array,
  options: FitOptions & { readonly classes: readonly string[] },
): MulticlassBaselineModel {
  checkShape(x, y);
  const counts = checkMulticlassTarget(y, options.classes);
  return {
    kind: 'baseline-multiclass',
    format: 1,
    nFeatures: x.cols,
    classes: [...options.classes],
    prior: counts.map((c) => c / y.length),
    nTrain: y.length,
  };
}

export function predictMulticlassBaseline(
  model: MulticlassBaselineModel,
  x: DenseMatrix,
): ClassProbabilities {
  const k = model.classes.length;
  const data = new Float64Array(x.rows * k);
  for (let i = 0; i < x.rows; i++) data.set(model.prior, i * k);
  return { data, rows: x.rows, classes: k };
}
