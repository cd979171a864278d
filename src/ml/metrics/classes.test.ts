import { describe, expect, it } from 'vitest';
import { classesOf, encodeLabels } from './classes';
import { MlError } from './errors';

function reason(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e: unknown) {
    return e instanceof MlError ? e.reason : 'not-an-MlError';
  }
}

describe('class labels', () => {
  it('sorts classes as numpy np.unique (sklearn classes_): text by code point, numbers by value', () => {
    expect(classesOf(['Gentoo', 'Adelie', 'Chinstrap', 'Adelie', 'adelie'])).toEqual([
      'Adelie',
      'Chinstrap',
      'Gentoo',
      'adelie',
    ]);
    expect(classesOf([10, 2, 1, 2])).toEqual(['1', '2', '10']);
    expect(classesOf([3n, 1n, 2n])).toEqual(['1', '2', '3']);
  });

  it('encodes every part against the training classes', () => {
    const classes = classesOf(['b', 'a', 'c']);
    expect(Array.from(encodeLabels(['c', 'a', 'a', 'b'], classes))).toEqual([2, 0, 0, 1]);
    expect(Array.from(encodeLabels([10, 1], classesOf([1, 2, 10])))).toEqual([2, 0]);
  });

  it('refuses a NULL label, one class, too many classes and a class training never saw', () => {
    expect(reason(() => classesOf(['a', null, 'b']))).toBe('missing-label');
    expect(() => classesOf(['a', null, 'b'])).toThrow(/training row 2 is missing \(NULL\)/);
    expect(reason(() => classesOf(['a', 'a']))).toBe('too-few-classes');
    expect(() => classesOf(['a', 'a'])).toThrow(/Every training row has the class a/);
    const many = Array.from({ length: 60 }, (_, i) => `k${i}`).concat(['k7', 'k7', 'k3']);
    expect(reason(() => classesOf(many))).toBe('too-many-classes');
    expect(() => classesOf(many)).toThrow(/60 classes; at most 50.*The largest: k7 \(3\), k3 \(2\)/);
    expect(classesOf(many, { maxClasses: 60 })).toHaveLength(60);
    expect(reason(() => encodeLabels(['a', 'd', 'd', 'e'], ['a', 'b', 'c']))).toBe('unknown-class');
    expect(() => encodeLabels(['a', 'd', 'd', 'e'], ['a', 'b', 'c'])).toThrow(
      /validation rows have classes that no training row has: d \(2\), e \(1\)/,
    );
    expect(() => encodeLabels(['a', undefined], ['a', 'b'], 'test')).toThrow(/test row 2 is missing/);
  });
});
