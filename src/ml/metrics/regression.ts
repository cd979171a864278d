/** Regression metrics as scikit-learn 1.2.1 defines them, plus a summary of the residuals y − ŷ. */
import { pairedColumns } from './validate';
import { numpyQuantile } from './quantile';
import { FLOAT64_EPS } from './probability';

const columns = (y: ArrayLike<number>, prediction: ArrayLike<number>) =>
  pairedColumns(y, prediction, ['y', 'prediction']);

function meanOf(values: Float64Array, f: (v: number, i: number) => number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += f(values[i] ?? 0, i);
  return sum / values.length;
}

export function meanAbsoluteError(y: ArrayLike<number>, prediction: ArrayLike<number>): number {
  const rows = columns(y, prediction);
  return meanOf(rows.y, (v, i) => Math.abs(v - (rows.score[i] ?? 0)));
}

export function rootMeanSquaredError(y: ArrayLike<number>, prediction: ArrayLike<number>): number {
  const rows = columns(y, prediction);
  return Math.sqrt(meanOf(rows.y, (v, i) => (v - (rows.score[i] ?? 0)) ** 2));
}

/**
 * sklearn 1.2.1 `r2_score` with force_finite=True: 1 for perfect predictions (even of a constant
 * y), 0 for imperfect predictions of a constant y, else 1 − SS_res / SS_tot.
 */
export function rSquared(y: ArrayLike<number>, prediction: ArrayLike<number>): number {
  const rows = columns(y, prediction);
  const mean = meanOf(rows.y, (v) => v);
  const residual = meanOf(rows.y, (v, i) => (v - (rows.score[i] ?? 0)) ** 2);
  const total = meanOf(rows.y, (v) => (v - mean) ** 2);
  if (residual === 0) return 1;
  if (total === 0) return 0;
  return 1 - residual / total;
}

/**
 * sklearn 1.2.1 `mean_absolute_percentage_error`: mean |y − ŷ| / max(|y|, ε), ε the float64
 * epsilon. A share (0.1 = 10 %); a zero y gives a huge term rather than Infinity, as there.
 */
export function meanAbsolutePercentageError(y: ArrayLike<number>, prediction: ArrayLike<number>): number {
  const rows = columns(y, prediction);
  return meanOf(rows.y, (v, i) => Math.abs((rows.score[i] ?? 0) - v) / Math.max(Math.abs(v), FLOAT64_EPS));
}

export interface ResidualSummary {
  readonly count: number;
  /** Mean of y − ŷ: positive when the model under-predicts on average. */
  readonly mean: number;
  /** Population standard deviation (ddof = 0, as numpy's std). */
  readonly std: number;
  readonly min: number;
  readonly p05: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
  readonly meanAbsolute: number;
}

/** Residuals y − ŷ summarised; quantiles by numpy's default linear interpolation. */
export function residualSummary(y: ArrayLike<number>, prediction: ArrayLike<number>): ResidualSummary {
  const rows = columns(y, prediction);
  const residuals = rows.y.map((v, i) => v - (rows.score[i] ?? 0));
  const mean = meanOf(residuals, (v) => v);
  const sorted = Float64Array.from(residuals).sort();
  return {
    count: residuals.length,
    mean,
    std: Math.sqrt(meanOf(residuals, (v) => (v - mean) ** 2)),
    min: sorted[0] ?? NaN,
    p05: numpyQuantile(sorted, 0.05),
    median: numpyQuantile(sorted, 0.5),
    p95: numpyQuantile(sorted, 0.95),
    max: sorted[sorted.length - 1] ?? NaN,
    meanAbsolute: meanOf(residuals, Math.abs),
  };
}
