import { describe, expect, it } from 'vitest';
import { metricTrend } from './decay';
import { SKLEARN_TIMESERIES as REF } from './fixtures/sklearn_timeseries';

describe('metricTrend against SciPy 1.10.1 linregress', () => {
  it('slope, intercept, standard error and p-value to 1e-12', () => {
    for (const c of REF.trends) {
      const r = metricTrend(c.y, { betterWhen: 'higher' });
      expect(Math.abs(r.slope - c.slope)).toBeLessThan(1e-12);
      expect(Math.abs(r.intercept - c.intercept)).toBeLessThan(1e-12);
      expect(Math.abs((r.standardError ?? NaN) - c.stderr)).toBeLessThan(1e-12);
      expect(Math.abs((r.pValue ?? NaN) - c.pValue)).toBeLessThan(1e-10);
    }
  });
});

describe('the decay warning', () => {
  it('warns on a steady fall of a higher-is-better metric, with its slope', () => {
    const r = metricTrend([0.81, 0.8, 0.78, 0.775, 0.76], { betterWhen: 'higher' });
    expect(r.drop).toBeCloseTo(0.05, 10);
    expect(r.warning).toMatch(/falls across the folds: slope -0.0125 per fold \(standard error/);
  });

  it('stays quiet on noise, on a rise, and on a fall smaller than minDrop', () => {
    expect(metricTrend([0.7, 0.72, 0.69, 0.71, 0.7, 0.705], { betterWhen: 'higher' }).warning).toBeNull();
    expect(metricTrend([0.5, 0.52, 0.55], { betterWhen: 'higher' }).warning).toBeNull();
    expect(metricTrend([0.801, 0.8, 0.799, 0.798], { betterWhen: 'higher' }).warning).toBeNull();
  });

  it('reads a lower-is-better metric the other way, and two folds without a standard error', () => {
    expect(metricTrend([0.4, 0.42, 0.45, 0.47], { betterWhen: 'lower' }).warning).toMatch(/rises across/);
    const two = metricTrend([0.8, 0.75], { betterWhen: 'higher' });
    expect(two.standardError).toBeNull();
    expect(two.warning).toMatch(/slope -0.0500 per fold, 0.0500 worse/);
  });

  it('uses the positions given, and refuses fewer than two folds', () => {
    const r = metricTrend([0.8, 0.78, 0.7], { betterWhen: 'higher', x: [0, 1, 4] });
    expect(r.drop).toBeCloseTo(-r.slope * 4, 12);
    expect(() => metricTrend([0.8], { betterWhen: 'higher' })).toThrow(/at least 2 folds/);
    expect(() => metricTrend([0.8, NaN], { betterWhen: 'higher' })).toThrow(/finite/);
  });
});
