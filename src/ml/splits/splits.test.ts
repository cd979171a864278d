import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MlError } from '../metrics/errors';
import { allocate, splitRows, type SplitResult } from './index';

function reasonOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e: unknown) {
    return e instanceof MlError ? e.reason : 'not-an-MlError';
  }
}

function holdoutOf(result: SplitResult) {
  if (result.kind !== 'holdout') throw new Error('expected a holdout split');
  return result;
}

function foldsOf(result: SplitResult) {
  if (result.kind !== 'folds') throw new Error('expected folds');
  return result;
}

const labels = (n: number, positives: number) =>
  Array.from({ length: n }, (_, i) => (i % n < positives ? 1 : 0));

describe('random and stratified', () => {
  it('takes ⌈share · n⌉ validation rows, the same ones for the same seed', () => {
    const a = holdoutOf(splitRows(101, { kind: 'random', validationShare: 0.2 }, 42));
    expect(a.counts).toEqual({ train: 80, validation: 21 });
    expect(holdoutOf(splitRows(101, { kind: 'random', validationShare: 0.2 }, 42)).assignment).toEqual(
      a.assignment,
    );
    expect(holdoutOf(splitRows(101, { kind: 'random', validationShare: 0.2 }, 43)).assignment).not.toEqual(
      a.assignment,
    );
  });

  it('allocates per class within one row of the exact share', () => {
    expect(allocate(21, [80, 21])).toEqual([17, 4]);
    expect(allocate(3, [1, 1, 1])).toEqual([1, 1, 1]);
  });

  it('keeps each class share within one row, for any labels, share and seed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 200 }),
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        fc.integer(),
        (raw, share, seed) => {
          // Every class needs two rows: pad each label seen once.
          const y = [...raw, ...new Set(raw)];
          const split = holdoutOf(
            splitRows(y.length, { kind: 'stratified', validationShare: share }, seed, { y }),
          );
          const total = split.counts.validation;
          for (const label of new Set(y)) {
            const rows = y.flatMap((v, i) => (v === label ? [i] : []));
            const inValidation = rows.filter((i) => split.assignment[i] === 1).length;
            if (Math.abs(inValidation - (total * rows.length) / y.length) >= 1) return false;
          }
          return split.counts.train + total === y.length && total === Math.ceil(share * y.length);
        },
      ),
    );
  });

  it('refuses a class with fewer than 2 rows, a share outside (0, 1) and a missing y', () => {
    expect(
      reasonOf(() => splitRows(5, { kind: 'stratified', validationShare: 0.2 }, 1, { y: [0, 0, 0, 0, 1] })),
    ).toBe('too-few-rows');
    expect(reasonOf(() => splitRows(5, { kind: 'random', validationShare: 1 }, 1))).toBe('bad-option');
    expect(reasonOf(() => splitRows(5, { kind: 'random', validationShare: 0 }, 1))).toBe('bad-option');
    expect(reasonOf(() => splitRows(5, { kind: 'random', validationShare: 0.9 }, 1))).toBe('empty-side');
    expect(reasonOf(() => splitRows(5, { kind: 'stratified', validationShare: 0.2 }, 1))).toBe('bad-option');
    expect(reasonOf(() => splitRows(5, { kind: 'stratified', validationShare: 0.2 }, 1, { y: [0, 1] }))).toBe(
      'length-mismatch',
    );
    expect(reasonOf(() => splitRows(1, { kind: 'random', validationShare: 0.5 }, 1))).toBe('too-few-rows');
  });
});

describe('group', () => {
  it('never puts one group on both sides and lands near the share', () => {
    const groups = Array.from({ length: 300 }, (_, i) => `customer-${i % 37}`);
    const split = holdoutOf(splitRows(300, { kind: 'group', validationShare: 0.25 }, 9, { groups }));
    const sides = new Map<string, Set<number>>();
    groups.forEach((g, i) => sides.set(g, (sides.get(g) ?? new Set()).add(split.assignment[i] ?? -1)));
    expect([...sides.values()].every((s) => s.size === 1)).toBe(true);
    expect(split.counts.validation).toBeGreaterThanOrEqual(75);
    expect(split.counts.validation).toBeLessThan(75 + 9);
    expect(split.warnings).toEqual([]);
  });

  it('keeps one group in train however large the share, and needs two groups', () => {
    const split = holdoutOf(
      splitRows(4, { kind: 'group', validationShare: 0.5 }, 1, { groups: [1, 1, 1, 2] }),
    );
    expect(split.counts.train).toBeGreaterThan(0);
    expect(split.counts.validation).toBeGreaterThan(0);
    expect(
      reasonOf(() => splitRows(3, { kind: 'group', validationShare: 0.5 }, 1, { groups: ['a', 'a', 'a'] })),
    ).toBe('too-few-rows');
  });
});

describe('time', () => {
  it('trains before the cutoff and validates from it', () => {
    const times = [5, 1, 3, 4, 2];
    const split = holdoutOf(splitRows(5, { kind: 'time', cutoff: 4 }, 0, { times }));
    expect([...split.assignment]).toEqual([1, 0, 0, 1, 0]);
    expect(split.counts).toEqual({ train: 3, validation: 2 });
  });

  it('refuses missing times and a cutoff that empties a side', () => {
    expect(() => splitRows(3, { kind: 'time', cutoff: 2 }, 0, { times: [1, null, 3] })).toThrow(/row 1/);
    expect(reasonOf(() => splitRows(3, { kind: 'time', cutoff: 2 }, 0, { times: [1, NaN, 3] }))).toBe(
      'missing-values',
    );
    expect(reasonOf(() => splitRows(3, { kind: 'time', cutoff: 9 }, 0, { times: [1, 2, 3] }))).toBe(
      'empty-side',
    );
    expect(reasonOf(() => splitRows(3, { kind: 'time', cutoff: 2 }, 0))).toBe('bad-option');
  });
});

describe('kfold', () => {
  it('gives every row one fold, fold sizes within one row, deterministically', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 120 }),
        fc.integer({ min: 2, max: 10 }),
        fc.integer(),
        (n, k, seed) => {
          fc.pre(k <= n);
          const split = foldsOf(splitRows(n, { kind: 'kfold', k }, seed));
          const again = foldsOf(splitRows(n, { kind: 'kfold', k }, seed));
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
    const split = foldsOf(splitRows(103, { kind: 'kfold', k: 5, stratified: true }, 3, { y }));
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
    const split = foldsOf(splitRows(10, { kind: 'kfold', k: 5, stratified: true }, 1, { y: labels(10, 3) }));
    expect(split.warnings).toHaveLength(1);
    expect(reasonOf(() => splitRows(10, { kind: 'kfold', k: 1 }, 1))).toBe('bad-option');
    expect(reasonOf(() => splitRows(10, { kind: 'kfold', k: 2.5 }, 1))).toBe('bad-option');
    expect(reasonOf(() => splitRows(3, { kind: 'kfold', k: 4 }, 1))).toBe('too-few-rows');
  });
});
