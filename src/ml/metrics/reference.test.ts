import { describe, expect, it } from 'vitest';
import { SKLEARN_REFERENCE } from './fixtures/sklearn_reference';
import { thresholdMetrics } from './classification';
import {
  averagePrecision,
  prAuc,
  precisionRecallCurve,
  precisionRecallPoints,
  rocAuc,
  rocCurve,
} from './curves';
import { brierScore, calibrationCurve, FLOAT64_EPS, logLoss, type CalibrationStrategy } from './probability';
import { weightedAveragePrecision, weightedLogLoss } from './weighted';
import { liftByDecile } from './gains';
import {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  residualSummary,
  rootMeanSquaredError,
  rSquared,
} from './regression';
import { expectAllClose, expectClose, randomClassification, randomRegression } from './testing';

// Known answers from scikit-learn 1.2.1 (and numpy 1.24.2 for percentiles and lift), written by
// reference/metrics_reference.py into fixtures/sklearn_reference.ts.
type Numbers = readonly (number | null)[];
interface Calibration {
  readonly fractionPositive: Numbers;
  readonly meanPredicted: Numbers;
}
interface ClassificationReference {
  readonly y: readonly number[];
  readonly score: readonly number[];
  readonly rocAuc: number | null;
  readonly roc: { readonly fpr: Numbers; readonly tpr: Numbers; readonly thresholds: Numbers };
  readonly rocAll: { readonly fpr: Numbers; readonly tpr: Numbers };
  readonly pr: { readonly precision: Numbers; readonly recall: Numbers; readonly thresholds: Numbers };
  readonly averagePrecision: number | null;
  readonly trapezoidPrAuc: number | null;
  readonly logLossAuto: number;
  readonly logLoss1e15: number;
  readonly brier: number;
  readonly threshold: number;
  readonly confusion: { readonly tp: number; readonly fp: number; readonly tn: number; readonly fn: number };
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly calibrationUniform5: Calibration;
  readonly calibrationQuantile5: Calibration;
  readonly calibrationUniform10: Calibration;
  readonly calibrationQuantile10: Calibration;
  readonly lift: readonly {
    readonly count: number;
    readonly positives: number;
    readonly lift: number | null;
    readonly cumulativeGain: number | null;
  }[];
}
interface RegressionReference {
  readonly y: readonly number[];
  readonly prediction: readonly number[];
  readonly mae: number;
  readonly rmse: number;
  readonly r2: number;
  readonly mape: number;
  readonly residuals: Readonly<Record<'mean' | 'std' | 'min' | 'p05' | 'median' | 'p95' | 'max', number>>;
}

const classificationCases: [string, ClassificationReference][] = [
  ...Object.entries(SKLEARN_REFERENCE.classification),
  ['random', { ...SKLEARN_REFERENCE.randomClassification, ...randomClassification(300, 7) }],
];
const regressionCases: [string, RegressionReference][] = [
  ...Object.entries(SKLEARN_REFERENCE.regression),
  ['random', { ...SKLEARN_REFERENCE.randomRegression, ...randomRegression(300, 11) }],
];

describe('the seeded rows match the reference script', () => {
  it('draws the same first rows as the Python port of mulberry32', () => {
    const c = randomClassification(5, 7);
    expect(c.score).toEqual(SKLEARN_REFERENCE.randomClassification.firstScores);
    expect(c.y).toEqual(SKLEARN_REFERENCE.randomClassification.firstY);
    expect(randomRegression(5, 11).y).toEqual(SKLEARN_REFERENCE.randomRegression.firstY);
    expect(randomRegression(5, 11).prediction).toEqual(SKLEARN_REFERENCE.randomRegression.firstPrediction);
  });
});

