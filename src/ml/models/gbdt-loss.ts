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
