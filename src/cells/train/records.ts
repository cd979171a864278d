import type { BackendReport, DoneEvent } from '../../../workers/training/api';
import { assertNever } from '../../lib/errors';
import type { Metric, Task } from '../../notebook/types';
import { metricValue, metricValues } from './metrics';
import type { PlannedRun } from './plan';
import type { CurvePoint, RunDetail, RunRecord } from './result';
import { randomId } from '../../lib/random-id';

/* A run's record from what the worker sent back, scored on the rows it did not train on. */

/** The truth the metrics compare with: the target of the training and of the validation rows. */
export interface Truth {
  readonly task: Task;
  readonly metric: Metric;
  readonly train: Float32Array;
  readonly validation: Float32Array;
  /** Multiclass: the class names (k probabilities per row in every score); null otherwise. */
  readonly classes: readonly string[] | null;
}

/** k for a multiclass truth (its scores hold k numbers per row); null for one score per row. */
export const classCount = (truth: Truth): number | null => truth.classes?.length ?? null;

/** The values of `y` at `positions`. */
export function take(y: Float32Array, positions: Int32Array): Float32Array {
  return Float32Array.from(positions, (i) => y[i] ?? NaN);
}

/** What people read of a fitted model, by kind. */
export function detailOf(done: DoneEvent): RunDetail {
  switch (done.kind) {
    case 'mlp':
      return { stoppedEarly: done.stoppedEarly, bestEpoch: done.bestEpoch };
    case 'baseline':
      return {};
    case 'logistic':
    case 'linear': {
      const { intercept } = done.artifact;
      // A softmax model has one intercept per class: its coefficients name the class instead.
      return typeof intercept === 'number'
        ? { coefficients: done.coefficients, intercept }
        : { coefficients: done.coefficients };
    }
    case 'tree':
      return { rules: done.treeRules };
    case 'gbdt':
      return { iterations: done.iterations };
    default:
      return assertNever(done);
  }
}

interface Common {
  readonly id: string;
  readonly durationMs: number;
  readonly curve: readonly CurvePoint[];
  readonly backend: BackendReport | null;
}

function fromPlan(run: PlannedRun): Pick<RunRecord, 'label' | 'role' | 'group' | 'spec' | 'params'> {
  return { label: run.label, role: run.role, group: run.group, spec: run.spec, params: run.params };
}

export function doneRecord(run: PlannedRun, common: Common, done: DoneEvent, truth: Truth): RunRecord {
  return {
    ...fromPlan(run),
    ...common,
    status: 'done',
    message: null,
    metrics: metricValues(truth.task, truth.validation, done.scores, classCount(truth)),
    trainMetric: metricValue(truth.metric, truth.train, done.trainScores, classCount(truth)),
    cv: null,
    detail: detailOf(done),
    model: done.artifact,
    scores: done.scores,
  };
}

export function failedRecord(
  run: PlannedRun,
  common: Common,
  status: 'failed' | 'cancelled',
  message: string,
): RunRecord {
  return {
    ...fromPlan(run),
    ...common,
    status,
    message,
    metrics: {},
    trainMetric: null,
    cv: null,
    detail: {},
    model: null,
    scores: null,
  };
}

const PROBABILITY_METRICS: ReadonlySet<string> = new Set(['log_loss', 'brier']);

/**
 * The brief's rule, scored from the features table's `__baseline` column: nothing is trained.
 * Regression: the rule's value is the prediction; where it has none (NaN: the first rows of a
 * lag), the training rows' mean, as the mean baseline predicts, so every validation row is scored.
 */
export function ruleRecord(
  given: Float32Array,
  positions: { train: Int32Array; validation: Int32Array },
  label: string,
  truth: Truth,
): RunRecord {
  const mean = truth.train.reduce((s, v) => s + v, 0) / Math.max(1, truth.train.length);
  const rule = truth.task === 'binary' ? given : given.map((v) => (Number.isNaN(v) ? mean : v));
  const scores = take(rule, positions.validation);
  const filled = take(given, positions.validation).filter((v) => Number.isNaN(v)).length;
  const metrics = metricValues(truth.task, truth.validation, scores);
  return {
    id: randomId(),
    label,
    role: 'rule',
    group: null,
    spec: null,
    params: null,
    status: 'done',
    message:
      filled === 0
        ? null
        : `The rule gives no value on ${filled.toLocaleString('en-US')} validation rows: they are predicted the training mean.`,
    backend: null,
    durationMs: 0,
    // A rule decides (or ranks); it gives no probabilities, so log loss and Brier do not apply.
    metrics: truth.task === 'binary' ? { ...metrics, log_loss: null, brier: null } : metrics,
    trainMetric: PROBABILITY_METRICS.has(truth.metric)
      ? null
      : metricValue(truth.metric, truth.train, take(rule, positions.train)),
    cv: null,
    curve: [],
    detail: {},
    model: null,
    scores,
  };
}
