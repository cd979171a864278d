import type { Metric } from '../../notebook/types';
import { METRIC_LABELS } from '../../notebook/metrics';
import type { EvalMetric, Estimate, MulticlassRun } from './result';

/* How evaluation numbers read, in the view, the verdict and (later) the report. */

export const EVAL_METRIC_LABELS: Record<EvalMetric, string> = {
  ...METRIC_LABELS,
  precision: 'precision',
  recall: 'recall',
  weighted_f1: 'weighted F1',
  macro_precision: 'macro precision',
  macro_recall: 'macro recall',
  weighted_precision: 'weighted precision',
  weighted_recall: 'weighted recall',
};

/** MAPE is a share: shown as a percentage. */
export function metricText(metric: EvalMetric, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (metric === 'mape') return `${(value * 100).toFixed(1)}%`;
  if (metric === 'rmse' || metric === 'mae')
    return value.toLocaleString('en-US', { maximumSignificantDigits: 4 });
  return value.toFixed(3);
}

export function intervalText(metric: EvalMetric, e: Estimate | undefined, level = 0.95): string {
  if (!e || e.lower === null || e.upper === null) return '';
  return `${Math.round(level * 100)}% CI ${metricText(metric, e.lower)}–${metricText(metric, e.upper)}`;
}

/** A difference with its sign: "+0.034", "−0.120". */
export function signedText(metric: EvalMetric, value: number | null): string {
  if (value === null) return '–';
  const magnitude = metricText(metric, Math.abs(value));
  return `${value < 0 ? '−' : '+'}${magnitude}`;
}

/** A value per 1,000 cases, whole units, with its sign when negative. */
export function moneyText(value: number): string {
  const rounded = Math.round(value);
  return `${rounded < 0 ? '−' : ''}${Math.abs(rounded).toLocaleString('en-US')}`;
}

export function percentText(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** A bootstrap p-value; 0 means none of the resamples crossed zero: "p < 1/resamples". */
export function pText(p: number | null, resamples: number): string {
  if (p === null) return 'p –';
  if (p === 0) return `p < ${(1 / resamples).toPrecision(1)}`;
  return p < 0.001 ? 'p < 0.001' : `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

export function thresholdText(threshold: number | null): string {
  return threshold === null
    ? 'no one (act on none)'
    : threshold.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
}

export const metricLabel = (metric: Metric | EvalMetric): string => EVAL_METRIC_LABELS[metric];

/** How a multiclass decision is made, as a phrase after "deciding by". */
export function decisionRuleText(rule: MulticlassRun['value']['rule']): string {
  return rule === 'arg-max' ? 'the most probable class' : 'the least expected cost';
}
