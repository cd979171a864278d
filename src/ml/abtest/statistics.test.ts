import { describe, expect, it } from 'vitest';
import { holm, sampleRatioMismatch } from './checks';
import { SCIPY_REFERENCE as REF } from './fixtures/scipy_reference';
import { meanSummary, welchInterval, welchTest } from './means';
import {
  newcombeDifference,
  pooledZTest,
  relativeLiftInterval,
  waldDifference,
  wilsonInterval,
  type RateCounts,
} from './proportions';
import type { Interval } from './types';

const TOLERANCE = 1e-9;

function expectInterval(actual: Interval, expected: readonly [number, number]): void {
  expect(actual.reason).toBeNull();
  expect(Math.abs((actual.lower ?? NaN) - expected[0])).toBeLessThan(TOLERANCE);
  expect(Math.abs((actual.upper ?? NaN) - expected[1])).toBeLessThan(TOLERANCE);
}

const counts = ([conversions, users]: readonly [number, number]): RateCounts => ({ users, conversions });

describe('two proportions against statsmodels 0.13.5', () => {
  it('Wald, Newcombe, Wilson and the log-ratio lift, at 95% and 90%', () => {
    for (const c of REF.proportions) {
      const t = counts(c.treatment);
      const k = counts(c.control);
      for (const [alpha, ref] of [
        [0.05, c.alpha05],
        [0.1, c.alpha10],
      ] as const) {
        const level = 1 - alpha;
        const wald = waldDifference(t, k, level);
        // statsmodels returns a zero-width Wald interval when both rates are 0 or 1; we say so instead.
        if (ref.wald[1] - ref.wald[0] === 0) expect(wald.reason).toMatch(/no width/);
        else expectInterval(wald, ref.wald);
        expectInterval(newcombeDifference(t, k, level), ref.newcombe);
        const wilson = wilsonInterval(t, level);
        expectInterval({ ...wilson, reason: null }, ref.wilsonTreatment);
        const lift = relativeLiftInterval(t, k, level);
        if ('ratio' in ref) expectInterval(lift, [ref.ratio[0] - 1, ref.ratio[1] - 1]);
        else expect(lift.reason).toMatch(/no conversions/);
      }
    }
  });

  it('the pooled z-test (proportions_ztest), two-sided and one-sided', () => {
    for (const c of REF.proportions) {
      const t = counts(c.treatment);
      const k = counts(c.control);
      for (const [side, ref] of [
        ['two-sided', c.z.twoSided],
        ['greater', c.z.greater],
        ['less', c.z.less],
      ] as const) {
        const z = pooledZTest(t, k, side);
        expect(Math.abs((z?.statistic ?? NaN) - ref[0])).toBeLessThan(TOLERANCE);
        expect(Math.abs((z?.pValue ?? NaN) - ref[1])).toBeLessThan(TOLERANCE);
      }
    }
  });
});

describe("Welch's t against SciPy 1.10.1 and statsmodels 0.13.5", () => {
  it('ttest_ind(equal_var=False) and tconfint_diff(usevar="unequal"), from raw values and from sums', () => {
    for (const c of REF.welch) {
      const raw = [c.treatment, c.control].map((values) =>
        meanSummary({ kind: 'values', values }, values.length, 'arm'),
      );
      const sums = [c.treatment, c.control].map((values) =>
        meanSummary(
          {
            kind: 'moments',
            sum: values.reduce((s, v) => s + v, 0),
            sumOfSquares: values.reduce((s, v) => s + v * v, 0),
          },
          values.length,
          'arm',
        ),
      );
      for (const [t, k] of [raw, sums]) {
        if (!t || !k) throw new Error('two arms');
        for (const [side, ref] of [
          ['two-sided', c.twoSided],
          ['greater', c.greater],
          ['less', c.less],
        ] as const) {
          const r = welchTest(t, k, side);
          expect(Math.abs((r?.statistic ?? NaN) - ref[0])).toBeLessThan(TOLERANCE);
          expect(Math.abs((r?.pValue ?? NaN) - ref[1])).toBeLessThan(TOLERANCE);
          expect(Math.abs((r?.df ?? NaN) - c.df)).toBeLessThan(TOLERANCE * c.df);
        }
        expectInterval(welchInterval(t, k, 0.95), c.ci95);
        expectInterval(welchInterval(t, k, 0.9), c.ci90);
      }
    }
  });

  it('has no test without variance', () => {
    const flat = meanSummary({ kind: 'values', values: [2, 2, 2] }, 3, 'a');
    expect(welchTest(flat, flat, 'two-sided')).toBeNull();
    expect(welchInterval(flat, flat, 0.95).reason).toMatch(/no variance/);
    const one = meanSummary({ kind: 'values', values: [2] }, 1, 'a');
    expect(welchInterval(one, flat, 0.95).reason).toMatch(/at least two users/);
  });
});

describe('sample-ratio mismatch and Holm', () => {
  it('chi-square goodness of fit equals scipy.stats.chisquare', () => {
    for (const c of REF.srm) {
      const arms = c.observed.map((users, i) => ({ name: `arm${i}`, users, conversions: 0 }));
      const r = sampleRatioMismatch(arms, c.shares);
      expect(Math.abs(r.statistic - c.statistic)).toBeLessThan(TOLERANCE);
      expect(Math.abs(r.pValue - c.pValue) / Math.max(c.pValue, 1e-300)).toBeLessThan(1e-9);
      expect(r.warning !== null).toBe(c.pValue < 0.001);
    }
  });

  it('Holm equals statsmodels multipletests(method="holm")', () => {
    for (const c of REF.holm) {
      holm(c.p).forEach((p, i) => expect(Math.abs(p - (c.adjusted[i] ?? NaN))).toBeLessThan(1e-15));
    }
  });
});
