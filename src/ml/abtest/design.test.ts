import { describe, expect, it } from 'vitest';
import { MlError } from '../metrics/errors';
import { powerAt, powerCurve, sampleSize, testDuration, type DesignInput } from './design';
import { SCIPY_REFERENCE as REF } from './fixtures/scipy_reference';

type Case = (typeof REF.design)[number];

function inputOf(c: Case, method: DesignInput['method']): DesignInput {
  const i = c.input;
  return {
    baselineRate: i.baseline,
    effect:
      i.kind === 'absolute' ? { kind: 'absolute', value: i.value } : { kind: 'relative', value: i.value },
    power: i.power,
    alpha: i.alpha,
    alternative: i.alternative === 'two-sided' ? 'two-sided' : 'one-sided',
    treatmentShare: i.share,
    method,
  };
}

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

function reasonOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e: unknown) {
    return e instanceof MlError ? e.reason : 'not-an-MlError';
  }
}

describe('sample size against statsmodels 0.13.5', () => {
  it('pooled z: samplesize_proportions_2indep_onetail and power_proportions_2indep, to 1e-9', () => {
    for (const c of REF.design) {
      const design = sampleSize(inputOf(c, 'pooled-z'));
      expect(relative(design.treatmentRate, c.treatmentRate)).toBeLessThan(1e-12);
      expect(relative(design.exactTreatmentUsers, c.pooled.nobs1)).toBeLessThan(1e-9);
      expect(design.perArm.treatment).toBe(Math.ceil(c.pooled.nobs1));
      for (const [n, power] of c.pooled.powerAt) {
        expect(Math.abs(powerAt(inputOf(c, 'pooled-z'), n) - power)).toBeLessThan(1e-9);
      }
    }
  });

  it("Cohen's h: NormalIndPower.solve_power with proportion_effectsize, both tails, to 1e-6", () => {
    for (const c of REF.design) {
      const design = sampleSize(inputOf(c, 'cohens-h'));
      expect(Math.abs(design.cohensH - c.cohensH)).toBeLessThan(1e-12);
      expect(relative(design.exactTreatmentUsers, c.cohensHMethod.nobs1)).toBeLessThan(1e-6);
      for (const [n, power] of c.cohensHMethod.powerAt) {
        expect(Math.abs(powerAt(inputOf(c, 'cohens-h'), n) - power)).toBeLessThan(1e-9);
      }
    }
  });

  it('rounds each arm up, splits by the share, and reaches the power it promises', () => {
    const design = sampleSize({
      baselineRate: 0.6,
      effect: { kind: 'absolute', value: 0.08 },
      alpha: 0.01,
      alternative: 'one-sided',
      treatmentShare: 0.3,
    });
    expect(design.perArm.control).toBe(Math.ceil((design.exactTreatmentUsers * 0.7) / 0.3 - 1e-9));
    expect(design.totalUsers).toBe(design.perArm.control + design.perArm.treatment);
    expect(design.achievedPower).toBeGreaterThanOrEqual(0.8);
    expect(design.formula).toMatch(/pooled two-proportion z-test/);
  });

  it('a relative MDE of 10% on 10% equals an absolute one of 1 point', () => {
    const a = sampleSize({ baselineRate: 0.1, effect: { kind: 'relative', value: 0.1 } });
    const b = sampleSize({ baselineRate: 0.1, effect: { kind: 'absolute', value: 0.01 } });
    expect(relative(a.exactTreatmentUsers, b.exactTreatmentUsers)).toBeLessThan(1e-9);
  });
});

describe('power curve and duration', () => {
  it('starts at α, passes the design power at the MDE, and rises with the effect', () => {
    const design = sampleSize({ baselineRate: 0.1, effect: { kind: 'absolute', value: 0.02 } });
    const curve = powerCurve(design, { points: 21, upTo: 2 });
    expect(curve).toHaveLength(21);
    expect(Math.abs((curve[0]?.power ?? 0) - 0.05)).toBeLessThan(1e-12);
    const atMde = curve[10];
    expect(atMde?.absoluteEffect).toBeCloseTo(0.02, 12);
    expect(Math.abs((atMde?.power ?? 0) - design.achievedPower)).toBeLessThan(1e-12);
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i]?.power ?? 0).toBeGreaterThan(curve[i - 1]?.power ?? 1);
    }
  });

  it('follows a negative MDE downwards and leaves out rates outside (0, 1)', () => {
    const design = sampleSize({ baselineRate: 0.05, effect: { kind: 'absolute', value: -0.03 } });
    const curve = powerCurve(design, { points: 5, upTo: 2 });
    expect(curve.map((p) => p.treatmentRate.toFixed(3))).toEqual(['0.050', '0.035', '0.020', '0.005']);
  });

  it('counts whole days of traffic in the test', () => {
    expect(testDuration(10_000, 1_000)).toEqual({ days: 10, usersPerDay: 1000, totalUsers: 10_000 });
    expect(testDuration(10_001, 1_000, 0.5).days).toBe(21);
  });
});

describe('bad input', () => {
  it('refuses a zero baseline rate with a message that says why', () => {
    expect(() => sampleSize({ baselineRate: 0, effect: { kind: 'relative', value: 0.1 } })).toThrow(
      /baseline rate is 0: with no user converting/,
    );
    expect(reasonOf(() => sampleSize({ baselineRate: 1, effect: { kind: 'absolute', value: -0.1 } }))).toBe(
      'out-of-range',
    );
  });

  it('refuses an effect that leaves (0, 1), a zero effect, and bad power, alpha, share or traffic', () => {
    expect(() => sampleSize({ baselineRate: 0.95, effect: { kind: 'absolute', value: 0.1 } })).toThrow(
      /outside \(0, 1\)/,
    );
    const base = { baselineRate: 0.1, effect: { kind: 'absolute', value: 0.01 } } as const;
    expect(reasonOf(() => sampleSize({ ...base, effect: { kind: 'absolute', value: 0 } }))).toBe(
      'bad-option',
    );
    expect(reasonOf(() => sampleSize({ ...base, power: 1 }))).toBe('bad-option');
    expect(reasonOf(() => sampleSize({ ...base, alpha: 0 }))).toBe('bad-option');
    expect(reasonOf(() => sampleSize({ ...base, treatmentShare: 1 }))).toBe('bad-option');
    expect(reasonOf(() => sampleSize({ ...base, power: 0.02 }))).toBe('bad-option');
    expect(reasonOf(() => testDuration(100, 0))).toBe('bad-option');
    expect(reasonOf(() => testDuration(100, 10, 0))).toBe('bad-option');
  });
});
