import {
  brierScore,
  calibrationCurve,
  confusionMatrix,
  liftByDecile,
  logLoss,
  metricsFromConfusion,
  prAuc,
  precisionRecallPoints,
  rocAuc,
  rocCurve,
  weightedBootstrapCi,
  weightedBootstrapCiSliced,
  weightedBrier,
  weightedLogLoss,
  weightedPrAuc,
  weightedRocAuc,
  weightedThresholdMetric,
  type BootstrapInterval,
  type Slicer,
  type WeightedMetric,
} from '../../ml/metrics';
import { expectedValue, valueCurve, type OutcomeValues } from '../../ml/value';
import type { BootstrapSpec } from '../../notebook/evaluate-types';
import type { PredictionRun } from './read';
import type { BinaryRun, EvalMetric, Estimate, ThresholdSource } from './result';

/** The settings every run of one evaluation shares. */
export interface BinarySettings {
  readonly truth: Float64Array;
  readonly values: OutcomeValues;
  /** Whether the brief gives any outcome a value (else the best threshold means nothing). */
  readonly valued: boolean;
  /** The cell's threshold, or null for each run's best by value. */
  readonly threshold: number | null;
  readonly bootstrap: BootstrapSpec;
}

/** A rule says yes (1) or no (0): it is judged acting where it says yes. */
export const RULE_THRESHOLD = 0.5;
/** Without values, a probability is acted on from 0.5. */
export const DEFAULT_THRESHOLD = 0.5;
export const LEVEL = 0.95;

function classes(truth: Float64Array): { positives: number; negatives: number } {
  let positives = 0;
  for (const v of truth) if (v === 1) positives++;
  return { positives, negatives: truth.length - positives };
}

/** Why a metric has no value on these rows, or null. */
function undefinedReason(
  metric: EvalMetric,
  truth: Float64Array,
  probabilities: boolean,
  rule: boolean,
): string | null {
  const { positives, negatives } = classes(truth);
  if ((metric === 'log_loss' || metric === 'brier') && !probabilities) {
    return rule
      ? 'A rule says yes or no: it gives no probabilities.'
      : 'The scores are not probabilities in [0, 1].';
  }
  if (metric === 'roc_auc' && (positives === 0 || negatives === 0)) {
    return `Every validation row is ${positives === 0 ? 'negative (0)' : 'positive (1)'}: ROC AUC needs both classes.`;
  }
  if (metric === 'pr_auc' && positives === 0) return 'No validation row is positive: PR AUC needs positives.';
  return null;
}

/** The run's threshold: the rule's own, the cell's, the value-maximising one, or 0.5. */
function thresholdOf(
  run: PredictionRun,
  settings: BinarySettings,
  best: number | null,
): { threshold: number | null; source: ThresholdSource } {
  if (run.role === 'rule') return { threshold: RULE_THRESHOLD, source: 'rule' };
  if (settings.threshold !== null) return { threshold: settings.threshold, source: 'cell' };
  if (settings.valued) return { threshold: best, source: 'best-value' };
  return { threshold: DEFAULT_THRESHOLD, source: 'default' };
}

/** The brief's metric (and the others) of one run as a resampling metric, at the run's threshold. */
export function weightedMetricOf(
  metric: EvalMetric,
  run: Pick<BinaryRun, 'threshold' | 'probabilities'>,
  truth: Float64Array,
  score: Float64Array,
): WeightedMetric | null {
  const t = run.threshold ?? Infinity;
  switch (metric) {
    case 'roc_auc':
      return weightedRocAuc(truth, score);
    case 'pr_auc':
      return weightedPrAuc(truth, score);
    case 'log_loss':
      return run.probabilities ? weightedLogLoss(truth, score) : null;
    case 'brier':
      return run.probabilities ? weightedBrier(truth, score) : null;
    case 'accuracy':
    case 'precision':
    case 'recall':
    case 'f1':
      return weightedThresholdMetric(truth, score, t, metric);
    default:
      return null;
  }
}

const BINARY_METRICS = [
  'roc_auc',
  'pr_auc',
  'log_loss',
  'brier',
  'accuracy',
  'precision',
  'recall',
  'f1',
] as const;

function estimate(
  value: number | null,
  interval: BootstrapInterval | undefined,
  reason: string | null,
): Estimate {
  return {
    value,
    lower: interval?.lower ?? null,
    upper: interval?.upper ?? null,
    undefinedBecause: value === null ? (reason ?? 'Undefined on these rows.') : null,
  };
}

