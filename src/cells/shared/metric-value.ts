import { assertNever } from '../../lib/errors';
import {
  accuracy,
  brierScore,
  f1,
  logLoss,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  MlError,
  multiclassMetric,
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

/** A multiclass metric of k probabilities per row (row-major), arg-max deciding. */
function computeMulticlass(
  metric: Metric,
  y: ArrayLike<number>,
  scores: ArrayLike<number>,
  k: number,
): number | null {
  const probabilities = { data: Float64Array.from(scores), rows: y.length, classes: k };
  switch (metric) {
    case 'macro_f1':
    case 'accuracy':
    case 'log_loss':
    case 'roc_auc_ovr_macro':
    case 'roc_auc_ovr_weighted':
      return multiclassMetric(metric, y, probabilities);
    default:
      return null;
  }
}

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
    case 'macro_f1':
    case 'roc_auc_ovr_macro':
    case 'roc_auc_ovr_weighted':
      return null; // multiclass only: computeMulticlass
    default:
      return assertNever(metric);
  }
}

/**
 * One metric, or null where the rows leave it undefined (one class) or the scores do not fit it
 * (a rule's score outside [0, 1] has no log loss). With `classes` (k ≥ 3), `scores` holds k
 * probabilities per row and the metric is the multiclass one; binary never goes that way.
 */
export function metricValue(
  metric: Metric,
  y: ArrayLike<number>,
  scores: ArrayLike<number>,
  classes: number | null = null,
): number | null {
  try {
    const value =
      classes === null ? compute(metric, y, scores) : computeMulticlass(metric, y, scores, classes);
    return value !== null && Number.isFinite(value) ? value : null;
  } catch (e: unknown) {
    if (e instanceof MlError) return null;
    throw e;
  }
}
