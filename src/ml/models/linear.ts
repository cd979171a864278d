import { cholesky, choleskySolve, pseudoSolve } from './linalg';
import type { DenseMatrix, FitOptions } from './types';
import { checkFeatures, checkPositive, checkShape, checkTargetFinite } from './validate';

/**
 * Least-squares linear regression (ridge when alpha > 0; the intercept is never penalised, as
 * in scikit-learn's Ridge). Solved on centred data through the normal equations with Cholesky.
 * Constant columns get coefficient 0; when the rest is still rank-deficient (collinear columns,
 * more features than rows) the minimum-norm solution is used, which is what scikit-learn's
 * LinearRegression (numpy lstsq) returns, and `warnings` says so.
 */
export interface LinearModel {
  readonly kind: 'linear';
  readonly format: 1;
  readonly nFeatures: number;
  readonly coef: number[];
  readonly intercept: number;
  readonly alpha: number;
  /** Numerical rank of the (centred) design the solution used. */
  readonly rank: number;
  readonly warnings: string[];
}

export interface LinearOptions extends FitOptions {
  /** Ridge penalty on the coefficients (default 0: ordinary least squares). */
  readonly alpha?: number;
}

function columnMeans(x: DenseMatrix): Float64Array {
  const means = new Float64Array(x.cols);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) means[j] = (means[j] ?? 0) + (x.data[i * x.cols + j] ?? 0);
  }
  return means.map((s) => s / x.rows);
}

/** Columns whose training values are all identical: their centred column is exactly zero. */
function constantColumns(x: DenseMatrix): boolean[] {
  const constant: boolean[] = [];
  for (let j = 0; j < x.cols; j++) {
    const first = x.data[j] ?? 0;
    let same = true;
    for (let i = 1; i < x.rows && same; i++) same = (x.data[i * x.cols + j] ?? 0) === first;
    constant.push(same);
  }
  return constant;
}

/** Xcᵀ Xc and Xcᵀ yc over the `active` columns, with X and y centred by their means. */
function normalEquations(
  x: DenseMatrix,
  y: Float32Array,
  active: number[],
  means: Float64Array,
  yMean: number,
): { gram: Float64Array; rhs: Float64Array } {
  const k = active.length;
  const gram = new Float64Array(k * k);
  const rhs = new Float64Array(k);
  const row = new Float64Array(k);
  for (let i = 0; i < x.rows; i++) {
    for (let a = 0; a < k; a++) {
      const j = active[a] ?? 0;
      row[a] = (x.data[i * x.cols + j] ?? 0) - (means[j] ?? 0);
    }
    const yc = (y[i] ?? 0) - yMean;
    for (let a = 0; a < k; a++) {
      const ra = row[a] ?? 0;
      rhs[a] = (rhs[a] ?? 0) + ra * yc;
      for (let b = a; b < k; b++) gram[a * k + b] = (gram[a * k + b] ?? 0) + ra * (row[b] ?? 0);
    }
  }
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < a; b++) gram[a * k + b] = gram[b * k + a] ?? 0;
  }
  return { gram, rhs };
}

function solve(
  gram: Float64Array,
  rhs: Float64Array,
  k: number,
  x: DenseMatrix,
  warnings: string[],
): { solution: Float64Array; rank: number } {
  const l = cholesky(gram, k, 1e-10);
  if (l !== null) return { solution: choleskySolve(l, k, rhs), rank: k };
  const { x: solution, rank } = pseudoSolve(gram, k, rhs, 1e-10);
  const wide = x.rows <= x.cols ? `, with ${x.cols} features for ${x.rows} rows` : '';
  warnings.push(
    `The features are collinear (rank ${rank} of ${k}${wide}): used the minimum-norm least-squares ` +
      'solution (pseudo-inverse), so the individual coefficients are not unique. Drop redundant ' +
      'columns or set a ridge penalty (alpha) for stable coefficients.',
  );
  return { solution, rank };
}

export function fitLinear(x: DenseMatrix, y: Float32Array, options: LinearOptions = {}): LinearModel {
  const { alpha = 0, featureNames } = options;
  checkShape(x, y);
  checkPositive(alpha, 'alpha', true);
  checkTargetFinite(y);
  checkFeatures(x, 'Linear regression', false, featureNames);
  const warnings: string[] = [];
  const constant = constantColumns(x);
  const active = constant.flatMap((isConstant, j) => (isConstant ? [] : [j]));
  const dropped = constant.flatMap((isConstant, j) =>
    isConstant ? [featureNames?.[j] ?? `column ${j + 1}`] : [],
  );
  if (dropped.length > 0) {
    warnings.push(`Constant in the training rows, so given coefficient 0: ${dropped.join(', ')}.`);
  }
  const means = columnMeans(x);
  let yMean = 0;
  for (let i = 0; i < y.length; i++) yMean += y[i] ?? 0;
  yMean /= y.length;
  const k = active.length;
  const { gram, rhs } = normalEquations(x, y, active, means, yMean);
  for (let a = 0; a < k; a++) gram[a * k + a] = (gram[a * k + a] ?? 0) + alpha;
  const { solution, rank } =
    k === 0 ? { solution: new Float64Array(0), rank: 0 } : solve(gram, rhs, k, x, warnings);
  const coef = new Array<number>(x.cols).fill(0);
  active.forEach((j, a) => (coef[j] = solution[a] ?? 0));
  const intercept = yMean - coef.reduce((s, c, j) => s + c * (means[j] ?? 0), 0);
  return { kind: 'linear', format: 1, nFeatures: x.cols, coef, intercept, alpha, rank, warnings };
}

export function predictLinear(model: LinearModel, x: DenseMatrix): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let z = model.intercept;
    for (let j = 0; j < x.cols; j++) z += (model.coef[j] ?? 0) * (x.data[i * x.cols + j] ?? 0);
    out[i] = z;
  }
  return out;
}
