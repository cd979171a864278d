import { assertNever } from '../../lib/errors';
import {
  MULTICLASS_METRICS,
  weightedMulticlassMetric,
  type PairedBootstrapResult,
  type WeightedMetric,
} from '../../ml/metrics';
import type { BootstrapSpec } from '../../notebook/evaluate-types';
import type { Metric } from '../../notebook/types';
import { metricHigherIsBetter } from '../../notebook/metrics';
import { LEVEL, weightedMetricOf } from './binary';
import { weightedRegressionOf } from './regression';
import type { Comparison, RunEvaluation } from './result';

/*
 * The parts of a verdict's comparison (the chosen run against the baseline, the rule or the
 * champion on the brief's metric) around its paired bootstrap, which verdict.ts runs whole or in
 * slices.
 */

/** The two scorers a comparison resamples (null: the metric is undefined for one of them). */
export function pairOf(
  chosen: RunEvaluation,
  other: RunEvaluation,
  metric: Metric,
  truth: Float64Array,
  scores: ReadonlyMap<string, Float64Array>,
): { a: WeightedMetric; b: WeightedMetric } | null {
  const prepare = (run: RunEvaluation): WeightedMetric | null => {
    const score = scores.get(run.id) ?? new Float64Array();
    switch (run.kind) {
      case 'binary':
        return weightedMetricOf(metric, run, truth, score);
      case 'regression':
        return weightedRegressionOf(metric, truth, score);
      case 'multiclass': {
        // `score` holds the run's k probabilities per row, row-major; `truth` the class indices.
        const name = MULTICLASS_METRICS.find((m) => m === metric);
        const probabilities = { data: score, rows: truth.length, classes: run.classes.length };
        return name === undefined ? null : weightedMulticlassMetric(name, truth, probabilities);
      }
      default:
        return assertNever(run);
    }
  };
  const a = prepare(chosen);
  const b = prepare(other);
  return a === null || b === null ? null : { a, b };
}

export const emptyTest = (bootstrap: BootstrapSpec): PairedBootstrapResult => ({
  estimateA: null,
  estimateB: null,
  difference: null,
  lower: null,
  upper: null,
  pValue: null,
  level: LEVEL,
  iterations: bootstrap.resamples,
  skipped: bootstrap.resamples,
});

export const pairedOptions = (bootstrap: BootstrapSpec) => ({
  iterations: bootstrap.resamples,
  seed: bootstrap.seed,
  level: LEVEL,
});

export function comparisonOf(
  other: RunEvaluation,
  against: Comparison['against'],
  metric: Metric,
  test: PairedBootstrapResult,
): Comparison {
  const sign = metricHigherIsBetter(metric) ? 1 : -1;
  const { difference, lower, upper } = test;
  return {
    against,
    id: other.id,
    label: other.label,
    test,
    better: difference === null ? null : sign * difference > 0,
    significant: lower === null || upper === null ? null : lower > 0 || upper < 0,
  };
}
