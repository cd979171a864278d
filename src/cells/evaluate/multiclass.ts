import {
  MULTICLASS_METRICS,
  multiclassSliceMetrics,
  multiclassMetric,
  multiclassReport,
  classCalibration,
  oneVsRestCurves,
  weightedBootstrapCi,
  weightedBootstrapCiSliced,
  weightedMulticlassMetric,
  type BootstrapInterval,
  type MulticlassMetricName,
  type Slicer,
  type WeightedMetric,
} from '../../ml/metrics';
import { multiclassValue, type CostMatrix, type DecisionRule } from '../../ml/value';
import type { BootstrapSpec } from '../../notebook/evaluate-types';
import { LEVEL } from './binary';
import type { ClassPredictionRun } from './read-multiclass';
import type { SliceLabels } from './slices';
import type { EvalMetric, Estimate, MulticlassRun } from './result';

/*
 * One multiclass run judged on the validation rows: every multiclass metric with its bootstrap
 * interval, each class's one-vs-rest ROC and PR curves and calibration, the per-class report and the k × k confusion of the brief's decision, and its cost
 * under the brief's cost matrix. The decision is the bundle's (decisionFromBrief, decideClassesOf):
 * least expected cost when the brief has a cost matrix, else the most probable class; the metrics
 * with intervals are of the probabilities (the averages of sklearn's `predict`, arg-max). The numbers are src/ml/metrics' (checked against scikit-learn
 * 1.2.1 there); this file only puts them together.
 */

export interface MulticlassSettings {
  /** Class index of each validation row. */
  readonly truth: Float64Array;
  readonly classes: readonly string[];
  readonly costs: CostMatrix;
  /** How a class is decided from the probabilities: the bundle's rule (decisionRuleOf). */
  readonly rule: DecisionRule;
  readonly bootstrap: BootstrapSpec;
  /** The brief's metric: the one slices are judged by (accuracy where it is not multiclass). */
  readonly metric: EvalMetric;
  /** The slice columns' labels of the validation rows, in row order; none without slices. */
  readonly slices?: readonly SliceLabels[];
}

/**
 * The rule the bundle of a run under this brief decides by (src/notebook/bundle/from-run.ts keeps
 * the brief's cost matrix, and score.ts decideClassesOf then takes the class of least expected
 * cost); the evaluate cell judges the same decision.
 */
export function decisionRuleOf(brief: { readonly costs: unknown }): DecisionRule {
  return brief.costs === null ? 'arg-max' : 'min-expected-cost';
}

/** A multiclass metric of one run as a resampling metric; null for a metric of another task. */
export function weightedMulticlassOf(
  metric: EvalMetric,
  truth: Float64Array,
  run: ClassPredictionRun,
): WeightedMetric | null {
  const name = MULTICLASS_METRICS.find((m) => m === metric);
  return name === undefined ? null : weightedMulticlassMetric(name, truth, run.probabilities);
}

function estimate(
  value: number | null,
  interval: { lower: number | null; upper: number | null } | undefined,
): Estimate {
  return {
    value,
    lower: interval?.lower ?? null,
    upper: interval?.upper ?? null,
    undefinedBecause: value === null ? 'Undefined on these rows (a class has no validation rows).' : null,
  };
}

const names: readonly MulticlassMetricName[] = MULTICLASS_METRICS;

/** The bootstrap of MULTICLASS_METRICS on the run's rows: what the page does in slices. */
function bootstrapOf(run: ClassPredictionRun, settings: MulticlassSettings) {
  const { truth, bootstrap } = settings;
  return {
    metrics: names.map((m) => weightedMulticlassMetric(m, truth, run.probabilities)),
    n: truth.length,
    options: { iterations: bootstrap.resamples, seed: bootstrap.seed, level: LEVEL },
  };
}

function wholeBootstrap(run: ClassPredictionRun, settings: MulticlassSettings): BootstrapInterval[] {
  const b = bootstrapOf(run, settings);
  return weightedBootstrapCi(b.metrics, b.n, b.options);
}

/** evaluateMulticlassRun with its bootstrap in slices that pause as `slicer` asks; the same result. */
export async function evaluateMulticlassRunSliced(
  run: ClassPredictionRun,
  settings: MulticlassSettings,
  slicer: Slicer,
): Promise<MulticlassRun> {
  const b = bootstrapOf(run, settings);
  const intervals = await weightedBootstrapCiSliced(b.metrics, b.n, b.options, slicer);
  if (slicer.due()) await slicer.pause();
  return evaluateMulticlassRun(run, settings, intervals);
}

/** One run judged; `intervals`: its bootstrap, done already (in slices), else done here. */
export function evaluateMulticlassRun(
  run: ClassPredictionRun,
  settings: MulticlassSettings,
  done: readonly BootstrapInterval[] | null = null,
): MulticlassRun {
  const { truth, classes, costs, rule } = settings;
  const sliceMetric = MULTICLASS_METRICS.find((m) => m === settings.metric) ?? 'accuracy';
  const { probabilities } = run;
  const k = classes.length;
  const intervals = done ?? wholeBootstrap(run, settings);
  const metrics: Partial<Record<EvalMetric, Estimate>> = {};
  names.forEach((m, i) => (metrics[m] = estimate(multiclassMetric(m, truth, probabilities), intervals[i])));
  const value = multiclassValue(truth, probabilities, costs, rule);
  const calibration = classCalibration(truth, probabilities, { nBins: 10 });
  const report = multiclassReport(truth, value.predicted, k);
  return {
    kind: 'multiclass',
    id: run.id,
    label: run.label,
    role: run.role,
    metrics,
    // Each slice judges the decision the per-class report and the confusion show (the rule's).
    slices: (settings.slices ?? []).map((s) => ({
      column: s.column,
      binned: s.binned,
      report: {
        kind: 'multiclass',
        rows: multiclassSliceMetrics(truth, probabilities, value.predicted, s.labels, sliceMetric),
      },
    })),
    classes,
    perClass: report.perClass.map((c, i) => ({ class: classes[i] ?? String(i), ...c })),
    curves: oneVsRestCurves(truth, probabilities).map((c) => ({
      class: classes[c.class] ?? String(c.class),
      support: c.support,
      roc: c.roc,
      pr: c.pr,
      rocAuc: c.rocAuc.value,
      averagePrecision: c.averagePrecision.value,
      calibration: calibration[c.class] ?? [],
    })),
    confusion: report.confusion,
    decided: { macro: report.macro, weighted: report.weighted, accuracy: report.accuracy },
    value: {
      rule: value.rule,
      costPerThousand: value.costPerThousand,
      bestConstant: {
        class: classes[value.bestConstant.class] ?? String(value.bestConstant.class),
        costPerThousand: value.bestConstant.costPerThousand,
      },
    },
  };
}
