import { describe, expect, it } from 'vitest';
import { MlError } from '../metrics/errors';
import { analyseAbTest, type AnalysisOptions } from './analysis';
import { checkBinaryOutcome } from './checks';
import { newcombeDifference, pooledZTest } from './proportions';
import { summariseArms } from './summarise';
import type { ArmSummary } from './types';
import { verdictOf, type VerdictInput } from './verdict';

function reasonOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e: unknown) {
    return e instanceof MlError ? e.reason : 'not-an-MlError';
  }
}

const control: ArmSummary = { name: 'control', users: 5000, conversions: 500 };
const treatment: ArmSummary = { name: 'treatment', users: 5000, conversions: 600 };
const options: AnalysisOptions = { control: 'control', mde: { kind: 'absolute', value: 0.01 } };

describe('analyseAbTest', () => {
  it('compares the treatment with the control on the same numbers as the pieces', () => {
    const a = analyseAbTest([treatment, control], options);
    expect(a.control).toBe('control');
    expect(a.comparisons).toHaveLength(1);
    const c = a.comparisons[0];
    expect(c?.arm).toBe('treatment');
    expect(c?.rate.difference).toBeCloseTo(0.02, 15);
    expect(c?.rate.relativeLift).toBeCloseTo(0.2, 15);
    expect(c?.rate.newcombe).toEqual(newcombeDifference(treatment, control, 0.95));
    expect(c?.rate.zTest).toEqual(pooledZTest(treatment, control, 'two-sided'));
    expect(c?.rate.adjustedPValue).toBe(c?.rate.zTest.pValue);
    expect(c?.mean).toBeNull();
    expect(a.warnings).toEqual([]);
    expect(a.intervalLevel).toBeCloseTo(0.95, 15);
    expect(c?.verdict?.kind).toBe('likely-meaningful');
  });

  it('one-sided: tests in the MDE direction and reads a 1 − 2α interval', () => {
    const a = analyseAbTest([control, treatment], { ...options, alternative: 'one-sided' });
    expect(a.side).toBe('greater');
    expect(a.intervalLevel).toBeCloseTo(0.9, 15);
    expect(a.comparisons[0]?.rate.zTest).toEqual(pooledZTest(treatment, control, 'greater'));
    const down = analyseAbTest([control, treatment], {
      ...options,
      mde: { kind: 'relative', value: -0.1 },
      alternative: 'one-sided',
    });
    expect(down.side).toBe('less');
    expect(down.comparisons[0]?.verdict?.kind).toBe('harm');
  });

  it('values each user from the outcome values and the cost of the treatment', () => {
    const a = analyseAbTest([control, treatment], {
      ...options,
      outcomeValues: { converted: 200, notConverted: 0, costPerUser: { treatment: 3 } },
    });
    const arms = Object.fromEntries(a.arms.map((arm) => [arm.name, arm.valuePerUser]));
    expect(arms['control']).toBeCloseTo(20, 12);
    expect(arms['treatment']).toBeCloseTo(0.12 * 200 - 3, 12);
    const value = a.comparisons[0]?.value;
    expect(value?.perUser.difference).toBeCloseTo(0.02 * 200 - 3, 12);
    expect(value?.per1000.difference).toBeCloseTo(1000, 9);
    const newcombe = newcombeDifference(treatment, control, 0.95);
    expect(value?.per1000.interval.lower).toBeCloseTo(1000 * ((newcombe.lower ?? 0) * 200 - 3), 9);
  });

  it('analyses per-user values with Welch and reads the mean when asked', () => {
    const values = (n: number, shift: number) => Array.from({ length: n }, (_, i) => (i % 10) + shift);
    const a = analyseAbTest(
      [
        { ...control, users: 100, conversions: 40, value: { kind: 'values', values: values(100, 0) } },
        { ...treatment, users: 100, conversions: 50, value: { kind: 'values', values: values(100, 1) } },
      ],
      { ...options, primary: 'mean', mde: { kind: 'absolute', value: 0.5 }, bootstrap: { seed: 3 } },
    );
    const mean = a.comparisons[0]?.mean;
    expect(mean?.difference).toBeCloseTo(1, 12);
    expect(mean?.tTest?.df).toBeCloseTo(198, 9);
    expect(mean?.bootstrap?.difference.lower).toBeGreaterThan(0);
    expect(a.comparisons[0]?.verdict?.metric).toBe('mean');
  });

  it('corrects several treatments with Holm and says so', () => {
    const a = analyseAbTest(
      [
        control,
        treatment,
        { name: 'b', users: 5000, conversions: 540 },
        { name: 'c', users: 5000, conversions: 505 },
      ],
      options,
    );
    expect(a.comparisons.map((c) => c.arm)).toEqual(['treatment', 'b', 'c']);
    const raw = a.comparisons.map((c) => c.rate.zTest.pValue);
    const adjusted = a.comparisons.map((c) => c.rate.adjustedPValue);
    expect(adjusted[0]).toBeCloseTo(3 * (raw[0] ?? 0), 15);
    expect(adjusted.every((p, i) => p >= (raw[i] ?? 1))).toBe(true);
    expect(a.warnings.map((w) => w.code)).toEqual(['multiple-arms']);
    expect(a.warnings[0]?.message).toMatch(/Holm/);
  });
});

