import { describe, expect, it } from 'vitest';
import { meanAbsoluteError } from './regression';
import { sliceMetrics } from './slices';
import { randomClassification } from './testing';

const { y, score } = randomClassification(300, 7);

describe('sliceMetrics', () => {
  it('lists slices worst first with counts, flags small ones and keeps one-class slices', () => {
    const labels = y.map((_, i) => (i < 5 ? 'tiny' : i % 2 === 0 ? 'even' : 'odd'));
    const flipped = score.map((s, i) => (i % 2 === 1 && i >= 5 ? 1 - s : s));
    const report = sliceMetrics(y, flipped, labels, 0.5, { minRows: 10 });
    expect(report.kind).toBe('classification');
    if (report.kind !== 'classification') return;
    // 'odd' has its scores flipped: far the worst AUC.
    expect(report.rows[0]?.slice).toBe('odd');
    expect((report.rows[0]?.auc ?? NaN) < 0.5).toBe(true);
    const bySlice = Object.fromEntries(report.rows.map((r) => [r.slice, [r.count, r.tooFewRows]]));
    expect(bySlice).toEqual({ odd: [148, false], even: [147, false], tiny: [5, true] });
    const oneClass = sliceMetrics([1, 1, 0, 0], [0.2, 0.9, 0.1, 0.3], ['a', 'a', 'b', 'b'], 0.5);
    expect(oneClass.rows.every((r) => r.tooFewRows)).toBe(true);
    if (oneClass.kind === 'classification') expect(oneClass.rows[0]?.aucUndefined).toBe('one-class');
  });

  it('sorts regression slices by MAE, highest first', () => {
    const report = sliceMetrics([1, 2, 3, 4], [1, 2, 5, 0], ['ok', 'ok', 'bad', 'bad'], 0);
    expect(report.kind).toBe('regression');
    expect(report.rows.map((r) => [r.slice, r.count])).toEqual([
      ['bad', 2],
      ['ok', 2],
    ]);
    expect(report.rows[0] && 'mae' in report.rows[0] ? report.rows[0].mae : NaN).toBe(
      meanAbsoluteError([3, 4], [5, 0]),
    );
    expect(() => sliceMetrics([1, 2], [1, 2], ['a'], 0)).toThrow(/sliceLabels has 1 rows/);
  });
});