describe.each(classificationCases)('classification case %s against scikit-learn 1.2.1', (_, ref) => {
  it('roc_curve (with and without drop_intermediate) and roc_auc_score', () => {
    const curve = rocCurve(ref.y, ref.score);
    expectAllClose(curve.fpr, ref.roc.fpr);
    expectAllClose(curve.tpr, ref.roc.tpr);
    expectAllClose(curve.thresholds, ref.roc.thresholds);
    const all = rocCurve(ref.y, ref.score, { dropIntermediate: false });
    expectAllClose(all.fpr, ref.rocAll.fpr);
    expectAllClose(all.tpr, ref.rocAll.tpr);
    const auc = rocAuc(ref.y, ref.score);
    expectClose(auc.value, ref.rocAuc);
    if (ref.rocAuc === null) expect(auc.reason).toBe('one-class');
  });

  it('precision_recall_curve and average_precision_score; PR AUC is average precision', () => {
    const curve = precisionRecallCurve(ref.y, ref.score);
    expectAllClose(curve.precision, ref.pr.precision);
    expectAllClose(curve.recall, ref.pr.recall);
    expectAllClose(curve.thresholds, ref.pr.thresholds);
    // The drawn curve: sklearn's points less its closing (recall 0, precision 1).
    const points = precisionRecallPoints(ref.y, ref.score);
    expectAllClose(points.precision, ref.pr.precision.slice(0, -1));
    expectAllClose(points.recall, ref.pr.recall.slice(0, -1));
    const hasPositives = ref.y.includes(1);
    // Without positives sklearn returns -0.0 / a number with a warning; here: null, 'no-positives'.
    const expected = hasPositives ? ref.averagePrecision : null;
    expectClose(averagePrecision(ref.y, ref.score).value, expected);
    expectClose(prAuc(ref.y, ref.score).value, expected);
    const ones = new Float64Array(ref.y.length).fill(1);
    expectClose(weightedAveragePrecision(ref.y, ref.score)(ones), expected);
  });

  it('log_loss (eps 1e-15, the default, and auto) and brier_score_loss', () => {
    expectClose(logLoss(ref.y, ref.score), ref.logLoss1e15);
    expectClose(logLoss(ref.y, ref.score, { eps: FLOAT64_EPS }), ref.logLossAuto);
    const ones = new Float64Array(ref.y.length).fill(1);
    expectClose(weightedLogLoss(ref.y, ref.score)(ones), ref.logLoss1e15);
    expectClose(brierScore(ref.y, ref.score), ref.brier);
  });

  it('confusion_matrix, accuracy, precision, recall and f1 at 0.5', () => {
    const m = thresholdMetrics(ref.y, ref.score, ref.threshold);
    expect(m.confusion).toEqual(ref.confusion);
    expectClose(m.accuracy, ref.accuracy);
    expectClose(m.precision, ref.precision);
    expectClose(m.recall, ref.recall);
    expectClose(m.f1, ref.f1);
  });

  it.each<[CalibrationStrategy, 5 | 10, keyof ClassificationReference]>([
    ['uniform', 5, 'calibrationUniform5'],
    ['quantile', 5, 'calibrationQuantile5'],
    ['uniform', 10, 'calibrationUniform10'],
    ['quantile', 10, 'calibrationQuantile10'],
  ])('calibration_curve strategy %s, n_bins %i', (strategy, nBins) => {
    const expected =
      strategy === 'uniform'
        ? nBins === 5
          ? ref.calibrationUniform5
          : ref.calibrationUniform10
        : nBins === 5
          ? ref.calibrationQuantile5
          : ref.calibrationQuantile10;
    const bins = calibrationCurve(ref.y, ref.score, { nBins, strategy });
    expectAllClose(
      bins.map((b) => b.fractionPositive),
      expected.fractionPositive,
    );
    expectAllClose(
      bins.map((b) => b.meanPredicted),
      expected.meanPredicted,
    );
  });

  it('lift and cumulative gains by decile (numpy, by the same definition)', () => {
    const rows = liftByDecile(ref.y, ref.score);
    expect(rows.map((r) => r.count)).toEqual(ref.lift.map((r) => r.count));
    expect(rows.map((r) => r.positives)).toEqual(ref.lift.map((r) => r.positives));
    rows.forEach((r, i) => {
      expectClose(r.lift, ref.lift[i]?.lift ?? null);
      expectClose(r.cumulativeGain, ref.lift[i]?.cumulativeGain ?? null);
    });
  });
});

describe.each(regressionCases)('regression case %s against scikit-learn 1.2.1', (_, ref) => {
  it('mean_absolute_error, sqrt(mean_squared_error), r2_score, mean_absolute_percentage_error', () => {
    expectClose(meanAbsoluteError(ref.y, ref.prediction), ref.mae);
    expectClose(rootMeanSquaredError(ref.y, ref.prediction), ref.rmse);
    expectClose(rSquared(ref.y, ref.prediction), ref.r2);
    // MAPE of a zero y is ~1e15 (divided by float64 eps): relative tolerance there.
    expectClose(
      meanAbsolutePercentageError(ref.y, ref.prediction),
      ref.mape,
      Math.max(1e-9, ref.mape * 1e-12),
    );
  });

  it('residual summary (numpy mean, std, percentile)', () => {
    const summary = residualSummary(ref.y, ref.prediction);
    for (const key of ['mean', 'std', 'min', 'p05', 'median', 'p95', 'max'] as const) {
      expectClose(summary[key], ref.residuals[key]);
    }
  });
});

describe('PR AUC of a constant score (issue 19), against scikit-learn 1.2.1', () => {
  it.each(['constant28', 'constant5', 'allEqualScores'] as const)(
    '%s: the positive rate, not (1 + rate) / 2',
    (name) => {
      const ref = SKLEARN_REFERENCE.classification[name];
      const rate = ref.y.filter((v) => v === 1).length / ref.y.length;
      expectClose(ref.averagePrecision, rate, 1e-12);
      expectClose(prAuc(ref.y, ref.score).value, rate, 1e-12);
      // What the app reported before: the trapezoid from (recall 0, precision 1).
      expectClose(ref.trapezoidPrAuc, (1 + rate) / 2, 1e-12);
      const points = precisionRecallPoints(ref.y, ref.score);
      expect([Array.from(points.recall), Array.from(points.precision)]).toEqual([[1], [rate]]);
    },
  );
});
