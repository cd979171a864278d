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
import { METRICS, metricHigherIsBetter, type Metric } from '../../notebook/metrics';
import type { Task } from '../../notebook/types';
import type { CrossValidation, MetricValues, RunRecord } from './result';

/** The threshold of accuracy and F1: a score of 0.5 or more is "positive". */
export const THRESHOLD = 0.5;

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

/** Every metric of the task. */
export function metricValues(task: Task, y: ArrayLike<number>, scores: ArrayLike<number>): MetricValues {
  const values: MetricValues = {};
  for (const metric of METRICS[task]) values[metric] = metricValue(metric, y, scores);
  return values;
}

/** Mean and population standard deviation (as numpy's `std`) of the folds that have a value. */
export function crossValidation(values: readonly (number | null)[]): CrossValidation {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return { folds: values.length, values, mean: null, std: null };
  const mean = known.reduce((s, v) => s + v, 0) / known.length;
  const variance = known.reduce((s, v) => s + (v - mean) ** 2, 0) / known.length;
  return { folds: values.length, values, mean, std: Math.sqrt(variance) };
}

/** The done model or trial run best on `metric` (the first on a tie); null when none has a value. */
export function bestRun(runs: readonly RunRecord[], metric: Metric): string | null {
  const higher = metricHigherIsBetter(metric);
  let best: { id: string; value: number } | null = null;
  for (const run of runs) {
    if (run.status !== 'done' || (run.role !== 'model' && run.role !== 'trial')) continue;
    const value = run.metrics[metric];
    if (value === undefined || value === null) continue;
    if (best === null || (higher ? value > best.value : value < best.value)) best = { id: run.id, value };
  }
  return best?.id ?? null;
}
