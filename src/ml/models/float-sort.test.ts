import { describe, expect, it } from 'vitest';
import { sortFloat32 } from './float-sort';
import { normalSampler } from './testing';

describe('sortFloat32 (against Float32Array.prototype.sort)', () => {
  it('sorts normal values, ties, signed zeros, infinities and extremes as the built-in sort does', () => {
    const normal = normalSampler(3);
    const special = [0, -0, Infinity, -Infinity, 3.4e38, -3.4e38, 1e-45, -1e-45, 1, 1, -1, 2.5, 2.5];
    const values = Float32Array.from([...Array.from({ length: 5000 }, () => normal() * 1e3), ...special]);
    const expected = values.slice().sort();
    sortFloat32(values);
    expect(Array.from(values).map((v) => Object.is(v, -0))).toEqual(
      Array.from(expected).map((v) => Object.is(v, -0)),
    );
    expect(Array.from(values)).toEqual(Array.from(expected));
  });

  it('leaves empty and one-value arrays alone, and sorts a subarray in place', () => {
    const empty = new Float32Array(0);
    sortFloat32(empty);
    expect(empty.length).toBe(0);
    const whole = Float32Array.from([9, 3, 2, 1, 9]);
    sortFloat32(whole.subarray(1, 4));
    expect(Array.from(whole)).toEqual([9, 1, 2, 3, 9]);
  });
});
