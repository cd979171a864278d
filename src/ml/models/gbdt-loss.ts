import type { Task } from './types';

/**
 * The two losses of the GBDT, as scikit-learn's HalfBinomialLoss and HalfSquaredError:
 * gradients and hessians with respect to the raw prediction, stored as float32 (G_H_DTYPE).
 */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** The constant raw prediction the boosting starts from: log-odds of the positive rate, or the mean. */
export function baselineRaw(task: Task, y: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += y[i] ?? 0;
  const mean = sum / y.length;
  if (task === 'regression') return mean;
  const eps = 10 * Number.EPSILON; // sklearn clips the rate to [10 eps, 1 - 10 eps]
  const p = Math.min(Math.max(mean, eps), 1 - eps);
  return Math.log(p / (1 - p));
}

/**
 * Writes the gradients and hessians at the current raw predictions and returns the mean loss
 * there (one exp and one log1p per row serve both: this pass is a fair share of a boosting round).
 */
export function updateGradients(
  task: Task,
  y: Float32Array,
  raw: Float64Array,
  gradients: Float32Array,
  hessians: Float32Array,
): number {
  let total = 0;
  if (task === 'regression') {
    for (let i = 0; i < raw.length; i++) {
      const residual = (raw[i] ?? 0) - (y[i] ?? 0);
      gradients[i] = residual;
      total += 0.5 * residual * residual;
    }
    return total / raw.length;
  }
  for (let i = 0; i < raw.length; i++) {
    const z = raw[i] ?? 0;
    const target = y[i] ?? 0;
    const e = Math.exp(-Math.abs(z));
    const p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    gradients[i] = p - target;
    hessians[i] = p * (1 - p);
    total += Math.max(z, 0) + Math.log1p(e) - target * z;
  }
  return total / raw.length;
}

/** Mean loss per row: binary log-loss, or half the squared error (sklearn's "loss" scoring). */
export function meanLoss(task: Task, y: Float32Array, raw: Float64Array): number {
  let total = 0;
  if (task === 'regression') {
    for (let i = 0; i < raw.length; i++) total += 0.5 * ((raw[i] ?? 0) - (y[i] ?? 0)) ** 2;
  } else {
    for (let i = 0; i < raw.length; i++) {
      const z = raw[i] ?? 0;
      total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - (y[i] ?? 0) * z;
    }
  }
  return total / raw.length;
}

/*
 * k classes: scikit-learn's HalfMultinomialLoss. Raw scores, gradients and hessians are stored
 * class-major (class c of row i at c × rows + i), as sklearn's F-ordered (rows, k) arrays, so
 * that each class's tree reads one contiguous slice.
 */

/** fit_intercept_only: the symmetric multinomial logit of the class shares, log(p_c / gmean(p)). */
export function baselineMulticlass(y: Float32Array, nClasses: number): number[] {
  const counts = new Float64Array(nClasses);
  for (let i = 0; i < y.length; i++) {
    const c = y[i] ?? 0;
    counts[c] = (counts[c] ?? 0) + 1;
  }
  const eps = Number.EPSILON; // sklearn clips with the eps of y's dtype, float64
  const shares = Array.from(counts, (n) => Math.min(Math.max(n / y.length, eps), 1 - eps));
  const geometricMean = Math.exp(shares.reduce((s, p) => s + Math.log(p), 0) / nClasses);
  return shares.map((p) => Math.log(p / geometricMean));
}

/**
 * Softmax of row i's raw scores into `proba` (k entries), with the max subtracted as sklearn's
 * sum_exp_minus_max; returns log Σ exp(raw), the first term of the row's loss.
 */
function softmaxRow(raw: Float64Array, rows: number, i: number, proba: Float64Array): number {
  const k = proba.length;
  let max = raw[i] ?? 0;
  for (let c = 1; c < k; c++) max = Math.max(max, raw[c * rows + i] ?? 0);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp((raw[c * rows + i] ?? 0) - max);
    proba[c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) proba[c] = (proba[c] ?? 0) / sum;
  return Math.log(sum) + max;
}

/** Gradients p_c − [y = c] and hessians p_c (1 − p_c) of every class; returns the mean loss. */
export function updateGradientsMulticlass(
  y: Float32Array,
  raw: Float64Array,
  nClasses: number,
  gradients: Float32Array,
  hessians: Float32Array,
): number {
  const rows = y.length;
  const proba = new Float64Array(nClasses);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const label = y[i] ?? 0;
    total += softmaxRow(raw, rows, i, proba) - (raw[label * rows + i] ?? 0);
    for (let c = 0; c < nClasses; c++) {
      const p = proba[c] ?? 0;
      gradients[c * rows + i] = p - (c === label ? 1 : 0);
      hessians[c * rows + i] = p * (1 - p);
    }
  }
  return total / rows;
}

/** Mean multinomial log-loss (sklearn's "loss" scoring for k classes). */
export function meanLossMulticlass(y: Float32Array, raw: Float64Array, nClasses: number): number {
  const rows = y.length;
  const proba = new Float64Array(nClasses);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    total += softmaxRow(raw, rows, i, proba) - (raw[(y[i] ?? 0) * rows + i] ?? 0);
  }
  return total / rows;
}

/** Row-major probabilities (row i's class c at i × k + c) from class-major raw scores. */
export function softmaxRows(raw: Float64Array, rows: number, nClasses: number): Float64Array {
  const out = new Float64Array(rows * nClasses);
  const proba = new Float64Array(nClasses);
  for (let i = 0; i < rows; i++) {
    softmaxRow(raw, rows, i, proba);
    out.set(proba, i * nClasses);
  }
  return out;
}
