import {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  residualSummary,
  rootMeanSquaredError,
  rSquared,
  weightedBootstrapCi,
  weightedBootstrapCiSliced,
  weightedRegressionMetric,
  type BootstrapInterval,
  type RegressionMetricName,
  type Slicer,
  type WeightedMetric,
} from '../../ml/metrics';
import { regressionCost } from '../../ml/value';
import type { BootstrapSpec } from '../../notebook/evaluate-types';
import { LEVEL } from './binary';
import type { PredictionRun } from './read';
import type { EvalMetric, Estimate, RegressionRun } from './result';

export interface RegressionSettings {
  readonly truth: Float64Array;
  /** The brief's cost of one unit of error over and under the truth. */
  readonly unitCost: { readonly over: number; readonly under: number };
  readonly bootstrap: BootstrapSpec;
}

const REGRESSION_METRICS: readonly RegressionMetricName[] = ['rmse', 'mae', 'r2', 'mape'];

const REFERENCE: Record<RegressionMetricName, (y: Float64Array, p: Float64Array) => number> = {
  rmse: rootMeanSquaredError,
  mae: meanAbsoluteError,
  r2: rSquared,
  mape: meanAbsolutePercentageError,
};

/** A regression metric of one run as a resampling metric; null for a classification metric. */
export function weightedRegressionOf(
  metric: EvalMetric,
  truth: Float64Array,
  prediction: Float64Array,
): WeightedMetric | null {
  const name = REGRESSION_METRICS.find((m) => m === metric);
  return name === undefined ? null : weightedRegressionMetric(truth, prediction, name);
}

const bootstrapOptions = (settings: RegressionSettings) => ({
  iterations: settings.bootstrap.resamples,
  seed: settings.bootstrap.seed,
  level: LEVEL,
});

const resampled = (truth: Float64Array, prediction: Float64Array): WeightedMetric[] =>
  REGRESSION_METRICS.map((m) => weightedRegressionMetric(truth, prediction, m));

/** One run judged on the validation rows: errors with intervals, residuals and their cost. */
export function evaluateRegressionRun(
  run: PredictionRun,
  settings: RegressionSettings,
): Omit<RegressionRun, 'slices'> {
  const { truth } = settings;
  const intervals = weightedBootstrapCi(
    resampled(truth, run.score),
    truth.length,
    bootstrapOptions(settings),
  );
  return regressionRun(run, settings, intervals);
}

/** evaluateRegressionRun with its bootstrap in slices that pause as `slicer` asks; the same result. */
export async function evaluateRegressionRunSliced(
  run: PredictionRun,
  settings: RegressionSettings,
  slicer: Slicer,
): Promise<Omit<RegressionRun, 'slices'>> {
  const { truth } = settings;
  const metrics = resampled(truth, run.score);
  const intervals = await weightedBootstrapCiSliced(
    metrics,
    truth.length,
    bootstrapOptions(settings),
    slicer,
  );
  if (slicer.due()) await slicer.pause();
  return regressionRun(run, settings, intervals);
}

/** The run's result, given the intervals of REGRESSION_METRICS in that order. */
function regressionRun(
  run: PredictionRun,
  settings: RegressionSettings,
  intervals: readonly BootstrapInterval[],
): Omit<RegressionRun, 'slices'> {
  const { truth } = settings;
  const prediction = run.score;
  const metrics: Partial<Record<EvalMetric, Estimate>> = {};
  REGRESSION_METRICS.forEach((m, i) => {
    const value = REFERENCE[m](truth, prediction);
    metrics[m] = {
      value: Number.isFinite(value) ? value : null,
      lower: intervals[i]?.lower ?? null,
      upper: intervals[i]?.upper ?? null,
      undefinedBecause: Number.isFinite(value) ? null : 'Undefined on these rows.',
    };
  });
  return {
    kind: 'regression',
    id: run.id,
    label: run.label,
    role: run.role,
    metrics,
    residuals: residualSummary(truth, prediction),
    prediction,
    residual: truth.map((y, i) => y - (prediction[i] ?? 0)),
    cost: regressionCost(truth, prediction, {
      costPerUnitOver: settings.unitCost.over,
      costPerUnitUnder: settings.unitCost.under,
    }),
  };
}
