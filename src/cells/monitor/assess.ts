import type { DriftFeature } from '../../data/drift';
import {
  bootstrapCi,
  MULTICLASS_METRICS,
  weightedBootstrapCi,
  weightedMulticlassMetric,
} from '../../ml/metrics';
import { expectedValue } from '../../ml/value';
import type { BatchDrift, ClassMixDrift, PredictionDrift } from '../../ml/drift';
import type { InputSchema } from '../../notebook/bundle/types';
import { METRIC_LABELS, metricHigherIsBetter, type Metric } from '../../notebook/metrics';
import type { OutcomeValues } from '../../ml/value';
import { metricValue } from '../shared/metric-value';
import { AppError } from '../../lib/errors';
import { formatNumber } from './format';
import type { BatchPerformance, MonitorAlert } from './result';

/*
 * The monitor's pure parts: which input columns are watched and how, one batch's performance once
 * its labels have arrived, and the alerts that batches raise against the thresholds and the bar.
 */

/**
 * The version's input columns as drift features: read as numbers → numeric (PSI over quantile
 * bins, KS); read as text or true/false → categorical (PSI over categories, chi-square). A time
 * column is not watched (its values move by definition): it is named in `skipped`.
 */
export function driftFeatures(input: InputSchema): { features: DriftFeature[]; skipped: string[] } {
  const features: DriftFeature[] = [];
  const skipped: string[] = [];
  for (const c of input.columns) {
    if (c.number !== undefined) features.push({ name: c.name, kind: 'numeric' });
    else if (c.text !== undefined || c.boolean === true) features.push({ name: c.name, kind: 'categorical' });
    else skipped.push(c.name);
  }
  return { features, skipped };
}

export interface PerformanceInput {
  readonly metric: Metric;
  readonly bar: number | null;
  /** Labels as text; null where not arrived. */
  readonly labels: readonly (string | null)[];
  readonly scores: ArrayLike<number>;
  /** Binary: the class whose probability the score is; null for regression. */
  readonly positive: string | null;
  readonly threshold: number | null;
  readonly values: OutcomeValues | null;
  readonly seed: number;
  readonly iterations: number;
}

const WAITING = 'waiting for labels';

/** The verdict on a metric's value against the bar, for people. */
function measured(
  metric: Metric,
  bar: number | null,
  labelled: number,
  ci: { estimate: number | null; lower: number | null; upper: number | null; level: number },
  valuePer1000: number | null,
  note = '',
): BatchPerformance {
  const value = ci.estimate;
  const label = METRIC_LABELS[metric];
  const clearsBar =
    value === null || bar === null ? null : metricHigherIsBetter(metric) ? value >= bar : value <= bar;
  const verdict =
    value === null
      ? `${label} is undefined on the ${labelled} labelled rows (one class only).`
      : clearsBar === null
        ? `${label} ${formatNumber(value)} (no bar in the brief).`
        : clearsBar
          ? `${label} ${formatNumber(value)} clears the bar of ${formatNumber(bar ?? 0)}.`
          : `${label} ${formatNumber(value)} falls short of the bar of ${formatNumber(bar ?? 0)}.`;
  return {
    state: 'measured',
    metric,
    value,
    lower: ci.lower,
    upper: ci.upper,
    level: ci.level,
    labelled,
    valuePer1000,
    bar,
    clearsBar,
    verdict: `${verdict}${note}`,
  };
}

export interface ClassPerformanceInput {
  /** A multiclass metric of the brief (macro-F1, accuracy, log loss, one-vs-rest ROC AUC). */
  readonly metric: Metric;
  readonly bar: number | null;
  readonly classes: readonly string[];
  /** Labels as text; null where not arrived. */
  readonly labels: readonly (string | null)[];
  /** k probabilities per row, row-major, in the order of `classes`. */
  readonly probabilities: Float64Array;
  readonly seed: number;
  readonly iterations: number;
}

/**
 * A multiclass version's metric on a batch's labelled rows, with a bootstrap interval (the
 * evaluate cell's resampling) and the verdict. A label that is none of the version's classes
 * cannot be scored: those rows are left out, and the verdict says how many.
 */
