import type { ModelEvaluation } from '../../notebook/bundle/types';
import { METRIC_LABELS } from '../../notebook/metrics';

/*
 * What a model version keeps of the evaluation that justified it, pure: read off an evaluate
 * cell's result for the promoted run (its metric with the interval, its threshold and the value
 * there, and the verdict when the verdict was about this run).
 */

// The shape lives with the evaluate cell, which stores it as an evaluation record too.
export { justificationOf, type Justification } from '../../cells/evaluate/record';

/** "ROC AUC 0.842 [0.821, 0.861], threshold 0.31, +12,345 per 1,000, clears the bar 0.8". */
export function evaluationText(e: ModelEvaluation | null): string {
  if (e === null) return 'not evaluated';
  const n = (x: number) => x.toFixed(3);
  return [
    `${METRIC_LABELS[e.metric]} ${e.value === null ? '—' : n(e.value)}${e.lower !== null && e.upper !== null ? ` [${n(e.lower)}, ${n(e.upper)}]` : ''}`,
    ...(e.threshold === null ? [] : [`threshold ${e.threshold.toPrecision(3)}`]),
    ...(e.valuePer1000 === null
      ? []
      : [`${e.valuePer1000 >= 0 ? '+' : ''}${Math.round(e.valuePer1000).toLocaleString('en-US')} per 1,000`]),
    ...(e.clearsBar === null || e.bar === null
      ? []
      : [`${e.clearsBar ? 'clears' : 'below'} the bar ${e.bar}`]),
  ].join(', ');
}
