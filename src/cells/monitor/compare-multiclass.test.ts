import { describe, expect, it } from 'vitest';
import { compareMulticlassVersions, type MulticlassComparisonOptions } from './compare-multiclass';
import { COMPARE_MULTICLASS as R } from './fixtures/compare_multiclass';

/*
 * The multiclass comparison of two versions against numpy and scikit-learn 1.2.1
 * (reference/compare_multiclass.py): on 60 fixed rows of 3 classes, the paired bootstrap of
 * macro-F1 and of log loss (the same mulberry32 resamples, drawn there row by row, each metric
 * scikit-learn's, the interval numpy's percentile), the value per 1,000 rows under a cost matrix
 * with v2 deciding by arg-max and v1 by least expected cost, and the rows where they differ.
 */

const rows = {
  rowIds: R.y.map((_, i) => 100 + i),
  y: R.y,
  challenger: { data: R.v2, rows: R.n, classes: R.k },
  incumbent: { data: R.v1, rows: R.n, classes: R.k },
};
const options: MulticlassComparisonOptions = {
  metric: 'macro_f1',
  higherIsBetter: true,
  challengerCosts: null,
  incumbentCosts: R.costs,
  valuation: R.costs,
  seed: R.seed,
  iterations: R.iterations,
};

describe('compareMulticlassVersions', () => {
  it.each([
    ['macro_f1', true],
    ['log_loss', false],
  ] as const)('%s: the paired bootstrap of v2 − v1 as numpy draws it', (metric, higherIsBetter) => {
    const c = compareMulticlassVersions(rows, { ...options, metric, higherIsBetter });
    const want = R[metric];
    expect(c.kind).toBe('multiclass');
    expect(c.metric).toBe(metric);
    expect(c.rows).toBe(R.n);
    expect(c.iterations).toBe(R.iterations);
    expect(c.challenger).toBeCloseTo(want.challenger, 12);
    expect(c.incumbent).toBeCloseTo(want.incumbent, 12);
    expect(c.difference).toBeCloseTo(want.difference, 12);
    expect(c.lower).toBeCloseTo(want.lower, 12);
    expect(c.upper).toBeCloseTo(want.upper, 12);
  });

  it('says what the interval shows, lower being better for log loss', () => {
    expect(compareMulticlassVersions(rows, options).finding).toMatch(/^No clear difference/);
    const loss = compareMulticlassVersions(rows, { ...options, metric: 'log_loss', higherIsBetter: false });
    expect(loss.finding).toMatch(/^The challenger is better/);
  });

  it('values each version’s own decisions under one cost matrix and lists where they differ', () => {
    const c = compareMulticlassVersions(rows, options);
    expect(c.valuePer1000.challenger).toBeCloseTo(R.valuePer1000.challenger, 9);
    expect(c.valuePer1000.incumbent).toBeCloseTo(R.valuePer1000.incumbent, 9);
    expect(c.disagreements.map((d) => d.rowId)).toEqual(R.disagreements.map((i) => 100 + i));
    const first = c.disagreements[0];
    const i = R.disagreements[0] ?? -1;
    expect(first).toMatchObject({
      y: R.y[i],
      challengerClass: R.challengerClass[i],
      incumbentClass: R.incumbentClass[i],
    });
    expect(first?.challengerProbability).toBe(R.v2[i * R.k + (R.challengerClass[i] ?? 0)]);
    // Both deciding by arg-max: the same rule on the same probabilities of v1 agrees with itself.
    const same = compareMulticlassVersions(
      { ...rows, challenger: rows.incumbent },
      { ...options, incumbentCosts: null },
    );
    expect(same.disagreements).toEqual([]);
    expect(same.difference).toBe(0);
  });

  it('refuses rows of different lengths, different class counts, no rows and a misshapen cost matrix', () => {
    const short = { data: R.v2.slice(3), rows: R.n - 1, classes: R.k };
    expect(() => compareMulticlassVersions({ ...rows, challenger: short }, options)).toThrow(/as many/);
    const four = { data: new Float64Array(R.n * 4).fill(0.25), rows: R.n, classes: 4 };
    expect(() => compareMulticlassVersions({ ...rows, challenger: four }, options)).toThrow(
      /scores 4 classes and the incumbent 3/,
    );
    const none = { data: [], rows: 0, classes: R.k };
    expect(() =>
      compareMulticlassVersions({ rowIds: [], y: [], challenger: none, incumbent: none }, options),
    ).toThrow(/no row/);
    expect(() =>
      compareMulticlassVersions(rows, {
        ...options,
        valuation: [
          [0, 1],
          [1, 0],
        ],
      }),
    ).toThrow(/must be 3 × 3/);
  });
});
