import { describe, expect, it } from 'vitest';
import { judge, type Judge } from './models';

/*
 * A multiclass fold is valued by the brief's decision rule (decideClassesOf, as the score cell and
 * the monitor): the class of least expected cost under the brief's cost matrix, else the most
 * probable. Three rows worked out by hand under the Penguin species brief's matrix (rows: true
 * Adelie, Chinstrap, Gentoo; columns: predicted), where the two rules decide differently.
 */

const COSTS = [
  [0, 1, 1],
  [3, 0, 1],
  [1, 1, 0],
];
const CLASSES = ['Adelie', 'Chinstrap', 'Gentoo'];
const JUDGE: Judge = {
  task: 'multiclass',
  metric: 'macro_f1',
  values: { tp: 0, fp: 0, tn: 0, fn: 0 },
  threshold: 0.5,
  costs: COSTS,
};
// Expected costs of deciding Adelie / Chinstrap / Gentoo (Σₜ P(t) · cost[t][p]):
// row 0: 1.3 / 0.6 / 0.9 → Chinstrap (arg-max: Adelie), truly Chinstrap: cost 0 (arg-max 3);
// row 1: 1.0 / 0.9 / 0.3 → Gentoo (arg-max too), truly Gentoo: cost 0;
// row 2: 1.0 / 0.7 / 0.9 → Chinstrap (arg-max: Adelie), truly Adelie: cost 1 (arg-max 0).
const TRUTH = Float32Array.from([1, 2, 0]);
const SCORES = [0.5, 0.4, 0.1, 0.2, 0.1, 0.7, 0.6, 0.3, 0.1];

describe('judge, multiclass', () => {
  it("values a fold by the class of least expected cost under the brief's matrix, not the most probable", () => {
    // Least expected cost: 1 over 3 rows; the arg-max decision would cost 3 (−1,000 per 1,000).
    expect(judge(JUDGE, TRUTH, SCORES, CLASSES).valuePerThousand).toBeCloseTo(-1000 / 3, 9);
  });

  it('decides the most probable class without a matrix: the cost is the error count', () => {
    expect(judge({ ...JUDGE, costs: null }, TRUTH, SCORES, CLASSES).valuePerThousand).toBeCloseTo(
      -1000 / 3,
      9,
    );
    const wrongTwice = Float32Array.from([1, 2, 1]);
    expect(judge({ ...JUDGE, costs: null }, wrongTwice, SCORES, CLASSES).valuePerThousand).toBeCloseTo(
      -2000 / 3,
      9,
    );
    // Under the matrix rows 0 and 2 are decided Chinstrap, right this time: no cost at all.
    expect(judge(JUDGE, wrongTwice, SCORES, CLASSES).valuePerThousand).toBeCloseTo(0, 9);
  });

  it('gives no value when a row has no class (a probability that is not a number)', () => {
    const scores = [...SCORES.slice(0, 6), NaN, NaN, NaN];
    expect(judge(JUDGE, TRUTH, scores, CLASSES).valuePerThousand).toBeNull();
  });
});
