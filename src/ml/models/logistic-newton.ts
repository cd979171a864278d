import { cholesky, choleskySolve, pseudoSolve } from './linalg';
import type { FitLoop } from './progress';
import type { DenseMatrix } from './types';

/**
 * Newton's method with a backtracking line search for the binary objective of logistic.ts: the
 * (d+1)² Hessian costs n·d²/2 per step, and 5–10 steps reach the optimum to float64's floor
 * whatever the conditioning. Stops when half the Newton decrement (≈ how far the objective is
 * above its minimum) falls below tol × max(1, objective), after one last full step.
 */

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function linear(x: DenseMatrix, row: number, beta: Float64Array): number {
  const d = x.cols;
  const base = row * d;
  let z = beta[d] ?? 0;
  for (let j = 0; j < d; j++) z += (beta[j] ?? 0) * (x.data[base + j] ?? 0);
  return z;
}

function objective(x: DenseMatrix, y: Float32Array, beta: Float64Array, invC: number): number {
  let f = 0;
  for (let i = 0; i < x.rows; i++) {
    const z = linear(x, i, beta);
    f += softplus(z) - (y[i] ?? 0) * z;
  }
  let norm = 0;
  for (let j = 0; j < x.cols; j++) norm += (beta[j] ?? 0) ** 2;
  return f + 0.5 * invC * norm;
}

interface Derivatives {
  readonly gradient: Float64Array;
  readonly hessian: Float64Array;
}

/** Rows per Hessian update: four rows share each load and store of the m² Hessian entries. */
const BLOCK = 4;

/** hessian[j][k≥j] += Σ_b weights[b] · rows[b][j] · rows[b][k] over one block of augmented rows. */
function addBlock(hessian: Float64Array, m: number, rows: Float64Array, weights: Float64Array): void {
  const [w0 = 0, w1 = 0, w2 = 0, w3 = 0] = weights;
  for (let j = 0; j < m; j++) {
    const a0 = w0 * (rows[j] ?? 0);
    const a1 = w1 * (rows[m + j] ?? 0);
    const a2 = w2 * (rows[2 * m + j] ?? 0);
    const a3 = w3 * (rows[3 * m + j] ?? 0);
    const offset = j * m;
    for (let k = j; k < m; k++) {
      const sum =
        a0 * (rows[k] ?? 0) +
        a1 * (rows[m + k] ?? 0) +
        a2 * (rows[2 * m + k] ?? 0) +
        a3 * (rows[3 * m + k] ?? 0);
      hessian[offset + k] = (hessian[offset + k] ?? 0) + sum;
    }
  }
}

/** Gradient and Hessian of the objective over the augmented rows [x, 1]. */
function derivatives(x: DenseMatrix, y: Float32Array, beta: Float64Array, invC: number): Derivatives {
  const d = x.cols;
  const m = d + 1;
  const gradient = new Float64Array(m);
  const hessian = new Float64Array(m * m);
  const rows = new Float64Array(BLOCK * m);
  const weights = new Float64Array(BLOCK);
  for (let i = 0; i < x.rows; i++) {
    const slot = i % BLOCK;
    const p = sigmoid(linear(x, i, beta));
    const residual = p - (y[i] ?? 0);
    weights[slot] = p * (1 - p);
    for (let j = 0; j < d; j++) {
      const v = x.data[i * d + j] ?? 0;
      rows[slot * m + j] = v;
      gradient[j] = (gradient[j] ?? 0) + residual * v;
    }
    rows[slot * m + d] = 1;
    gradient[d] = (gradient[d] ?? 0) + residual;
    if (slot === BLOCK - 1 || i === x.rows - 1) {
      weights.fill(0, slot + 1); // a short last block: the unused slots weigh nothing
      addBlock(hessian, m, rows, weights);
    }
  }
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < j; k++) hessian[j * m + k] = hessian[k * m + j] ?? 0;
  }
  for (let j = 0; j < d; j++) {
    gradient[j] = (gradient[j] ?? 0) + invC * (beta[j] ?? 0);
    hessian[j * m + j] = (hessian[j * m + j] ?? 0) + invC;
  }
  return { gradient, hessian };
}

function newtonDirection({ gradient, hessian }: Derivatives): Float64Array {
  const m = gradient.length;
  const negative = gradient.map((g) => -g);
  const l = cholesky(hessian, m, 1e-14);
  // The Hessian is positive definite in exact arithmetic (penalty + p(1-p) > 0 on the
  // intercept); the pseudo-inverse only guards against p(1-p) underflowing on separable data.
  return l === null ? pseudoSolve(hessian, m, negative).x : choleskySolve(l, m, negative);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

/** Backtracking (Armijo) along `direction`; returns the new point and objective, or null if none improves. */
function lineSearch(
  x: DenseMatrix,
  y: Float32Array,
  beta: Float64Array,
  f: number,
  direction: Float64Array,
  slope: number,
  invC: number,
): { beta: Float64Array; f: number } | null {
  for (let step = 1, tries = 0; tries < 40; tries++, step /= 2) {
    const candidate = beta.map((b, j) => b + step * (direction[j] ?? 0));
    const fc = objective(x, y, candidate, invC);
    if (fc <= f + 1e-4 * step * slope) return { beta: candidate, f: fc };
  }
  return null;
}

export interface NewtonResult {
  readonly beta: Float64Array;
  /** The objective at beta. */
  readonly f: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Newton from `start` (zero by default), numbering its steps on from start.iterations. */
export async function newtonSolve(
  x: DenseMatrix,
  y: Float32Array,
  invC: number,
  maxIter: number,
  tol: number,
  loop: FitLoop,
  start: { beta: Float64Array; iterations: number } = { beta: new Float64Array(x.cols + 1), iterations: 0 },
): Promise<NewtonResult> {
  let beta: Float64Array = Float64Array.from(start.beta);
  let f = objective(x, y, beta, invC);
  let converged = false;
  let iterations = start.iterations;
  const lastIteration = start.iterations + maxIter;
  while (iterations < lastIteration && !converged) {
    loop.throwIfAborted();
    const derivs = derivatives(x, y, beta, invC);
    const direction = newtonDirection(derivs);
    const slope = dot(derivs.gradient, direction);
    iterations++;
    if (-slope / 2 <= tol * Math.max(1, Math.abs(f))) {
      // Close enough that the last Newton step is accurate to its square: take it unless it
      // visibly raises the objective (the line search cannot see gains this small).
      const last = beta.map((b, j) => b + (direction[j] ?? 0));
      const fLast = objective(x, y, last, invC);
      if (fLast <= f + 1e-12 * Math.max(1, Math.abs(f))) ({ beta, f } = { beta: last, f: fLast });
      converged = true;
      // The last step is reported too: a curve of n steps has n points.
      await loop.step(iterations, f / x.rows);
      break;
    }
    const next = lineSearch(x, y, beta, f, direction, slope, invC);
    if (next === null) {
      // No step lowers the objective: we are at the floor of float64 precision.
      converged = -slope / 2 <= 1e-8 * Math.max(1, Math.abs(f));
      break;
    }
    ({ beta, f } = next);
    await loop.step(iterations, f / x.rows);
  }
  return { beta, f, iterations, converged };
}
