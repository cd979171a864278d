import { METRICS, metricHigherIsBetter, type Metric } from '../../notebook/metrics';
import type { Task } from '../../notebook/types';
import { metricValue } from '../shared/metric-value';
import type { CrossValidation, MetricValues, RunRecord } from './result';

export { metricValue, THRESHOLD } from '../shared/metric-value';

/** Every metric of the task; multiclass with `classes` (k) probabilities per row. */
export function metricValues(
  task: Task,
  y: ArrayLike<number>,
  scores: ArrayLike<number>,
  classes: number | null = null,
): MetricValues {
  const values: MetricValues = {};
  const k = task === 'multiclass' ? classes : null;
  for (const metric of METRICS[task]) values[metric] = metricValue(metric, y, scores, k);
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
