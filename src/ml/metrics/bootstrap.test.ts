import { describe, expect, it } from 'vitest';
import { bootstrapCi, pairedBootstrap, type MetricFn } from './bootstrap';
import { rocAuc } from './curves';
import { randomClassification } from './testing';

const auc: MetricFn = (y, score) => rocAuc(y, score).value;
const { y, score } = randomClassification(300, 7);

describe('bootstrapCi', () => {
  it('is deterministic for a seed and brackets the estimate', () => {
    const a = bootstrapCi(auc, y, score, { iterations: 300, seed: 1 });
    const b = bootstrapCi(auc, y, score, { iterations: 300, seed: 1 });
    expect(a).toEqual(b);
    expect(a.estimate).toBeCloseTo(0.8611990950226245, 12); // sklearn 1.2.1 roc_auc_score
    expect(a.lower ?? NaN).toBeLessThan(a.estimate ?? NaN);
    expect(a.upper ?? NaN).toBeGreaterThan(a.estimate ?? NaN);
    expect((a.upper ?? NaN) - (a.lower ?? NaN)).toBeLessThan(0.15);
    expect(bootstrapCi(auc, y, score, { iterations: 300, seed: 2 })).not.toEqual(a);
  });

  it('narrows as the level falls', () => {
    const wide = bootstrapCi(auc, y, score, { iterations: 300, seed: 1, level: 0.99 });
    const narrow = bootstrapCi(auc, y, score, { iterations: 300, seed: 1, level: 0.5 });
    expect((narrow.upper ?? NaN) - (narrow.lower ?? NaN)).toBeLessThan(
      (wide.upper ?? NaN) - (wide.lower ?? NaN),
    );
  });

  it('skips and counts resamples where the metric is undefined', () => {
    const r = bootstrapCi(auc, [1, 0, 0, 0], [0.9, 0.1, 0.2, 0.3], { iterations: 200, seed: 5 });
    expect(r.skipped).toBeGreaterThan(0);
    expect(r.skipped).toBeLessThan(200);
    const none = bootstrapCi(auc, [0, 0], [0.1, 0.2], { iterations: 10, seed: 5 });
    expect(none).toMatchObject({ estimate: null, lower: null, upper: null, skipped: 10 });
  });

  it('rejects bad options', () => {
    expect(() => bootstrapCi(auc, y, score, { iterations: 0, seed: 1 })).toThrow(/iterations/);
    expect(() => bootstrapCi(auc, y, score, { seed: 1, level: 1 })).toThrow(/level/);
  });
});

describe('pairedBootstrap', () => {
  it('finds a clear difference and none between a scorer and itself', () => {
    const noisy = score.map((s, i) => (i % 2 === 0 ? s : 1 - s));
    const r = pairedBootstrap(auc, y, score, noisy, { iterations: 300, seed: 3 });
    expect(r.difference ?? NaN).toBeGreaterThan(0.2);
    expect(r.lower ?? NaN).toBeGreaterThan(0);
    expect(r.pValue).toBe(0);
    const same = pairedBootstrap(auc, y, score, score, { iterations: 100, seed: 3 });
    expect(same).toMatchObject({ difference: 0, lower: 0, upper: 0, pValue: 1 });
  });
});
