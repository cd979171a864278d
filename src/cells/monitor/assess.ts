import type { DriftFeature } from '../../data/drift';
import { bootstrapCi } from '../../ml/metrics';
import { expectedValue } from '../../ml/value';
import type { BatchDrift, PredictionDrift } from '../../ml/drift';
import type { InputSchema } from '../../notebook/bundle/types';
import { METRIC_LABELS, metricHigherIsBetter, type Metric } from '../../notebook/metrics';
import type { OutcomeValues } from '../../ml/value';
import { metricValue } from '../shared/metric-value';
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
  const value = ci.estimate;
  const label = METRIC_LABELS[p.metric];
  const clearsBar =
    value === null || p.bar === null
      ? null
      : metricHigherIsBetter(p.metric)
        ? value >= p.bar
        : value <= p.bar;
  const verdict =
    value === null
      ? `${label} is undefined on the ${y.length} labelled rows (one class only).`
      : clearsBar === null
        ? `${label} ${formatNumber(value)} (no bar in the brief).`
        : clearsBar
          ? `${label} ${formatNumber(value)} clears the bar of ${formatNumber(p.bar ?? 0)}.`
          : `${label} ${formatNumber(value)} falls short of the bar of ${formatNumber(p.bar ?? 0)}.`;
  return {
    state: 'measured',
    metric: p.metric,
    value,
    lower: ci.lower,
    upper: ci.upper,
    level: ci.level,
    labelled: y.length,
    valuePer1000,
    bar: p.bar,
    clearsBar,
    verdict,
  };
}

/** The alerts of one batch: features and scores past the PSI thresholds, and a metric below the bar. */
export function batchAlerts(
  label: string,
  drift: BatchDrift,
  prediction: PredictionDrift,
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
      text: `PSI of the scores ${formatNumber(prediction.psi.value)} ≥ ${prediction.level === 'major' ? major : moderate}`,
    });
  if (performance.state === 'measured' && performance.clearsBar === false)
    alerts.push({ batch: label, level: 'act', text: performance.verdict });
  return alerts;
}
