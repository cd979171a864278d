import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import split from './fixtures/telco_split.json';
import {
  SKLEARN_LOGISTIC_CONVERGED_COEF,
  SKLEARN_LOGISTIC_CONVERGED_INTERCEPT,
} from './fixtures/telco_reference';
import { minimizeLbfgs } from './lbfgs';
import { fitLogistic, logisticSolverFor, newtonHandover, type LogisticSolver } from './logistic';
import { FitLoop } from './progress';
import { predict } from './artifact';
import { encodeTelco, parseCsv, syntheticClassification, takeRows } from './testing';

// The three solvers of logistic.ts reach one optimum: scikit-learn 1.2.1's
// LogisticRegression(C=1) solved to convergence (newton-cholesky, tol=1e-10; telco_reference.py).
function telcoTrain() {
  const [header = [], ...rows] = parseCsv(
    readFileSync(new URL('./fixtures/telco_churn.csv', import.meta.url), 'utf8'),
  );
  const isValidation = new Set<number>(split.validationRows);
  const trainRows = rows.map((_, i) => i).filter((i) => !isValidation.has(i));
  const { x, y } = encodeTelco({ header, rows }, trainRows);
  return takeRows(x, y, trainRows);
}

function worstDiff(a: readonly number[], b: readonly number[]): number {
  return a.reduce((m, v, j) => Math.max(m, Math.abs(v - (b[j] ?? NaN))), 0);
}

describe('logistic regression solvers', () => {
  it('picks Newton for narrow data, L-BFGS finished by Newton for wide, L-BFGS alone for very wide', () => {
    expect([1, 16, 17, 45, 256, 257].map(logisticSolverFor)).toEqual([
      'newton',
      'newton',
      'lbfgs-newton',
      'lbfgs-newton',
      'lbfgs-newton',
      'lbfgs',
    ]);
    expect(newtonHandover(16)).toBe(20);
    expect(newtonHandover(32)).toBe(28);
    expect(newtonHandover(256)).toBe(140);
  });

  it.each<LogisticSolver>(['newton', 'lbfgs', 'lbfgs-newton'])(
    "%s reaches sklearn's optimum on Telco's 45 collinear one-hot columns",
    async (solver) => {
      const { x, y } = telcoTrain();
      const model = await fitLogistic(x, y, { solver });
      expect(model.converged).toBe(true);
      expect(model.solver).toBe(solver);
      // Measured: ~4e-7 from sklearn (its BLAS), and the solvers within 6e-10 of each other.
      expect(worstDiff(model.coef, SKLEARN_LOGISTIC_CONVERGED_COEF)).toBeLessThan(1e-5);
      expect(Math.abs(model.intercept - SKLEARN_LOGISTIC_CONVERGED_INTERCEPT)).toBeLessThan(1e-5);
    },
  );

  it('on Telco, auto (L-BFGS then Newton, 45 columns) equals Newton; L-BFGS alone nearly', async () => {
    const { x, y } = telcoTrain();
    const newton = await fitLogistic(x, y, { solver: 'newton' });
    const auto = await fitLogistic(x, y);
    expect(auto.solver).toBe('lbfgs-newton');
    expect(auto.iterations).toBeGreaterThan(newtonHandover(45));
    expect(worstDiff(auto.coef, newton.coef)).toBeLessThan(1e-10);
    // L-BFGS alone stops at its gradient test (LBFGS_GTOL): on these collinear columns that leaves
    // the coefficients ~6e-8 and the probabilities ~1e-8 from the optimum (measured).
    const lbfgs = await fitLogistic(x, y, { solver: 'lbfgs' });
    expect(worstDiff(lbfgs.coef, newton.coef)).toBeLessThan(1e-6);
    const p = predict(lbfgs, x);
    const q = predict(newton, x);
    expect(worstDiff(Array.from(p), Array.from(q))).toBeLessThan(1e-7);
  });

  it('L-BFGS alone converges quickly on well-conditioned wide data and equals Newton', async () => {
    const { x, y } = syntheticClassification(3000, 40, 8);
    const lbfgs = await fitLogistic(x, y);
    expect(lbfgs.solver).toBe('lbfgs');
    expect(lbfgs.iterations).toBeLessThan(newtonHandover(40));
    const newton = await fitLogistic(x, y, { solver: 'newton' });
    expect(worstDiff(lbfgs.coef, newton.coef)).toBeLessThan(1e-8);
    expect(Math.abs(lbfgs.loss - newton.loss)).toBeLessThan(1e-12);
  });

  it('warns when L-BFGS stops at maxIter', async () => {
    const { x, y } = syntheticClassification(500, 20, 3);
    const model = await fitLogistic(x, y, { maxIter: 2 });
    expect(model.converged).toBe(false);
    expect(model.warnings[0]).toMatch(/^L-BFGS did not converge in 2 iterations/);
  });
});

describe('minimizeLbfgs', () => {
  it('finds the minimum of a badly scaled convex quadratic', async () => {
    const scale = Float64Array.from({ length: 30 }, (_, i) => 10 ** (i / 10));
    const target = Float64Array.from({ length: 30 }, (_, i) => Math.sin(i));
    const result = await minimizeLbfgs(
      (v, g) => {
        let f = 0;
        v.forEach((vi, i) => {
          const r = vi - (target[i] ?? 0);
          f += 0.5 * (scale[i] ?? 0) * r * r;
          g[i] = (scale[i] ?? 0) * r;
        });
        return f;
      },
      new Float64Array(30),
      { maxIter: 500, gtol: 1e-10 },
      new FitLoop({}),
    );
    expect(result.converged).toBe(true);
    expect(worstDiff(Array.from(result.x), Array.from(target))).toBeLessThan(1e-9);
  });
});
