import { describe, expect, it } from 'vitest';
import { bootstrapCi, pairedBootstrap, type MetricFn } from './bootstrap';
import { thresholdMetrics } from './classification';
import { prAuc, rocAuc } from './curves';
import { brierScore, logLoss } from './probability';
import { meanAbsoluteError, meanAbsolutePercentageError, rootMeanSquaredError, rSquared } from './regression';
import { expectClose, randomClassification, randomRegression } from './testing';
import {
  weightedBootstrapCi,
  weightedBrier,
  weightedLogLoss,
  weightedPairedBootstrap,
  weightedPrAuc,
  weightedRegressionMetric,
  weightedRocAuc,
  weightedThresholdMetric,
  type WeightedMetric,
} from './weighted';

// Reference: this folder's metrics (themselves checked against scikit-learn 1.2.1), recomputed
// on every resample by bootstrapCi / pairedBootstrap with the same seed.
const { y, score } = randomClassification(240, 5);
const other = randomClassification(240, 6).score;
const regression = randomRegression(180, 7);
const OPTIONS = { iterations: 300, seed: 11 };

const binaryCases: [string, MetricFn, (y: number[], s: number[]) => WeightedMetric][] = [
  ['ROC AUC', (a, b) => rocAuc(a, b).value, weightedRocAuc],
  ['PR AUC', (a, b) => prAuc(a, b).value, weightedPrAuc],
  ['log loss', (a, b) => logLoss(a, b), (a, b) => weightedLogLoss(a, b)],
  ['Brier', brierScore, weightedBrier],
  ...(['accuracy', 'precision', 'recall', 'f1'] as const).map(
    (name): [string, MetricFn, (y: number[], s: number[]) => WeightedMetric] => [
      `${name} at 0.4`,
      (a, b) => thresholdMetrics(a, b, 0.4)[name],
      (a, b) => weightedThresholdMetric(a, b, 0.4, name),
    ],
  ),
];

function expectSameInterval(
  actual: ReturnType<typeof bootstrapCi>,
  expected: ReturnType<typeof bootstrapCi>,
): void {
  expectClose(actual.estimate, expected.estimate, 1e-12);
  expectClose(actual.lower, expected.lower, 1e-12);
  expectClose(actual.upper, expected.upper, 1e-12);
  expect([actual.skipped, actual.iterations, actual.level]).toEqual([
    expected.skipped,
    expected.iterations,
    expected.level,
  ]);
}

describe('weightedBootstrapCi equals bootstrapCi (same seed, same resamples)', () => {
  it.each(binaryCases)('%s', (_, reference, prepare) => {
    const [actual] = weightedBootstrapCi([prepare(y, score)], y.length, OPTIONS);
    if (!actual) throw new Error('no interval');
    expectSameInterval(actual, bootstrapCi(reference, y, score, OPTIONS));
  });

  it.each([
    ['MAE', meanAbsoluteError, 'mae'],
    ['RMSE', rootMeanSquaredError, 'rmse'],
    ['R²', rSquared, 'r2'],
    ['MAPE', meanAbsolutePercentageError, 'mape'],
  ] as const)('%s', (_, reference, name) => {
    const { y: truth, prediction } = regression;
    const [actual] = weightedBootstrapCi(
      [weightedRegressionMetric(truth, prediction, name)],
      truth.length,
      OPTIONS,
    );
    if (!actual) throw new Error('no interval');
    expectSameInterval(actual, bootstrapCi(reference, truth, prediction, OPTIONS));
  });

  it('gives several metrics from one set of resamples, each as its own bootstrapCi', () => {
    const metrics = binaryCases.map(([, , prepare]) => prepare(y, score));
    const intervals = weightedBootstrapCi(metrics, y.length, OPTIONS);
    intervals.forEach((interval, i) => {
      const reference = binaryCases[i]?.[1];
      if (!reference) throw new Error('no reference');
      expectSameInterval(interval, bootstrapCi(reference, y, score, OPTIONS));
    });
  });

  it('skips resamples with one class, as bootstrapCi does', () => {
    // Two positives in 40 rows: some resamples draw neither.
    const few = Array.from({ length: 40 }, (_, i) => (i === 3 || i === 17 ? 1 : 0));
    const scores = few.map((_, i) => (i % 7) / 7);
    const [actual] = weightedBootstrapCi([weightedRocAuc(few, scores)], 40, OPTIONS);
    const expected = bootstrapCi((a, b) => rocAuc(a, b).value, few, scores, OPTIONS);
    if (!actual) throw new Error('no interval');
    expect(expected.skipped).toBeGreaterThan(0);
    expectSameInterval(actual, expected);
  });

  it('is null throughout when the metric is never defined', () => {
    const [actual] = weightedBootstrapCi([weightedRocAuc([1, 1, 1], [0.2, 0.5, 0.9])], 3, OPTIONS);
    expect(actual).toMatchObject({ estimate: null, lower: null, upper: null, skipped: 300 });
  });
});

describe('weightedPairedBootstrap equals pairedBootstrap', () => {
  it.each(binaryCases)('%s', (_, reference, prepare) => {
    const actual = weightedPairedBootstrap(prepare(y, score), prepare(y, other), y.length, OPTIONS);
    const expected = pairedBootstrap(reference, y, score, other, OPTIONS);
    expectClose(actual.difference, expected.difference, 1e-12);
    expectClose(actual.lower, expected.lower, 1e-12);
    expectClose(actual.upper, expected.upper, 1e-12);
    expectClose(actual.pValue, expected.pValue, 1e-12);
    expect(actual.skipped).toBe(expected.skipped);
  });

  it('compares scorers at different thresholds (each its own)', () => {
    const a = weightedThresholdMetric(y, score, 0.3, 'f1');
    const b = weightedThresholdMetric(y, other, 0.6, 'f1');
    const result = weightedPairedBootstrap(a, b, y.length, OPTIONS);
    expectClose(
      result.difference,
      thresholdMetrics(y, score, 0.3).f1 - thresholdMetrics(y, other, 0.6).f1,
      1e-12,
    );
  });

  it('refuses bad options as bootstrapCi does', () => {
    const metric = weightedBrier(y, score);
    expect(() => weightedBootstrapCi([metric], y.length, { seed: 1, iterations: 0 })).toThrow('iterations');
    expect(() => weightedPairedBootstrap(metric, metric, y.length, { seed: 1, level: 1 })).toThrow('level');
  });
});