describe('warnings', () => {
  it('flags a sample-ratio mismatch against the planned split, not an honest one', () => {
    const skewed = analyseAbTest(
      [
        { ...control, users: 5300 },
        { ...treatment, users: 4700 },
      ],
      options,
    );
    expect(skewed.warnings[0]?.code).toBe('sample-ratio-mismatch');
    expect(skewed.warnings[0]?.message).toMatch(/p = .* < 0.001/);
    const planned = analyseAbTest(
      [
        { ...control, users: 7000 },
        { ...treatment, users: 3000, conversions: 360 },
      ],
      {
        ...options,
        plannedShares: { control: 0.7, treatment: 0.3 },
      },
    );
    expect(planned.warnings).toEqual([]);
    expect(
      reasonOf(() => analyseAbTest([control, treatment], { ...options, plannedShares: { control: 1 } })),
    ).toBe('bad-option');
  });

  it('flags peeking before the planned size and too few conversions', () => {
    const a = analyseAbTest([control, treatment], { ...options, plannedPerArm: 8000 });
    expect(a.warnings.map((w) => w.code)).toEqual(['peeking']);
    expect(a.warnings[0]?.message).toMatch(/5000 of 8000 planned users per arm \(63%/);
    const few = analyseAbTest(
      [
        { name: 'control', users: 400, conversions: 4 },
        { name: 'treatment', users: 400, conversions: 12 },
      ],
      options,
    );
    expect(few.warnings.map((w) => w.code)).toEqual(['few-conversions']);
    expect(few.warnings[0]?.message).toMatch(/control has 4 conversions.*np ≥ 10/);
  });

  it('reports a zero baseline: no relative lift, and no verdict on a relative MDE', () => {
    const a = analyseAbTest(
      [
        { name: 'control', users: 400, conversions: 0 },
        { name: 'treatment', users: 400, conversions: 15 },
      ],
      { ...options, mde: { kind: 'relative', value: 0.1 } },
    );
    expect(a.warnings.map((w) => w.code)).toContain('zero-baseline');
    expect(a.comparisons[0]?.rate.relativeLift).toBeNull();
    expect(a.comparisons[0]?.rate.relativeLiftInterval.reason).toMatch(/rate of 0/);
    expect(a.comparisons[0]?.verdict).toBeNull();
  });
});

describe('bad input', () => {
  it('refuses one arm, a missing control, duplicate arms and impossible counts', () => {
    expect(() => analyseAbTest([control], options)).toThrow(/one arm only \(control\)/);
    expect(reasonOf(() => analyseAbTest([treatment, { ...treatment }], options))).toBe('bad-option');
    expect(() => analyseAbTest([treatment, { ...control, name: 'ctl' }], options)).toThrow(
      /control arm control is not in the table/,
    );
    expect(reasonOf(() => analyseAbTest([control, { ...treatment, conversions: 6000 }], options))).toBe(
      'out-of-range',
    );
    expect(
      reasonOf(() => analyseAbTest([control, { ...treatment, users: 0, conversions: 0 }], options)),
    ).toBe('too-few-rows');
  });

  it('refuses a table where nobody (or everybody) converted, and values on some arms only', () => {
    expect(() =>
      analyseAbTest(
        [
          { ...control, conversions: 0 },
          { ...treatment, conversions: 0 },
        ],
        options,
      ),
    ).toThrow(/no user converted/);
    expect(
      reasonOf(() =>
        analyseAbTest([control, { ...treatment, value: { kind: 'values', values: [] } }], options),
      ),
    ).toBe('bad-option');
  });

  it('refuses a non-binary outcome, naming the values', () => {
    expect(() => checkBinaryOutcome([0, 1, 2, 'yes'], 'retained')).toThrow(
      /retained must be 0 or 1.*2, "yes"/,
    );
    expect(() => checkBinaryOutcome([0, 1, true, false, 0n, 1n, '0', '1'])).not.toThrow();
    expect(reasonOf(() => checkBinaryOutcome([0, null, 1], 'retained'))).toBe('missing-values');
    expect(reasonOf(() => summariseArms(['a', 'b'], [0, 3]))).toBe('not-binary');
  });

  it('summarises rows per arm in order of appearance', () => {
    expect(summariseArms(['t', 'c', 't', 'c', 'c'], [1, 0, 0, 1, 1], [5, 0, 1, 2, 3])).toEqual([
      { name: 't', users: 2, conversions: 1, value: { kind: 'values', values: [5, 1] } },
      { name: 'c', users: 3, conversions: 2, value: { kind: 'values', values: [0, 2, 3] } },
    ]);
  });
});

describe('verdict against the MDE (Kohavi et al., fig. 2.4)', () => {
  const base: VerdictInput = {
    metric: 'rate',
    estimate: 0.03,
    interval: { lower: 0.021, upper: 0.039, reason: null },
    pValue: 0.001,
    alpha: 0.05,
    twoSided: true,
    mde: 0.02,
    format: String,
  };
  const kind = (v: Partial<VerdictInput>) => verdictOf({ ...base, ...v }).kind;

  it('tells the six cases apart', () => {
    expect(kind({})).toBe('launch');
    expect(kind({ interval: { lower: 0.01, upper: 0.05, reason: null } })).toBe('likely-meaningful');
    expect(kind({ estimate: 0.01, interval: { lower: 0.005, upper: 0.015, reason: null } })).toBe(
      'significant-below-mde',
    );
    expect(kind({ estimate: -0.03, interval: { lower: -0.04, upper: -0.02, reason: null } })).toBe('harm');
    expect(
      kind({ estimate: 0.001, pValue: 0.8, interval: { lower: -0.01, upper: 0.012, reason: null } }),
    ).toBe('no-meaningful-effect');
    expect(kind({ estimate: 0.01, pValue: 0.3, interval: { lower: -0.01, upper: 0.03, reason: null } })).toBe(
      'inconclusive',
    );
  });

  it('mirrors for an MDE that hopes for a fall', () => {
    expect(
      kind({ estimate: -0.03, interval: { lower: -0.039, upper: -0.021, reason: null }, mde: -0.02 }),
    ).toBe('launch');
    expect(kind({ mde: -0.02 })).toBe('harm');
  });
});
