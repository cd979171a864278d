import { describe, expect, it } from 'vitest';
import { METRICS, type Metric } from '../../notebook/types';
import { EXPLAIN_METRICS, metricHigherIsBetter, metricScorer, type ExplainMetric } from './metric';

// The brief's metric (notebook/types.ts) is passed to the explainers as it is: every one must be
// an ExplainMetric (checked by the compiler here) with the same direction as the train cell's.
const briefMetrics: readonly ExplainMetric[] = [
  ...METRICS.binary,
  ...METRICS.regression,
] satisfies readonly Metric[];

describe('explain metrics', () => {
  it("cover the brief's metrics", () => {
    for (const m of briefMetrics) expect(EXPLAIN_METRICS).toContain(m);
    expect(briefMetrics.filter(metricHigherIsBetter)).toEqual(['roc_auc', 'pr_auc', 'f1', 'accuracy', 'r2']);
  });

  it('score with ../metrics (scikit-learn 1.2.1 definitions)', () => {
    const y = [0, 0, 1, 1];
    const s = Float64Array.from([0.1, 0.6, 0.4, 0.9]);
    expect(metricScorer('roc_auc', y)(s)).toBe(0.75);
    expect(metricScorer('accuracy', y, 0.5)(s)).toBe(0.5);
    expect(metricScorer('accuracy', y, 0.3)(s)).toBe(0.75);
    expect(metricScorer('rmse', [1, 2], 0.5)(Float64Array.from([1, 4]))).toBeCloseTo(Math.sqrt(2), 12);
  });
});
