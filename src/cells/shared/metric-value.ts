import { assertNever } from '../../lib/errors';
import {
  accuracy,
  brierScore,
  f1,
  logLoss,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  MlError,
  prAuc,
  rocAuc,
  rootMeanSquaredError,
  rSquared,
  type MaybeMetric,
} from '../../ml/metrics';
import { RUN_THRESHOLD, type Metric } from '../../notebook/metrics';

/* One metric of scores against the truth, as the train and backtest cells report it. */

/** The threshold of accuracy and F1: a score of 0.5 or more is "positive". */
export const THRESHOLD = RUN_THRESHOLD;

const maybe = (m: MaybeMetric): number | null => m.value;

function compute(metric: Metric, y: ArrayLike<number>, scores: ArrayLike<number>): number | null {
  switch (metric) {
    case 'roc_auc':
      return maybe(rocAuc(y, scores));
    case 'pr_auc':
      return maybe(prAuc(y, scores));
    case 'f1':
      return f1(y, scores, THRESHOLD);
    case 'accuracy':
      return accuracy(y, scores, THRESHOLD);
    case 'log_loss':
      return logLoss(y, scores);
    case 'brier':
      return brierScore(y, scores);
    case 'rmse':
      return rootMeanSquaredError(y, scores);
    case 'mae':
      return meanAbsoluteError(y, scores);
    case 'r2':
      return rSquared(y, scores);
    case 'mape':
      // As scikit-learn: a zero truth divides by machine epsilon, which gives a huge value.
      return meanAbsolutePercentageError(y, scores);
    default:
      return assertNever(metric);
  }
}

/**
 * One metric, or null where the rows leave it undefined (one class) or the scores do not fit it
 * (a rule's score outside [0, 1] has no log loss).
 */
export function metricValue(metric: Metric, y: ArrayLike<number>, scores: ArrayLike<number>): number | null {
  try {
    const value = compute(metric, y, scores);
    return value !== null && Number.isFinite(value) ? value : null;
  } catch (e: unknown) {
    if (e instanceof MlError) return null;
    throw e;
  }
}
