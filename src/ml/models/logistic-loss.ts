/**
 * The objectives of scikit-learn 1.2.1's LogisticRegression(penalty='l2', C, fit_intercept=True)
 * with its lbfgs solver, summed over rows (as sklearn's, whose gtol then applies unscaled):
 *   binary:      Σᵢ log(1 + e^zᵢ) − yᵢ zᵢ + ‖w‖² / (2C),            zᵢ = w·xᵢ + b
 *   multinomial: Σᵢ logΣₖ e^zᵢₖ − zᵢ,yᵢ + Σₖ ‖wₖ‖² / (2C),          zᵢₖ = wₖ·xᵢ + bₖ
 * intercepts unpenalised. Each evaluation is one pass over the rows that gives the loss and its
 * gradient together. Parameters: binary [w₀…w_{d−1}, b]; multinomial class by class, each
 * [wₖ₀…wₖ,d−1, bₖ].
 */
import type { DenseMatrix } from './types';

/** Binary objective at `beta`, its gradient written into `gradient`. */
export function binaryLoss(
  x: DenseMatrix,
  y: Float32Array,
  invC: number,
  beta: Float64Array,
  gradient: Float64Array,
): number {
  const { data, rows, cols: d } = x;
  gradient.fill(0);
  const b = beta[d] ?? 0;
  let loss = 0;
  let gradB = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * d;
    let z = b;
    for (let j = 0; j < d; j++) z += (beta[j] ?? 0) * (data[base + j] ?? 0);
    // softplus(z) = max(z, 0) + log1p(e^−|z|) and σ(z) from the same exponential.
    const e = Math.exp(-Math.abs(z));
    const target = y[i] ?? 0;
    loss += Math.max(z, 0) + Math.log1p(e) - target * z;
    const residual = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - target;
    gradB += residual;
    for (let j = 0; j < d; j++) gradient[j] = (gradient[j] ?? 0) + residual * (data[base + j] ?? 0);
  }
  let norm = 0;
  for (let j = 0; j < d; j++) {
    const w = beta[j] ?? 0;
    norm += w * w;
    gradient[j] = (gradient[j] ?? 0) + invC * w;
  }
  gradient[d] = gradB;
  return loss + 0.5 * invC * norm;
}

/** Multinomial objective over k classes at `beta` (k × (d + 1)), its gradient into `gradient`. */
export function multinomialLoss(
  x: DenseMatrix,
  y: Float32Array,
  k: number,
  invC: number,
  beta: Float64Array,
  gradient: Float64Array,
): number {
  const { data, rows, cols: d } = x;
  const m = d + 1;
  gradient.fill(0);
  const z = new Float64Array(k);
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * d;
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const offset = c * m;
      let s = beta[offset + d] ?? 0;
      for (let j = 0; j < d; j++) s += (beta[offset + j] ?? 0) * (data[base + j] ?? 0);
      z[c] = s;
      if (s > max) max = s;
    }
    const truth = y[i] ?? 0;
    const zTruth = z[truth] ?? 0;
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp((z[c] ?? 0) - max);
      z[c] = e;
      sum += e;
    }
    // log Σ e^z − z_truth, with the max taken out so that no exponential overflows.
    loss += max + Math.log(sum) - zTruth;
    for (let c = 0; c < k; c++) {
      // p_c − [c = truth], times the row, into class c's block.
      const residual = (z[c] ?? 0) / sum - (c === truth ? 1 : 0);
      const offset = c * m;
      for (let j = 0; j < d; j++)
        gradient[offset + j] = (gradient[offset + j] ?? 0) + residual * (data[base + j] ?? 0);
      gradient[offset + d] = (gradient[offset + d] ?? 0) + residual;
    }
  }
  let norm = 0;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      const w = beta[c * m + j] ?? 0;
      norm += w * w;
      gradient[c * m + j] = (gradient[c * m + j] ?? 0) + invC * w;
    }
  }
  return loss + 0.5 * invC * norm;
}
