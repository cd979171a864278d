import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareValue, expectedValue, valueCurve, type OutcomeValues } from './value';
import { regressionCost } from './regression-cost';

// A retention offer: saving a churner is worth 90, the offer costs 10 whoever gets it.
const VALUES: OutcomeValues = { tp: 90, fp: -10, tn: 0, fn: 0 };
const y = [1, 0, 1, 0, 0, 1, 0, 0];
const score = [0.9, 0.8, 0.7, 0.7, 0.3, 0.3, 0.2, 0.1];

describe('expectedValue', () => {
  it('counts outcomes at the threshold and scales to 1,000 cases', () => {
    const v = expectedValue(y, score, 0.7, VALUES);
    expect(v).toMatchObject({ tp: 2, fp: 2, tn: 3, fn: 1, actedShare: 0.5, total: 160 });
    expect(v.perThousand).toBeCloseTo(20_000, 9);
  });

  it('rejects values that are not finite', () => {
    expect(() => expectedValue(y, score, 0.5, { ...VALUES, fp: NaN })).toThrow(/fp/);
  });
});

describe('valueCurve', () => {
  it('has one point per distinct score plus acting on none, and the best of them', () => {
    const curve = valueCurve(y, score, VALUES);
    expect(curve.points.map((p) => p.threshold)).toEqual([null, 0.9, 0.8, 0.7, 0.3, 0.2, 0.1]);
    expect(curve.points.map((p) => p.total)).toEqual([0, 90, 80, 160, 240, 230, 220]);
    expect(curve.best.threshold).toBe(0.3);
    expect(curve.doNothing).toMatchObject({ tp: 0, fp: 0, tn: 5, fn: 3, total: 0 });
    expect(curve.actOnAll).toMatchObject({ tp: 3, fp: 5, tn: 0, fn: 0, total: 220 });
  });

  it('agrees with expectedValue at every threshold (any rows, any values)', () => {
    const rows = fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 9 })), {
      minLength: 1,
      maxLength: 40,
    });
    const value = fc.integer({ min: -100, max: 100 });
    fc.assert(
      fc.property(rows, value, value, value, value, (pairs, tp, fp, tn, fn) => {
        const ys = pairs.map(([label]) => label);
        const ss = pairs.map(([, s]) => s / 10);
        const values = { tp, fp, tn, fn };
        const curve = valueCurve(ys, ss, values);
        const maxTotal = Math.max(...curve.points.map((p) => p.total));
        return (
          curve.best.total === maxTotal &&
          curve.points.every(
            (p) => p.threshold === null || expectedValue(ys, ss, p.threshold, values).total === p.total,
          )
        );
      }),
    );
  });
});

describe('compareValue', () => {
  it('reports gains over doing nothing, acting on all, and a baseline scorer', () => {
    const baseline = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    const c = compareValue(y, score, VALUES, baseline);
    expect(c.model.total).toBe(240);
    expect(c.baseline?.total).toBe(220);
    expect(c.gainOverDoNothing).toBeCloseTo(30_000, 9);
    expect(c.gainOverActOnAll).toBeCloseTo(2_500, 9);
    expect(c.gainOverBaseline).toBeCloseTo(2_500, 9);
    expect(compareValue(y, score, VALUES).gainOverBaseline).toBeNull();
  });
});

describe('regressionCost', () => {
  it('charges over- and under-prediction at their own rates', () => {
    const cost = regressionCost([10, 10, 10, 10], [12, 7, 10, 10.5], {
      costPerUnitOver: 1,
      costPerUnitUnder: 4,
    });
    expect(cost).toMatchObject({ overCount: 2, underCount: 1, overCost: 2.5, underCost: 12, total: 14.5 });
    expect(cost.perThousand).toBeCloseTo(3625, 9);
    expect(() => regressionCost([1], [1], { costPerUnitOver: -1, costPerUnitUnder: 1 })).toThrow(
      /costPerUnitOver/,
    );
    expect(() => regressionCost([1, 2], [1], { costPerUnitOver: 1, costPerUnitUnder: 1 })).toThrow(
      /1 rows|has 2/,
    );
  });
});
