import { metricTrend } from '../../ml/splits';
import { metricHigherIsBetter, type Metric } from '../../notebook/metrics';
import type { FoldResult, RunSummary } from './result';

/* Each run over the folds: mean and spread of its metric and value, and whether it decays. */

/** Mean and population standard deviation (numpy's defaults) of the values given; nulls when none. */
export function meanStd(values: readonly (number | null)[]): { mean: number | null; std: number | null } {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0) return { mean: null, std: null };
  const mean = known.reduce((s, v) => s + v, 0) / known.length;
  const variance = known.reduce((s, v) => s + (v - mean) ** 2, 0) / known.length;
  return { mean, std: Math.sqrt(variance) };
}

/** The slope of the metric per fold and the decay warning, over the folds where the run has a metric. */
function trendOf(
  values: readonly (number | null)[],
  metric: Metric,
): { slope: number | null; decay: string | null } {
  const x: number[] = [];
  const y: number[] = [];
  values.forEach((v, i) => {
    if (v !== null && Number.isFinite(v)) {
      x.push(i);
      y.push(v);
    }
  });
  if (y.length < 2) return { slope: null, decay: null };
  const trend = metricTrend(y, { betterWhen: metricHigherIsBetter(metric) ? 'higher' : 'lower', x });
  return { slope: trend.slope, decay: trend.warning };
}

/** One summary per run, in the order of the first fold's runs. */
export function summarise(folds: readonly FoldResult[], metric: Metric): RunSummary[] {
  const first = folds[0];
  if (first === undefined) return [];
  return first.runs.map((run): RunSummary => {
    const per = folds.map((f) => f.runs.find((r) => r.key === run.key) ?? null);
    const metrics = per.map((r) => r?.metric ?? null);
    const values = per.map((r) => r?.valuePerThousand ?? null);
    const m = meanStd(metrics);
    const v = meanStd(values);
    return {
      key: run.key,
      label: run.label,
      role: run.role,
      mean: m.mean,
      std: m.std,
      valueMean: v.mean,
      valueStd: v.std,
      ...trendOf(metrics, metric),
    };
  });
}
