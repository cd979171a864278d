import { minimizeLbfgs } from './lbfgs';
import { binaryLoss } from './logistic-loss';
import { linear, newtonSolve, sigmoid } from './logistic-newton';
import { FitLoop } from './progress';
import type { DenseMatrix, FitOptions } from './types';
import { checkBinaryTarget, checkFeatures, checkInteger, checkPositive, checkShape } from './validate';

/**
 * L2-regularised logistic regression with the objective of scikit-learn's
 * LogisticRegression(penalty='l2', C, fit_intercept=True):
 *   sum_i logloss(y_i, w·x_i + b) + ||w||² / (2C), the intercept b not penalised.
 * Newton + Cholesky (logistic-newton.ts) and L-BFGS (lbfgs.ts, like sklearn's `lbfgs`) reach the
 * same optimum (coefficients within ~1e-8, probabilities ~1e-8), chosen by the number of columns
 * (logisticSolverFor, below).
 */
export interface LogisticModel {
  readonly kind: 'logistic';
  readonly format: 1;
  readonly nFeatures: number;
  readonly coef: number[];
  readonly intercept: number;
  readonly C: number;
  /** Which solver fitted it; absent in artifacts stored before the L-BFGS path (all Newton). */
  readonly solver?: LogisticSolver;
  /** Newton steps or L-BFGS iterations. */
  readonly iterations: number;
  readonly converged: boolean;
  /** Mean penalised log-loss per training row at the solution. */
  readonly loss: number;
  readonly warnings: string[];
}

/** 'lbfgs-newton': L-BFGS, finished by Newton's method from where it stopped. */
export type LogisticSolver = 'newton' | 'lbfgs' | 'lbfgs-newton';

export interface LogisticOptions extends FitOptions {
  /** Inverse regularisation strength, as in scikit-learn (default 1). */
  readonly C?: number;
  /** Newton steps (default 100) or L-BFGS iterations and Newton steps together (default 1,000). */
  readonly maxIter?: number;
  /** Newton: stop when half the Newton decrement falls below tol × max(1, objective); default 1e-10. */
  readonly tol?: number;
  /**
   * L-BFGS: stop when every gradient entry is at most gtol × max(1, n·ln 2), the objective at
   * zero; default LBFGS_GTOL. (sklearn's lbfgs: 1e-4 absolute, or a relative decrease in the
   * objective below 2.2e-9, which stops it earlier and less exactly.)
   */
  readonly gtol?: number;
  /** 'auto' (default): by the number of columns, see logisticSolverFor. */
  readonly solver?: LogisticSolver | 'auto';
}

/**
 * How a fit is solved, by the number of columns d. Measured in Node on 100,000–200,000 rows: a
 * Newton step costs about 3 + d / 8 L-BFGS iterations (4 at d = 8, 7 at 32, 11 at 64: its Hessian
 * is n·d²/2 multiply-adds, an iteration's gradient n·2d). Newton takes 5–7 steps whatever the
 * data; L-BFGS 8–11 iterations on well-conditioned columns but ~230 on collinear one-hot columns
 * (Telco's 45 with every level kept, which is how the features cell encodes categories).
 * - d ≤ NEWTON_MAX_COLUMNS: Newton alone. Its steps are cheap there, it is never far off the
 *   fastest, and narrow fits stay bit for bit what they were before L-BFGS existed.
 * - up to NEWTON_FINISH_MAX_COLUMNS: L-BFGS; if it has not converged once it has spent the cost of
 *   four Newton steps (newtonHandover), Newton from where it stopped. Well-conditioned data finish
 *   in L-BFGS, 2–4× faster than Newton; collinear data cost about what Newton alone would.
 * - wider: L-BFGS alone; a Newton step would cost more than the L-BFGS iterations it saves.
 */
export const NEWTON_MAX_COLUMNS = 16;

/**
 * L-BFGS's stop, relative to the objective at zero: a mean gradient entry of ~1e-9. Measured on
 * 200,000 × 32 well-conditioned rows, the coefficients are then within ~3e-9 of Newton's (8
 * iterations; 11 to reach 1e-13); collinear columns hand over to Newton, which finishes exactly.
 */
