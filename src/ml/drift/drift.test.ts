import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../models/prng';
import { MlError } from '../metrics/errors';
import {
  binOf,
  binsFromQuantiles,
  countNumeric,
  fitNumericBins,
  numericBinLabels,
  plannedBinCount,
  quantileRanks,
} from './bins';
import { categoricalPsi, countCategories, newCategories } from './categories';
import { chiSquareTest } from './chi-square';
import { batchDrift, type FeatureCounts } from './drift';
import { ksFromStatistic, ksStatisticSorted, ksStatisticsMerged, ksTwoSample } from './ks';
import { driftLevel, resolveThresholds } from './levels';
import { benjaminiHochberg } from './multiple';
import { predictionDrift } from './prediction';
import { psiFromCounts } from './psi';
import { categoricalFeatureCounts, numericFeatureCounts, scoreCounts } from './samples';

function reason(run: () => unknown): string {
  try {
    run();
  } catch (e: unknown) {
    if (e instanceof MlError) return `${e.reason}: ${e.message}`;
    throw e;
  }
  throw new Error('expected an MlError');
}

describe('PSI bins', () => {
  it('ranks ⌈k·n / B⌉ in integers (no 0.3 · 10 = 3.0000000000000004 surprises)', () => {
    expect(quantileRanks(10, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(quantileRanks(57, 5)).toEqual([12, 23, 35, 46]);
    expect(quantileRanks(100, 10)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  it('plans fewer bins for a small reference, says how many, and refuses below 20 values', () => {
    expect(plannedBinCount(1000)).toBe(10);
    expect(plannedBinCount(57)).toBe(5);
    const bins = fitNumericBins(Array.from({ length: 57 }, (_, i) => i));
    expect(bins.edges).toHaveLength(4);
    expect(bins.note).toBe(
      '5 bins instead of 10: the reference has 57 values, enough for 5 bins of 10 or more.',
    );
    expect(reason(() => plannedBinCount(19))).toMatch(
      /^too-few-rows: The reference has 19 non-missing values; PSI bins need at least 20/,
    );
    expect(reason(() => fitNumericBins([NaN, null, 1]))).toMatch(
      /^too-few-rows: The reference has 1 non-missing/,
    );
    expect(reason(() => plannedBinCount(100, { bins: 1 }))).toMatch(/^bad-option/);
  });

  it('merges tied edges of a zero-inflated feature and says so', () => {
    const values = [...new Array<number>(70).fill(0), ...Array.from({ length: 30 }, (_, i) => i + 1)];
    const bins = fitNumericBins(values);
    expect(bins.edges).toEqual([0, 10, 20]);
    expect(bins.note).toBe(
      '4 bins instead of 10: 6 of 9 quantile edges were tied (repeated values) and merged.',
    );
    expect(numericBinLabels(bins)).toEqual(['≤ 0', '(0, 10]', '(10, 20]', '> 20', 'missing']);
  });

  it('bins are closed on the right; NaN, null and undefined are missing', () => {
    expect([-1, 0, 0.5, 10, 10.5, 20, 21, Infinity].map((v) => binOf([0, 10, 20], v))).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3,
    ]);
    const bins = binsFromQuantiles([0, 10, 20], 40);
    expect(countNumeric(bins, [0, 5, NaN, null, undefined, 25])).toEqual({
      counts: [1, 1, 0, 1],
      missing: 3,
    });
    expect(reason(() => binsFromQuantiles([2, 1, 3], 40))).toMatch(/^out-of-range/);
    expect(reason(() => binsFromQuantiles([1, 2], 40))).toMatch(/^length-mismatch: Expected 3/);
  });
});

describe('PSI', () => {
  it('is 0 for equal shares and floors empty bins at 1e-4', () => {
    expect(psiFromCounts([10, 20, 0], [20, 40, 0], ['a', 'b', 'c']).value).toBe(0);
    const psi = psiFromCounts([50, 50], [100, 0], ['a', 'b']);
    const expected = (1 - 0.5) * Math.log(1 / 0.5) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5);
    expect(psi.value).toBeCloseTo(expected, 12);
    expect(psi.bins[1]).toMatchObject({ referenceShare: 0.5, batchShare: 0 });
  });

  it('refuses mismatched, negative or empty counts', () => {
    expect(reason(() => psiFromCounts([1], [1, 2], ['a']))).toMatch(/^length-mismatch/);
    expect(reason(() => psiFromCounts([1, -1], [1, 2], ['a', 'b']))).toMatch(/^out-of-range/);
    expect(reason(() => psiFromCounts([1, 1], [0, 0], ['a', 'b']))).toMatch(/^empty: The batch has no rows/);
    expect(reason(() => psiFromCounts([1], [1], ['a'], 0))).toMatch(/^bad-option/);
  });

  it('categorical: the top categories, "other", "new" and "missing"', () => {
    const reference = countCategories(['a', 'a', 'a', 'b', 'b', 'c', null]);
    const batch = countCategories(['a', 'b', 'c', 'd', 'd', null, null]);
    const psi = categoricalPsi(reference, batch, { maxCategories: 2 });
    expect(psi.bins.map((b) => [b.label, b.reference, b.batch])).toEqual([
      ['a', 3, 1],
      ['b', 2, 1],
      ['other (1 categories)', 1, 1],
      ['new', 0, 2],
      ['missing', 1, 2],
    ]);
    expect(newCategories(reference, batch)).toEqual([{ name: 'd', count: 2 }]);
  });
});

describe('chi-square', () => {
  it('has nothing to test with one category, and refuses an empty side', () => {
    const one = chiSquareTest(
      countCategories(new Array<string>(30).fill('a')),
      countCategories(new Array<string>(20).fill('a')),
    );
    expect(one).toMatchObject({
      testable: false,
      reason: 'Nothing to test: only one category left (a) after pooling sparse ones.',
    });
    expect(reason(() => chiSquareTest(countCategories([]), countCategories(['a'])))).toMatch(/^empty/);
  });
});

describe('KS', () => {
  it('the merged one-pass statistics equal the per-batch ones (ties, missing values left out)', () => {
    const random = mulberry32(3);
    const draw = (n: number, shift: number) =>
      Float64Array.from({ length: n }, () => Math.floor((random() + shift) * 20) / 4);
    const reference = draw(400, 0);
    const batches = [draw(150, 0), draw(90, 0.2), draw(1, 0), draw(300, -0.1)];
    const rows = [reference, ...batches].flatMap((values, group) =>
      Array.from(values, (v) => [v, group] as const),
    );
    rows.sort((a, b) => a[0] - b[0]);
    const merged = ksStatisticsMerged(
      rows.map((r) => r[0]),
      rows.map((r) => r[1]),
      rows.map(() => 1),
      batches.length,
    );
    const sortedReference = reference.slice().sort();
    batches.forEach((b, i) => {
      expect(merged.statistics[i]).toBe(ksStatisticSorted(sortedReference, b.slice().sort()));
      expect(merged.nBatch[i]).toBe(b.length);
    });
    expect(merged.nReference).toBe(400);
    expect(reason(() => ksStatisticsMerged([2, 1], [0, 1], [1, 1], 1))).toMatch(
      /^out-of-range: Values must be sorted/,
    );
    expect(reason(() => ksStatisticsMerged([1, 2], [0, 2], [1, 1], 1))).toMatch(/^out-of-range: Group 2/);
  });

  it('refuses empty samples, NaN and statistics outside [0, 1]', () => {
    expect(reason(() => ksTwoSample([], [1]))).toMatch(/^empty: The KS test needs values in the reference/);
    expect(reason(() => ksTwoSample([NaN], [1]))).toMatch(/^not-finite/);
    expect(reason(() => ksFromStatistic(1.5, 10, 10))).toMatch(/^out-of-range/);
    expect(ksFromStatistic(0, 10, 12)).toMatchObject({ statistic: 0, pValue: 1, method: 'exact' });
  });
});

describe('Benjamini–Hochberg', () => {
  it('does not depend on the order of the p-values', () => {
    const p = [0.01, 0.04, 0.03, 0.2];
    const forward = benjaminiHochberg(p);
    const backward = benjaminiHochberg([...p].reverse());
    expect([...backward.adjusted].reverse()).toEqual(forward.adjusted);
    expect(benjaminiHochberg([])).toEqual({ adjusted: [], rejected: [] });
    expect(reason(() => benjaminiHochberg([1.2]))).toMatch(/^out-of-range/);
  });
});

describe('one batch', () => {
  const random = mulberry32(11);
  const values = (n: number, shift: number) => Array.from({ length: n }, () => random() + shift);
  const pick = (n: number, share: number) => Array.from({ length: n }, () => (random() < share ? 'x' : 'y'));
  const reference = values(2000, 0);

  it('ranks features worst first and counts only the features it could test', () => {
    const features: FeatureCounts[] = [
      numericFeatureCounts('same', reference, values(800, 0)),
      numericFeatureCounts('shifted', reference, values(800, 0.3)),
      numericFeatureCounts('empty batch', reference, [NaN, NaN]),
      categoricalFeatureCounts('category', pick(2000, 0.5), pick(800, 0.65)),
    ];
    const result = batchDrift(features);
    expect(result.features.map((f) => f.name)).toEqual(['empty batch', 'shifted', 'category', 'same']);
    expect(result.features[0]?.test).toEqual({
      method: 'ks',
      pValue: null,
      reason: 'The batch has no non-missing values.',
    });
    expect(result.tests).toBe(3);
    expect(result.significant).toEqual(['shifted', 'category']);
    expect(result.level).toBe('major');
    expect(result.multipleTestingNote).toBe(
      '3 features were tested on the same batch; at α = 0.05 about 0.15 would look significant by chance alone. ' +
        'P-values are adjusted with Benjamini–Hochberg (false discovery rate 5 %): 2 features remain significant.',
    );
    expect(reason(() => batchDrift([features[0] as FeatureCounts, features[0] as FeatureCounts]))).toMatch(
      /listed twice/,
    );
  });

  it('levels follow the thresholds given (defaults 0.1 / 0.25)', () => {
    expect([0.05, 0.1, 0.2, 0.25].map((p) => driftLevel(p))).toEqual([
      'stable',
      'moderate',
      'moderate',
      'major',
    ]);
    expect(driftLevel(0.2, resolveThresholds({ major: 0.2 }))).toBe('major');
    expect(reason(() => resolveThresholds({ moderate: 0.3, major: 0.2 }))).toMatch(/^bad-option/);
  });

  it('prediction drift: PSI of the scores and the share at or above the threshold', () => {
    const scores = values(1000, 0);
    const result = predictionDrift(scoreCounts(scores, [0.5, 0.6, 0.7, 0.2], 0.5), 0.5);
    expect(result.batchShareAbove).toBe(0.75);
    expect(result.referenceShareAbove).toBe(scores.filter((s) => s >= 0.5).length / 1000);
    expect(result.level).toBe('major');
    expect(reason(() => predictionDrift(scoreCounts(scores, [0.5], 0.5), NaN))).toMatch(/^not-finite/);
  });
});