/**
 * One run judged on the validation rows, in two steps around its bootstrap: `resampled` are the
 * metrics to resample, `finish` takes their intervals (in that order) and adds the curves, the
 * confusion and the value.
 */
function binaryParts(run: PredictionRun, settings: BinarySettings) {
  const { truth } = settings;
  const score = run.score;
  const rule = run.role === 'rule';
  const probabilities = !rule && score.every((s) => s >= 0 && s <= 1);
  const curve = valueCurve(truth, score, settings.values);
  const { threshold, source } = thresholdOf(run, settings, curve.best.threshold);
  const t = threshold ?? Infinity;
  const confusion = confusionMatrix(truth, score, t);
  const atThreshold = metricsFromConfusion(confusion, t);
  const point: Record<(typeof BINARY_METRICS)[number], number | null> = {
    roc_auc: rocAuc(truth, score).value,
    pr_auc: prAuc(truth, score).value,
    log_loss: probabilities ? logLoss(truth, score) : null,
    brier: probabilities ? brierScore(truth, score) : null,
    accuracy: atThreshold.accuracy,
    precision: atThreshold.precision,
    recall: atThreshold.recall,
    f1: atThreshold.f1,
  };
  const shape = { threshold, probabilities };
  const resampled = BINARY_METRICS.flatMap((m) => {
    const w = point[m] === null ? null : weightedMetricOf(m, shape, truth, score);
    return w === null ? [] : [{ m, w }];
  });
  const finish = (intervals: readonly BootstrapInterval[]): Omit<BinaryRun, 'slices'> => {
    const metrics: Partial<Record<EvalMetric, Estimate>> = {};
    for (const m of BINARY_METRICS) {
      const interval = intervals[resampled.findIndex((r) => r.m === m)];
      metrics[m] = estimate(point[m], interval, undefinedReason(m, truth, probabilities, rule));
    }
    const { positives, negatives } = classes(truth);
    const roc =
      positives > 0 && negatives > 0
        ? rocCurve(truth, score)
        : { fpr: new Float64Array(), tpr: new Float64Array() };
    const pr =
      positives > 0
        ? precisionRecallPoints(truth, score)
        : { recall: new Float64Array(), precision: new Float64Array() };
    return {
      kind: 'binary',
      id: run.id,
      label: run.label,
      role: run.role,
      metrics,
      probabilities,
      threshold,
      thresholdSource: source,
      confusion,
      roc: { fpr: roc.fpr, tpr: roc.tpr },
      pr: { recall: pr.recall, precision: pr.precision },
      calibration: probabilities ? calibrationCurve(truth, score, { nBins: 10 }) : null,
      deciles: liftByDecile(truth, score),
      value: {
        points: curve.points,
        best: curve.best,
        atThreshold: threshold === null ? curve.doNothing : expectedValue(truth, score, t, settings.values),
        doNothing: curve.doNothing,
        actOnAll: curve.actOnAll,
      },
    };
  };
  return { resampled: resampled.map((r) => r.w), finish };
}

const bootstrapOptions = (settings: BinarySettings) => ({
  iterations: settings.bootstrap.resamples,
  seed: settings.bootstrap.seed,
  level: LEVEL,
});

/**
 * One run judged on the validation rows: every classification metric with its bootstrap interval,
 * the curves, the confusion and the value at its threshold. Slices are added by the caller.
 */
export function evaluateBinaryRun(run: PredictionRun, settings: BinarySettings): Omit<BinaryRun, 'slices'> {
  const parts = binaryParts(run, settings);
  const n = settings.truth.length;
  return parts.finish(weightedBootstrapCi(parts.resampled, n, bootstrapOptions(settings)));
}

/**
 * evaluateBinaryRun in slices that pause as `slicer` asks (the page's run: the bootstrap of one
 * run is hundreds of milliseconds on a slow machine); the same result.
 */
export async function evaluateBinaryRunSliced(
  run: PredictionRun,
  settings: BinarySettings,
  slicer: Slicer,
): Promise<Omit<BinaryRun, 'slices'>> {
  const parts = binaryParts(run, settings);
  if (slicer.due()) await slicer.pause();
  const n = settings.truth.length;
  const intervals = await weightedBootstrapCiSliced(parts.resampled, n, bootstrapOptions(settings), slicer);
  if (slicer.due()) await slicer.pause();
  return parts.finish(intervals);
}
