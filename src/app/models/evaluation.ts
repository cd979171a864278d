import type { EvaluateResult } from '../../cells/evaluate/result';
import type { ModelEvaluation } from '../../notebook/bundle/types';
import { METRIC_LABELS } from '../../notebook/metrics';

/*
 * What a model version keeps of the evaluation that justified it, pure: read off an evaluate
 * cell's result for the promoted run (its metric with the interval, its threshold and the value
 * there, and the verdict when the verdict was about this run).
 */

export interface Justification {
  readonly evaluation: ModelEvaluation;
  /** The run's chosen threshold (binary), which its bundle decides with; null for regression. */
  readonly threshold: number | null;
}

/** The evaluation of run `runId` in `result`, or null when that evaluation did not judge it. */
export function justificationOf(result: EvaluateResult, runId: string): Justification | null {
  const run = result.runs.find((r) => r.id === runId);
  if (!run) return null;
  const estimate = run.metrics[result.metric];
  const verdict = result.verdict?.id === runId ? result.verdict : null;
  const threshold = run.kind === 'binary' ? run.threshold : null;
  return {
    threshold,
    evaluation: {
      metric: result.metric,
      value: estimate?.value ?? null,
      lower: estimate?.lower ?? null,
      upper: estimate?.upper ?? null,
      level: result.bootstrap.level,
      rows: result.rows,
      threshold,
      valuePer1000: run.kind === 'binary' && result.valued ? run.value.atThreshold.perThousand : null,
      bar: result.bar,
      clearsBar: verdict?.clearsBar ?? null,
      verdict: verdict?.sentences ?? [],
    },
  };
}

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
