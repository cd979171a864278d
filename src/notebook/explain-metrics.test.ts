import { describe, expect, it } from 'vitest';
import { EXPLAIN_METRICS, metricHigherIsBetter, type ExplainMetric } from '../ml/explain';
import { METRICS, type Metric } from './metrics';

// The brief's metric is passed to the explainers as it is: every one must be an ExplainMetric
// (checked by the compiler here) with the same direction as the train cell's. Here, not in
// src/ml, because src/ml imports nothing of the layers above it.
const briefMetrics: readonly ExplainMetric[] = [
  ...METRICS.binary,
  ...METRICS.regression,
] satisfies readonly Metric[];

describe("the brief's metrics and the explainers'", () => {
  it('every brief metric can be explained, in the same direction', () => {
    for (const m of briefMetrics) expect(EXPLAIN_METRICS).toContain(m);
    expect(briefMetrics.filter(metricHigherIsBetter)).toEqual(['roc_auc', 'pr_auc', 'f1', 'accuracy', 'r2']);
  });
});
