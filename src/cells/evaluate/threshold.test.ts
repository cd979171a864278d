import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thresholdMetrics } from '../../ml/metrics';
import { expectedValue, valueCurve } from '../../ml/value';
import { metricsAt, parseThreshold, pointAt } from './threshold';

const VALUES = { tp: 150, fp: -50, tn: 0, fn: 0 };
const y = [1, 1, 1, 0, 0, 0, 0, 1, 0, 0];
const score = [0.9, 0.8, 0.35, 0.7, 0.2, 0.1, 0.3, 0.6, 0.4, 0.05];

describe('pointAt', () => {
  it('reads the counts at a threshold between scores off the curve', () => {
    const { points } = valueCurve(y, score, VALUES);
    expect(pointAt(points, 0.5)).toMatchObject({
      threshold: 0.5,
      tp: 3,
      fp: 1,
      tn: 5,
      fn: 1,
      perThousand: 40_000,
    });
    expect(pointAt(points, 0.35)).toMatchObject({ tp: 4, fp: 2 });
    expect(pointAt(points, 0.95)).toMatchObject({ tp: 0, fp: 0, perThousand: 0 });
    expect(pointAt(points, 0)).toMatchObject({ tp: 4, fp: 6 });
    expect(pointAt(points, null)).toMatchObject({ threshold: null, tp: 0, fp: 0 });
  });

  it('agrees with expectedValue and thresholdMetrics at any threshold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 20 })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 0, max: 21 }),
        (rows, t) => {
          const ys = rows.map(([v]) => v);
          const scores = rows.map(([, s]) => s / 20);
          const threshold = t / 20;
          const { points } = valueCurve(ys, scores, VALUES);
          const { threshold: _, ...expected } = expectedValue(ys, scores, threshold, VALUES);
          expect(pointAt(points, threshold)).toMatchObject(expected);
          expect(metricsAt(points, threshold)).toEqual(thresholdMetrics(ys, scores, threshold));
        },
      ),
    );
  });
});

describe('parseThreshold', () => {
  it('takes a probability and refuses the rest', () => {
    expect(parseThreshold(' 0.25 ')).toEqual({ value: 0.25 });
    expect(parseThreshold('1')).toEqual({ value: 1 });
    expect(parseThreshold('')).toHaveProperty('error');
    expect(parseThreshold('abc')).toHaveProperty('error');
    expect(parseThreshold('1.5')).toEqual({ error: 'The threshold is a probability: between 0 and 1.' });
  });
});
