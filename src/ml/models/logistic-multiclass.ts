import { minimizeLbfgs } from './lbfgs';
import { LBFGS_GTOL } from './logistic';
import { multinomialLoss } from './logistic-loss';
import { FitLoop } from './progress';
import type { ClassProbabilities, DenseMatrix, FitOptions } from './types';
import { checkFeatures, checkInteger, checkMulticlassTarget, checkPositive, checkShape } from './validate';

/**
 * Multinomial (softmax) logistic regression over k classes, the objective of scikit-learn 1.2.1's
 * LogisticRegression(multi_class='multinomial', solver='lbfgs', penalty='l2', C):
 *   Σᵢ −log softmax(W xᵢ + b)_{yᵢ} + ‖W‖²_F / (2C), the intercepts not penalised,
 * minimised by L-BFGS from zero (as sklearn: the intercepts then sum to 0, which pins down the one
 * direction the loss does not see, shifting every intercept alike). No Newton path: its Hessian
 * has (k(d + 1))² entries. Converged to the gradient's rounding (tol), not to sklearn's looser
 * default, so the coefficients are the optimum's, whatever the solver.
 */
export interface MulticlassLogisticModel {
  readonly kind: 'logistic-multiclass';
  readonly format: 1;
  readonly nFeatures: number;
  /** Class names; class c is index c of coef, intercept and every prediction row. */
  readonly classes: string[];
  /** coef[c]: the nFeatures weights of class c. */
  readonly coef: number[][];
  readonly intercept: number[];
  readonly C: number;
  readonly solver: 'lbfgs';
  readonly iterations: number;
  readonly converged: boolean;
  /** Mean penalised log-loss per training row at the solution. */
  readonly loss: number;
  readonly warnings: string[];
}

export interface MulticlassLogisticOptions extends FitOptions {
  /** The class names; y holds indices into them (see ../metrics/classes.ts). */
  readonly classes: readonly string[];
  /** Inverse regularisation strength, as in scikit-learn (default 1). */
  readonly C?: number;
  /** L-BFGS iterations (default 1,000). */
  readonly maxIter?: number;
  /**
   * Stop when every gradient entry is at most gtol × max(1, n·ln k), the objective at zero;
   * default 1e-9 (as binary L-BFGS, LBFGS_GTOL): measured on 200,000 × 32 rows and 7 classes, the
   * coefficients are then within ~2e-8 of the optimum.
   */
  readonly gtol?: number;
}

export async function fitMulticlassLogistic(
  x: DenseMatrix,
  y: Float32Array,
  options: MulticlassLogisticOptions,
): Promise<MulticlassLogisticModel> {
  const { C = 1, maxIter = 1000, gtol = LBFGS_GTOL, classes } = options;
  checkShape(x, y);
  checkPositive(C, 'C');
  checkInteger(maxIter, 'maxIter', 1);
  checkMulticlassTarget(y, classes);
  checkFeatures(x, 'Logistic regression', false, options.featureNames);
  const k = classes.length;
  const d = x.cols;
  const invC = 1 / C;
  const fit = await minimizeLbfgs(
    (beta, gradient) => multinomialLoss(x, y, k, invC, beta, gradient),
    new Float64Array(k * (d + 1)),
    { maxIter, gtol: gtol * Math.max(1, x.rows * Math.log(k)) },
    new FitLoop(options),
    (f) => f / x.rows,
  );
  const block = (c: number): Float64Array => fit.x.subarray(c * (d + 1), (c + 1) * (d + 1));
  return {
    kind: 'logistic-multiclass',
    format: 1,
    nFeatures: d,
    classes: [...classes],
    coef: classes.map((_, c) => Array.from(block(c).subarray(0, d))),
    intercept: classes.map((_, c) => block(c)[d] ?? 0),
    C,
    solver: 'lbfgs',
    iterations: fit.iterations,
    converged: fit.converged,
    loss: fit.f / x.rows,
    warnings: fit.converged
      ? []
      : [`L-BFGS did not converge in ${maxIter} iterations; the coefficients may be inaccurate.`],
  };
}

/** Softmax probabilities, one per class per row; a row with a missing value gets NaN. */
export function predictMulticlassLogistic(
  model: MulticlassLogisticModel,
  x: DenseMatrix,
): ClassProbabilities {
  const k = model.classes.length;
  const d = x.cols;
  const out = new Float64Array(x.rows * k);
  const z = new Float64Array(k);
  for (let i = 0; i < x.rows; i++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const w = model.coef[c] ?? [];
      let s = model.intercept[c] ?? 0;
      for (let j = 0; j < d; j++) s += (w[j] ?? 0) * (x.data[i * d + j] ?? 0);
      z[c] = s;
      max = Math.max(max, s);
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += z[c] = Math.exp((z[c] ?? 0) - max);
    for (let c = 0; c < k; c++) out[i * k + c] = (z[c] ?? 0) / sum;
  }
  return { data: out, rows: x.rows, classes: k };
}
