import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MlError } from './errors';
import { thresholdMetrics } from './classification';
import { averagePrecision, rocAuc } from './curves';
import { calibrationCurve, logLoss } from './probability';
import { liftByDecile } from './gains';
import { rSquared } from './regression';
import { randomClassification } from './testing';

function reasonOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e: unknown) {
    return e instanceof MlError ? e.reason : 'not-an-MlError';
  }
}

describe('input checks', () => {
  it('names the problem: lengths, emptiness, non-finite values, labels, probabilities', () => {
    expect(reasonOf(() => rocAuc([0, 1], [0.5]))).toBe('length-mismatch');
    expect(reasonOf(() => rocAuc([], []))).toBe('empty');
    expect(reasonOf(() => rocAuc([0, 1], [0.5, NaN]))).toBe('not-finite');
    expect(reasonOf(() => rocAuc([0, 1], [0.5, Infinity]))).toBe('not-finite');
    expect(reasonOf(() => rocAuc([0, 2], [0.5, 0.1]))).toBe('not-binary');
    expect(reasonOf(() => logLoss([0, 1], [0.5, 1.5]))).toBe('out-of-range');
    expect(reasonOf(() => calibrationCurve([0, 1], [0.5, 0.1], { nBins: 0 }))).toBe('bad-option');
    expect(() => rSquared([1, 2], [1, NaN])).toThrow(/prediction has a non-finite value \(NaN\) at row 1/);
  });

  it('returns null with a reason, not NaN, for metrics one class leaves undefined', () => {
    expect(rocAuc([1, 1, 1], [0.1, 0.2, 0.3])).toMatchObject({ value: null, reason: 'one-class' });
    expect(averagePrecision([0, 0], [0.1, 0.2])).toMatchObject({ value: null, reason: 'no-positives' });
    expect(averagePrecision([1, 1], [0.1, 0.2])).toEqual({ value: 1, reason: null });
  });

  it('gives 0, as sklearn zero_division=0, when nothing is predicted positive', () => {
    const m = thresholdMetrics([0, 1], [0.1, 0.2], 0.9);
    expect([m.precision, m.recall, m.f1, m.accuracy]).toEqual([0, 0, 0, 0.5]);
  });
});

describe('properties', () => {
  const rows = fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 20 })), {
    minLength: 2,
    maxLength: 60,
  });

  it('ROC AUC is unchanged by a strictly increasing transform of the score', () => {
    fc.assert(
      fc.property(rows, (pairs) => {
        const y = pairs.map(([label]) => label);
        const score = pairs.map(([, s]) => s / 20);
        const transformed = score.map((s) => Math.exp(3 * s) - 7);
        const a = rocAuc(y, score).value;
        const b = rocAuc(y, transformed).value;
        if (a === null || b === null) return a === b;
        return Math.abs(a - b) < 1e-12;
      }),
    );
  });

  it('ROC AUC of the negated score is 1 − AUC', () => {
    fc.assert(
      fc.property(rows, (pairs) => {
        const y = pairs.map(([label]) => label);
        const score = pairs.map(([, s]) => s);
        const a = rocAuc(y, score).value;
        const b = rocAuc(
          y,
          score.map((s) => -s),
        ).value;
        return a === null ? b === null : Math.abs(a + (b ?? NaN) - 1) < 1e-12;
      }),
    );
  });

  it('cumulative gains end at 1 and deciles cover every row once', () => {
    const { y, score } = randomClassification(97, 3);
    const deciles = liftByDecile(y, score);
    expect(deciles.reduce((s, d) => s + d.count, 0)).toBe(97);
    expect(deciles.map((d) => d.count)).toEqual([10, 10, 10, 9, 10, 10, 9, 10, 10, 9]);
    expect(deciles.at(-1)?.cumulativeGain).toBeCloseTo(1, 12);
  });
});
