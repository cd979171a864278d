/**
 * The metric whose drop measures a feature's importance. Names are the brief's metric names
 * (`METRICS` in notebook/types.ts), plus scikit-learn's `average_precision`; values come from
 * ../metrics, which match scikit-learn 1.2.1.
 */
import { assertNever } from '../../lib/errors';
import { accuracy, f1 } from '../metrics/classification';
import { averagePrecision, prAuc, rocAuc } from '../metrics/curves';
import { MlError, type MaybeMetric } from '../metrics/errors';
import { brierScore, logLoss } from '../metrics/probability';
import {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  rootMeanSquaredError,
  rSquared,
} from '../metrics/regression';
import { finiteColumn } from '../metrics/validate';
import type { ScoreArray } from './types';

export const EXPLAIN_METRICS = [
  'roc_auc',
  'pr_auc',
  'average_precision',
  'f1',
  'accuracy',
  'log_loss',
  'brier',
  'rmse',
  'mae',
  'r2',
  'mape',
] as const;
export type ExplainMetric = (typeof EXPLAIN_METRICS)[number];

/** Where a larger value is better (AUC) the drop is baseline − permuted, else permuted − baseline. */
export function metricHigherIsBetter(metric: ExplainMetric): boolean {
  switch (metric) {
    case 'roc_auc':
    case 'pr_auc':
    case 'average_precision':
    case 'f1':
    case 'accuracy':
    case 'r2':
      return true;
    case 'log_loss':
    case 'brier':
    case 'rmse':
    case 'mae':
    case 'mape':
      return false;
    default:
      return assertNever(metric);
  }
}

/** Metrics of a 0/1 target. */
export function metricIsBinary(metric: ExplainMetric): boolean {
  return !['rmse', 'mae', 'r2', 'mape'].includes(metric);
}

/** Metrics that are undefined unless both classes are present. */
function needsBothClasses(metric: ExplainMetric): boolean {
  return metric === 'roc_auc' || metric === 'pr_auc' || metric === 'average_precision';
}

/** Metrics at a threshold: a score ≥ threshold is positive. */
export function metricUsesThreshold(metric: ExplainMetric): boolean {
  return metric === 'f1' || metric === 'accuracy';
}

function known(m: MaybeMetric): number {
  if (m.value === null) throw new MlError('one-class', m.message);
  return m.value;
}

function compute(metric: ExplainMetric, y: Float64Array, s: ScoreArray, threshold: number): number {
  switch (metric) {
    case 'roc_auc':
      return known(rocAuc(y, s));
    case 'pr_auc':
      return known(prAuc(y, s));
    case 'average_precision':
      return known(averagePrecision(y, s));
    case 'f1':
      return f1(y, s, threshold);
    case 'accuracy':
      return accuracy(y, s, threshold);
    case 'log_loss':
      return logLoss(y, s);
    case 'brier':
      return brierScore(y, s);
    case 'rmse':
      return rootMeanSquaredError(y, s);
    case 'mae':
      return meanAbsoluteError(y, s);
    case 'r2':
      return rSquared(y, s);
    case 'mape':
      return meanAbsolutePercentageError(y, s);
    default:
      return assertNever(metric);
  }
}

function checkTarget(metric: ExplainMetric, y: Float64Array): void {
  if (!metricIsBinary(metric)) return;
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1) {
      throw new MlError(
        'not-binary',
        `The metric ${metric} needs a 0/1 target, but row ${i} is ${v}: a regression run is explained with rmse, mae, r2 or mape.`,
      );
    }
    positives += v;
  }
  if (needsBothClasses(metric) && (positives === 0 || positives === y.length)) {
    const only = positives === 0 ? 'negative (0)' : 'positive (1)';
    throw new MlError(
      'one-class',
      `Every one of the ${y.length} rows is ${only}: ${metric} needs both classes. ` +
        'Use more validation rows, or a metric defined on one class (log_loss, brier, accuracy).',
    );
  }
}

/**
 * The metric of scores against `y`, checked once: the target fits the metric (0/1, both classes
 * where the metric needs them). Scoring then throws only for scores the metric refuses.
 */
export function metricScorer(
  metric: ExplainMetric,
  y: ArrayLike<number>,
  threshold = 0.5,
): (scores: ScoreArray) => number {
  if (!EXPLAIN_METRICS.includes(metric)) {
    throw new MlError(
      'bad-option',
      `Unknown metric "${String(metric)}"; use one of ${EXPLAIN_METRICS.join(', ')}.`,
    );
  }
  if (!Number.isFinite(threshold))
    throw new MlError('bad-option', `The threshold must be a number; got ${threshold}.`);
  const target = finiteColumn(y, 'y');
  if (target.length === 0) throw new MlError('empty', 'The target has no rows.');
  checkTarget(metric, target);
  return (scores) => compute(metric, target, scores, threshold);
}