export function batchClassPerformance(p: ClassPerformanceInput): BatchPerformance {
  const k = p.classes.length;
  const index = new Map(p.classes.map((c, i) => [c, i]));
  const y: number[] = [];
  const rows: number[] = [];
  let unknown = 0;
  p.labels.forEach((label, i) => {
    if (label === null) return;
    const c = index.get(label);
    if (c === undefined) return void (unknown += 1);
    if (Number.isNaN(p.probabilities[i * k] ?? NaN)) return;
    y.push(c);
    rows.push(i);
  });
  if (y.length === 0)
    return {
      state: 'waiting',
      reason: `${WAITING}: no row of this batch has a label${unknown > 0 ? ` that is one of the model’s classes (${unknown} are not)` : ' yet'}.`,
    };
  const data = new Float64Array(rows.length * k);
  rows.forEach((r, j) => data.set(p.probabilities.subarray(r * k, (r + 1) * k), j * k));
  const name = MULTICLASS_METRICS.find((m) => m === p.metric);
  if (name === undefined)
    throw new AppError(
      'bad-input',
      `${METRIC_LABELS[p.metric]} is not a multiclass metric: pick one in the Brief cell.`,
    );
  const metric = weightedMulticlassMetric(name, y, { data, rows: rows.length, classes: k });
  const [ci] = weightedBootstrapCi([metric], y.length, { seed: p.seed, iterations: p.iterations });
  const note =
    unknown === 0 ? '' : ` ${unknown} labelled rows name a class the model does not know, left out.`;
  return measured(
    p.metric,
    p.bar,
    y.length,
    ci ?? { estimate: null, lower: null, upper: null, level: 0.95 },
    null,
    note,
  );
}

/** The brief's metric on a batch's labelled rows, with a bootstrap interval and the verdict. */
export function batchPerformance(p: PerformanceInput): BatchPerformance {
  const y: number[] = [];
  const s: number[] = [];
  p.labels.forEach((label, i) => {
    if (label === null) return;
    const score = p.scores[i] ?? NaN;
    if (Number.isNaN(score)) return;
    if (p.positive !== null) y.push(label === p.positive ? 1 : 0);
    else {
      const value = Number(label);
      if (!Number.isFinite(value)) return;
      y.push(value);
    }
    s.push(score);
  });
  if (y.length === 0)
    return { state: 'waiting', reason: `${WAITING}: no row of this batch has a label yet.` };
  const metricFn = (yy: Float64Array, ss: Float64Array) => metricValue(p.metric, yy, ss);
  const ci = bootstrapCi(metricFn, y, s, { seed: p.seed, iterations: p.iterations });
  const valuePer1000 =
    p.positive !== null && p.values !== null && p.threshold !== null
      ? expectedValue(y, s, p.threshold, p.values).perThousand
      : null;
  return measured(p.metric, p.bar, y.length, ci, valuePer1000);
}

/** The alerts of one batch: features and scores past the PSI thresholds, and a metric below the bar. */
export function batchAlerts(
  label: string,
  drift: BatchDrift,
  prediction: PredictionDrift | ClassMixDrift,
  performance: BatchPerformance,
): MonitorAlert[] {
  const alerts: MonitorAlert[] = [];
  const { moderate, major } = drift.thresholds;
  for (const f of drift.features) {
    if (f.level === 'stable') continue;
    const at = f.level === 'major' ? major : moderate;
    alerts.push({
      batch: label,
      level: f.level === 'major' ? 'act' : 'watch',
      text: `PSI of ${f.name} ${formatNumber(f.psi.value)} ≥ ${at}`,
    });
  }
  if (prediction.level !== 'stable')
    alerts.push({
      batch: label,
      level: prediction.level === 'major' ? 'act' : 'watch',
      text: `PSI of the ${'kind' in prediction ? 'decided class mix' : 'scores'} ${formatNumber(prediction.psi.value)} ≥ ${prediction.level === 'major' ? major : moderate}`,
    });
  if (performance.state === 'measured' && performance.clearsBar === false)
    alerts.push({ batch: label, level: 'act', text: performance.verdict });
  return alerts;
}
