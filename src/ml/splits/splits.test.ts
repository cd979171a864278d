import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MlError } from '../metrics/errors';
import { kfoldSplit } from './index';

function reasonOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e: unknown) {
    return e instanceof MlError ? e.reason : 'not-an-MlError';
  }
}

const labels = (n: number, positives: number) =>
  Array.from({ length: n }, (_, i) => (i % n < positives ? 1 : 0));

describe('kfold', () => {
  it('gives every row one fold, fold sizes within one row, deterministically', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 120 }),
        fc.integer({ min: 2, max: 10 }),
        fc.integer(),
        (n, k, seed) => {
          fc.pre(k <= n);
          const split = kfoldSplit(n, k, seed, false, undefined);
          const again = kfoldSplit(n, k, seed, false, undefined);
          const sizes = split.counts;
          return (
            split.fold.every((f) => f >= 0 && f < k) &&
            sizes.reduce((s, c) => s + c, 0) === n &&
            Math.max(...sizes) - Math.min(...sizes) <= 1 &&
            again.fold.every((f, i) => f === split.fold[i])
          );
        },
      ),
    );
  });

  it('stratified: each class spread over the folds within one row', () => {
    const y = labels(103, 17);
    const split = kfoldSplit(103, 5, 3, true, y);
    for (const label of [0, 1]) {
      const perFold = [0, 1, 2, 3, 4].map(
        (f) => y.filter((v, i) => v === label && split.fold[i] === f).length,
      );
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
    expect(Math.max(...split.counts) - Math.min(...split.counts)).toBeLessThanOrEqual(1);
    expect(split.warnings).toEqual([]);
  });

  it('warns about a class smaller than k and refuses bad k', () => {
    const split = kfoldSplit(10, 5, 1, true, labels(10, 3));
    expect(split.warnings).toHaveLength(1);
    expect(reasonOf(() => kfoldSplit(10, 1, 1, false, undefined))).toBe('bad-option');
    expect(reasonOf(() => kfoldSplit(10, 2.5, 1, false, undefined))).toBe('bad-option');
    expect(reasonOf(() => kfoldSplit(3, 4, 1, false, undefined))).toBe('too-few-rows');
    expect(reasonOf(() => kfoldSplit(10, 5, 1, true, undefined))).toBe('bad-option');
    expect(reasonOf(() => kfoldSplit(10, 5, 1, true, labels(9, 3)))).toBe('length-mismatch');
  });
});