export const LBFGS_GTOL = 1e-9;
export const NEWTON_FINISH_MAX_COLUMNS = 256;

/** The solver 'auto' picks for d columns. */
export function logisticSolverFor(columns: number): LogisticSolver {
  if (columns <= NEWTON_MAX_COLUMNS) return 'newton';
  return columns <= NEWTON_FINISH_MAX_COLUMNS ? 'lbfgs-newton' : 'lbfgs';
}

/** L-BFGS iterations that cost about as much as four Newton steps on d columns (at least 20). */
export function newtonHandover(columns: number): number {
  return Math.max(20, Math.ceil(4 * (3 + columns / 8)));
}

export async function fitLogistic(
  x: DenseMatrix,
  y: Float32Array,
  options: LogisticOptions = {},
): Promise<LogisticModel> {
  const solver =
    options.solver === undefined || options.solver === 'auto' ? logisticSolverFor(x.cols) : options.solver;
  const { C = 1, maxIter = solver === 'newton' ? 100 : 1000 } = options;
  checkShape(x, y);
  checkPositive(C, 'C');
  checkInteger(maxIter, 'maxIter', 1);
  checkBinaryTarget(y);
  checkFeatures(x, 'Logistic regression', false, options.featureNames);
  const loop = new FitLoop(options);
  const invC = 1 / C;
  const model = (
    beta: Float64Array,
    used: LogisticSolver,
    iterations: number,
    converged: boolean,
    f: number,
  ) => toModel(beta, x.cols, C, used, iterations, converged, f / x.rows, maxIter);
  const newtonTol = options.tol ?? 1e-10;
  if (solver === 'newton') {
    const fit = await newtonSolve(x, y, invC, maxIter, newtonTol, loop);
    return model(fit.beta, solver, fit.iterations, fit.converged, fit.f);
  }
  const handover = solver === 'lbfgs-newton' ? Math.min(maxIter, newtonHandover(x.cols)) : maxIter;
  const fit = await minimizeLbfgs(
    (beta, gradient) => binaryLoss(x, y, invC, beta, gradient),
    new Float64Array(x.cols + 1),
    { maxIter: handover, gtol: (options.gtol ?? LBFGS_GTOL) * Math.max(1, x.rows * Math.LN2) },
    loop,
    (f) => f / x.rows,
  );
  if (fit.converged || solver === 'lbfgs' || fit.iterations >= maxIter) {
    return model(fit.x, 'lbfgs', fit.iterations, fit.converged, fit.f);
  }
  const finish = await newtonSolve(x, y, invC, maxIter - fit.iterations, newtonTol, loop, {
    beta: fit.x,
    iterations: fit.iterations,
  });
  return model(finish.beta, 'lbfgs-newton', finish.iterations, finish.converged, finish.f);
}

function toModel(
  beta: Float64Array,
  d: number,
  C: number,
  solver: LogisticSolver,
  iterations: number,
  converged: boolean,
  loss: number,
  maxIter: number,
): LogisticModel {
  const name =
    solver === 'newton' ? "Newton's method" : solver === 'lbfgs' ? 'L-BFGS' : "L-BFGS then Newton's method";
  const warnings = converged
    ? []
    : [`${name} did not converge in ${maxIter} iterations; the coefficients may be inaccurate.`];
  return {
    kind: 'logistic',
    format: 1,
    nFeatures: d,
    coef: Array.from(beta.subarray(0, d)),
    intercept: beta[d] ?? 0,
    C,
    solver,
    iterations,
    converged,
    loss,
    warnings,
  };
}

/** Probability of class 1 per row; a row with a missing value scores NaN. */
export function predictLogistic(model: LogisticModel, x: DenseMatrix): Float64Array {
  const beta = Float64Array.from([...model.coef, model.intercept]);
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) out[i] = sigmoid(linear(x, i, beta));
  return out;
}
