import { describe, expect, it } from 'vitest';
import { metricScorer } from './metric';

describe('explain metrics', () => {
  it('score with ../metrics (scikit-learn 1.2.1 definitions)', () => {
    const y = [0, 0, 1, 1];
    const s = Float64Array.from([0.1, 0.6, 0.4, 0.9]);
    expect(metricScorer('roc_auc', y)(s)).toBe(0.75);
    expect(metricScorer('accuracy', y, 0.5)(s)).toBe(0.5);
    expect(metricScorer('accuracy', y, 0.3)(s)).toBe(0.75);
    expect(metricScorer('rmse', [1, 2], 0.5)(Float64Array.from([1, 4]))).toBeCloseTo(Math.sqrt(2), 12);
  });
});
