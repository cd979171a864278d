import { ModelError } from './errors';
import { mulberry32, permutation } from './prng';
import type { DenseMatrix } from './types';

/** The early-stopping holdout and rule of scikit-learn's HistGradientBoosting (scoring='loss'). */
export interface EarlyStoppingSettings {
  readonly validationFraction: number;
  readonly nIterNoChange: number;
  readonly tol: number;
}

export function earlyStoppingSettings(raw: {
  validationFraction?: number;
  nIterNoChange?: number;
  tol?: number;
}): EarlyStoppingSettings {
  const s = { validationFraction: 0.1, nIterNoChange: 10, tol: 1e-7, ...raw };
  if (!(s.validationFraction > 0 && s.validationFraction < 1)) {
    throw new ModelError('bad-option', `validationFraction must be in (0, 1); got ${s.validationFraction}.`);
  }
  if (!Number.isInteger(s.nIterNoChange) || s.nIterNoChange < 1) {
    throw new ModelError('bad-option', `nIterNoChange must be an integer ≥ 1; got ${s.nIterNoChange}.`);
  }
  return s;
}

/**
 * Seeded holdout rows; stratified by class for classification (`nClasses` labels 0 … k − 1) so
 * that both parts keep every class's share, plain for regression (`nClasses` null). Row order
 * inside each part is ascending (the model does not depend on it).
 */
export function holdout(
  y: Float32Array,
  nClasses: number | null,
  fraction: number,
  seed: number,
): { train: Int32Array; validation: Int32Array } {
  const order = permutation(y.length, mulberry32(seed ^ 0x5bd1e995));
  // Each class's rows in shuffled order; the first `fraction` of each are held out.
  const groups: number[][] = Array.from({ length: nClasses ?? 1 }, () => []);
  for (const row of order) groups[nClasses === null ? 0 : (y[row] ?? 0)]?.push(row);
  const isValidation = new Uint8Array(y.length);
  for (const members of groups) {
    const take = Math.round(fraction * members.length);
    for (const row of members.slice(0, take)) isValidation[row] = 1;
  }
  const validation: number[] = [];
  const train: number[] = [];
  for (let i = 0; i < y.length; i++) (isValidation[i] === 1 ? validation : train).push(i);
  if (validation.length === 0 || train.length === 0) {
    throw new ModelError(
      'no-rows',
      `Too few rows (${y.length}) to hold out a validation part for early stopping.`,
    );
  }
  return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
}

export function takeRows(
  x: DenseMatrix,
  y: Float32Array,
  rows: Int32Array,
): { x: DenseMatrix; y: Float32Array } {
  const data = new Float32Array(rows.length * x.cols);
  const target = new Float32Array(rows.length);
  rows.forEach((row, k) => {
    data.set(x.data.subarray(row * x.cols, (row + 1) * x.cols), k * x.cols);
    target[k] = y[row] ?? 0;
  });
  return { x: { data, rows: rows.length, cols: x.cols }, y: target };
}

/**
 * sklearn's _should_stop: stop when none of the last nIterNoChange scores (negative validation
 * loss, the first being the baseline's) beats the one before them by more than tol.
 */
export function shouldStop(scores: readonly number[], settings: EarlyStoppingSettings): boolean {
  const reference = settings.nIterNoChange + 1;
  if (scores.length < reference) return false;
  const referenceScore = (scores[scores.length - reference] ?? 0) + settings.tol;
  return !scores.slice(scores.length - reference + 1).some((s) => s > referenceScore);
}
