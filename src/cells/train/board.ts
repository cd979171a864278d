import { runMetricLabel } from '../../notebook/metrics';
import type { ModelKind } from '../../notebook/model-types';
import type { Metric } from '../../notebook/types';
import { better, metricText } from './form';
import type { RunRecord } from './result';

/* What the train view ranks and says about its runs: pure, so it is tested without a browser. */

/** What the ranking and the verdict read of a run. */
export type BoardRun = Pick<RunRecord, 'id' | 'label' | 'role' | 'status' | 'metrics'>;

/** The tables a features cell made: the only ones with both the split and the target. */
export function featuresTables(schema: ReadonlyMap<string, readonly { readonly name: string }[]>): string[] {
  return [...schema.entries()]
    .filter(([, cols]) => cols.some((c) => c.name === '__split') && cols.some((c) => c.name === '__target'))
    .map(([name]) => name)
    .sort();
}

/** Done runs best first on `metric` (ties keep their order), then the failed ones in their order. */
export function rankRuns<R extends BoardRun>(runs: readonly R[], metric: Metric): R[] {
  const done = runs.filter((r) => r.status === 'done');
  const value = (r: R): number | null | undefined => r.metrics[metric];
  const sorted = [...done].sort((a, b) =>
    better(metric, value(a), value(b)) ? -1 : better(metric, value(b), value(a)) ? 1 : 0,
  );
  return [...sorted, ...runs.filter((r) => r.status !== 'done')];
}

/** The done baseline or rule run best on `metric` (the first of equals), or null. */
export function bestBaseline<R extends BoardRun>(runs: readonly R[], metric: Metric): R | null {
  let best: R | null = null;
  for (const r of runs) {
    if ((r.role === 'baseline' || r.role === 'rule') && r.status === 'done') {
      if (best === null || better(metric, r.metrics[metric], best.metrics[metric])) best = r;
    }
  }
  return best;
}

/**
 * One sentence on the best run: its value on the brief's metric, against the brief's bar and
 * against the best baseline. Empty when no run is best.
 */
export function verdictText(
  runs: readonly BoardRun[],
  bestId: string | null,
  metric: Metric,
  bar: number | null,
): string {
  const bestRun = runs.find((r) => r.id === bestId);
  if (!bestRun) return '';
  const value = bestRun.metrics[metric];
  const parts = [`Best: ${bestRun.label}, ${runMetricLabel(metric)} ${metricText(value)}`];
  if (bar !== null) {
    const clears = value !== null && value !== undefined && !better(metric, bar, value);
    parts.push(clears ? `clears the bar of ${bar}` : `below the bar of ${bar}`);
  }
  const baseline = bestBaseline(runs, metric);
  const base = baseline?.metrics[metric];
  if (baseline && base !== null && base !== undefined && value !== null && value !== undefined) {
    const delta = value - base;
    parts.push(
      `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(3)} against the best baseline (${baseline.label})`,
    );
  }
  return `${parts.join('; ')} (validation rows).`;
}

/** A run's duration for people: "850 ms", "2.3 s". */
export const durationText = (ms: number): string =>
  ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;

/** What one step of a model's loss curve is called. */
export const stepLabel = (kind: ModelKind | undefined): string =>
  kind === 'mlp' ? 'epoch' : kind === 'logistic' ? 'Newton step' : 'boosting round';

/** The `count` largest coefficients by size, largest first. */
export function largestCoefficients<C extends { readonly value: number }>(
  coefficients: readonly C[],
  count: number,
): C[] {
  return [...coefficients].sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, count);
}

/** A trial's searched values: "learningRate = 0.1, maxLeafNodes = 31". */
export const trialText = (params: Readonly<Record<string, number>>): string =>
  Object.entries(params)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
