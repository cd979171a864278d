import { describe, expect, it } from 'vitest';
import { permuteRows, rowIdOrder } from './order';

/* The reference is the order itself: each case is small enough to check by hand. */

describe('rows put in row id order after reading', () => {
  it('finds the order of the ids, ties in their place, and none when sorted already', () => {
    expect(Array.from(rowIdOrder([30, 10, 20, 10]) ?? [])).toEqual([1, 3, 2, 0]);
    expect(rowIdOrder([1, 2, 2, 5])).toBeNull();
    expect(rowIdOrder([])).toBeNull();
  });

  it('moves whole rows of a row-major matrix, and single values', () => {
    const order = Int32Array.from([2, 0, 1]);
    const x = Float32Array.from([1, 1.5, 2, 2.5, 3, 3.5]);
    expect(Array.from(permuteRows(x, 2, order, new Float32Array(6)))).toEqual([3, 3.5, 1, 1.5, 2, 2.5]);
    expect(Array.from(permuteRows([7, 8, 9], 1, order, new Int8Array(3)))).toEqual([9, 7, 8]);
  });

  it('refuses arrays of the wrong size', () => {
    expect(() => permuteRows([1, 2, 3], 1, Int32Array.from([0, 1]), new Float64Array(2))).toThrow(RangeError);
  });
});
