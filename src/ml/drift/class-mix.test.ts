import { describe, expect, it } from 'vitest';
import { classMixDrift, countClasses } from './class-mix';
import { CLASS_MIX_REFERENCE } from './fixtures/class_mix_reference';

// Known answers from SciPy 1.10.1 (chi2_contingency, correction=False) and a numpy PSI, by
// reference/class_mix_reference.py into fixtures/class_mix_reference.ts.

/** Predicted class indices with these counts (−1: no class), interleaved as a real batch would be. */
function predictions(counts: readonly number[], missing = 0): Int32Array {
  const out: number[] = [];
  const left = [...counts, missing];
  while (left.some((n) => n > 0))
    left.forEach((n, c) => {
      if (n > 0) {
        out.push(c === counts.length ? -1 : c);
        left[c] = n - 1;
      }
    });
  return Int32Array.from(out);
}

const closeTo = (actual: number, expected: number, relative = 1e-10) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));

describe('class mix drift against SciPy', () => {
  it('four classes, none sparse', () => {
    const d = classMixDrift(
      ['a', 'b', 'c', 'd'],
      predictions([120, 60, 95, 25]),
      predictions([40, 45, 50, 15]),
    );
    const want = CLASS_MIX_REFERENCE.four;
    closeTo(d.psi.value, want.psi);
    if (!d.chiSquare.testable) throw new Error('testable expected');
    closeTo(d.chiSquare.statistic, want.statistic);
    closeTo(d.chiSquare.pValue, want.pValue, 1e-9);
    expect(d.chiSquare.df).toBe(want.df);
    expect(d.referenceCounts).toEqual([120, 60, 95, 25]);
    expect(d.batchShares).toEqual([40 / 150, 45 / 150, 50 / 150, 15 / 150]);
    expect(d.level).toBe('stable');
  });

  it('rows with no class: a missing bin in the PSI, pooled into the smallest class by the test', () => {
    const d = classMixDrift(
      ['Adelie', 'Chinstrap', 'Gentoo'],
      predictions([300, 150, 50]),
      predictions([100, 20, 80], 4),
    );
    const want = CLASS_MIX_REFERENCE.missing;
    closeTo(d.psi.value, want.psi);
    expect(d.psi.bins.map((b) => b.label)).toEqual(['Adelie', 'Chinstrap', 'Gentoo', '(missing)']);
    if (!d.chiSquare.testable) throw new Error('testable expected');
    closeTo(d.chiSquare.statistic, want.statistic);
    closeTo(d.chiSquare.pValue, want.pValue, 1e-6);
    expect(d.chiSquare.df).toBe(want.df);
    expect(d.chiSquare.table.pooled).toEqual(['(missing)']);
    expect(d.batchShares).toEqual([100 / 204, 20 / 204, 80 / 204]);
    expect(d.level).toBe('major');
  });

  it('the same mix in a smaller batch is stable', () => {
    const d = classMixDrift(['a', 'b', 'c'], predictions([500, 300, 200]), predictions([50, 30, 20]));
    const want = CLASS_MIX_REFERENCE.stable;
    closeTo(d.psi.value, want.psi);
    if (!d.chiSquare.testable) throw new Error('testable expected');
    closeTo(d.chiSquare.statistic, want.statistic);
    closeTo(d.chiSquare.pValue, want.pValue);
    expect(d.level).toBe('stable');
  });

  it('refuses a class index the model does not have', () => {
    expect(() => countClasses([0, 3], 3)).toThrow(/index is 3; the model has 3 classes/);
    expect(() => classMixDrift(['a'], [0], [0])).toThrow(/at least two classes/);
  });
});
