/**
 * Metrics of predicted probabilities: log loss, Brier score and the calibration curve, each as
 * scikit-learn 1.2.1 computes it.
 */
import { MlError } from './errors';
import { probabilityColumns } from './validate';
import { numpyQuantile } from './quantile';

/** np.finfo(np.float64).eps: sklearn 1.2.1's log_loss default, eps="auto" for float64 input. */
export const FLOAT64_EPS = 2.220446049250313e-16;

/**
 * The clipping of every log loss here: 1e-15, sklearn's `log_loss(..., eps=1e-15)` (its default
 * before 1.2, and what issue 19 asks for). It bounds a pure leaf's wrong answer at −log(1e-15) ≈
 * 34.5. Note: 1.2.1's own default is eps="auto" (FLOAT64_EPS for float64 input, ≈ 36.0 per such
 * row); pass `{ eps: FLOAT64_EPS }` to get it.
 */
export const LOG_LOSS_EPS = 1e-15;

/**
 * sklearn 1.2.1 `log_loss(y, p, labels=[0, 1], eps=1e-15)`: p clipped to [eps, 1 − eps], the pair
 * (1 − p, p) renormalised, mean −log of the true class. Defined with one class too (sklearn needs
 * `labels`).
 */
export function logLoss(
  y: ArrayLike<number>,
  probability: ArrayLike<number>,
  options: { eps?: number } = {},
): number {
  const eps = options.eps ?? LOG_LOSS_EPS;
  if (!(eps >= 0 && eps < 0.5)) throw new MlError('bad-option', `eps must be in [0, 0.5); got ${eps}.`);
  const rows = probabilityColumns(y, probability);
  let sum = 0;
  for (let i = 0; i < rows.y.length; i++) {
    const p = Math.min(Math.max(rows.score[i] ?? 0, eps), 1 - eps);
    const q = 1 - p;
    const total = q + p;
    sum -= Math.log((rows.y[i] === 1 ? p : q) / total);
  }
  return sum / rows.y.length;
}

/** sklearn 1.2.1 `brier_score_loss`: mean (y − p)². */
export function brierScore(y: ArrayLike<number>, probability: ArrayLike<number>): number {
  const rows = probabilityColumns(y, probability);
  let sum = 0;
  for (let i = 0; i < rows.y.length; i++) sum += ((rows.y[i] ?? 0) - (rows.score[i] ?? 0)) ** 2;
  return sum / rows.y.length;
}

export type CalibrationStrategy = 'uniform' | 'quantile';

export interface CalibrationBin {
  /** Share of positives in the bin (sklearn's prob_true). */
  readonly fractionPositive: number;
  /** Mean predicted probability in the bin (sklearn's prob_pred). */
  readonly meanPredicted: number;
  readonly count: number;
}

function binEdges(probability: Float64Array, nBins: number, strategy: CalibrationStrategy): number[] {
  // np.linspace(0, 1, n + 1): i · (1 / n), the last exactly 1.
  const step = 1 / nBins;
  const grid = Array.from({ length: nBins + 1 }, (_, i) => (i === nBins ? 1 : i * step));
  if (strategy === 'uniform') return grid;
  // np.percentile(p, q · 100) divides by 100 again before interpolating.
  const sorted = Float64Array.from(probability).sort();
  return grid.map((q) => numpyQuantile(sorted, (q * 100) / 100));
}

/** np.searchsorted(inner, v, side='left'): how many inner edges lie strictly below v. */
function binOf(inner: readonly number[], v: number): number {
  let lo = 0;
  let hi = inner.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((inner[mid] ?? 0) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** sklearn 1.2.1 `calibration_curve(y, p, n_bins, strategy)`; empty bins are left out, as there. */
export function calibrationCurve(
  y: ArrayLike<number>,
  probability: ArrayLike<number>,
  options: { nBins?: number; strategy?: CalibrationStrategy } = {},
): CalibrationBin[] {
  const nBins = options.nBins ?? 5;
  if (!Number.isInteger(nBins) || nBins < 1) {
    throw new MlError('bad-option', `nBins must be a whole number ≥ 1; got ${nBins}.`);
  }
  const rows = probabilityColumns(y, probability);
  const inner = binEdges(rows.score, nBins, options.strategy ?? 'uniform').slice(1, -1);
  const sums = new Float64Array(nBins + 1);
  const positives = new Float64Array(nBins + 1);
  const counts = new Float64Array(nBins + 1);
  for (let i = 0; i < rows.y.length; i++) {
    const bin = binOf(inner, rows.score[i] ?? 0);
    sums[bin] = (sums[bin] ?? 0) + (rows.score[i] ?? 0);
    positives[bin] = (positives[bin] ?? 0) + (rows.y[i] ?? 0);
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  const bins: CalibrationBin[] = [];
  counts.forEach((count, bin) => {
    if (count === 0) return;
    bins.push({
      fractionPositive: (positives[bin] ?? 0) / count,
      meanPredicted: (sums[bin] ?? 0) / count,
      count,
    });
  });
  return bins;
}
