import { describe, expect, it } from 'vitest';
import type { BacktestOutput, FoldTiming } from './result';
import { duration, foldTimeText, timingSummary, timingText } from './timing';

/* Sums checked by hand: each part below is the difference the comment next to it works out. */

const fold = (timing: FoldTiming) => ({ timing }) as unknown as BacktestOutput['folds'][number];

const OUTPUT = {
  folds: [
    fold({ restored: false, featuresMs: 300, fitMs: 2_000, trainMs: 2_400, totalMs: 2_800 }),
    fold({ restored: false, featuresMs: 500, fitMs: 4_000, trainMs: 4_600, totalMs: 5_200 }),
  ],
  timing: { prepareMs: 250, storeMs: 150, totalMs: 8_500 },
};

describe('the backtest timing summary', () => {
  it('sets the fits beside the total and splits the rest into steps that add up to it', () => {
    const s = timingSummary(OUTPUT);
    expect(s.fitMs).toBe(6_000);
    expect(s.totalMs).toBe(8_500);
    expect(s.overheadMs).toBe(2_500);
    expect(s.overheadOfFits).toBeCloseTo(2_500 / 6_000, 12);
    expect(s.restoredFolds).toBe(0);
    const byLabel = Object.fromEntries(s.parts.map((p) => [p.label, p.ms]));
    // Features 300 + 500; in the worker (2,400 − 2,000) + (4,600 − 4,000); judging (2,800 − 300 −
    // 2,400) + (5,200 − 500 − 4,600); the rest 8,500 − 250 − 8,000 − 150.
    expect(Object.values(byLabel)).toHaveLength(6);
    expect(byLabel["fitting each fold's features and reading its matrix (DuckDB)"]).toBe(800);
    expect(byLabel['in the worker around the fits (copying rows, scoring, transfers)']).toBe(1_000);
    expect(byLabel["sending each fold's matrix to the worker, fingerprinting and judging it"]).toBe(200);
    expect(byLabel['reading the rows in time order and planning the folds']).toBe(250);
    expect(byLabel["storing the folds' runs"]).toBe(150);
    expect(byLabel['the rest']).toBe(100);
    expect(s.parts.reduce((a, p) => a + p.ms, 0)).toBe(s.overheadMs);
    expect(s.parts.map((p) => p.ms)).toEqual([1_000, 800, 250, 200, 150, 100]);
  });

  it('says so in a line, with the largest step', () => {
    expect(timingText(timingSummary(OUTPUT))).toBe(
      '8.5 s in all: 6.0 s fitting models; the other 2.5 s mostly in the worker around the fits (copying rows, scoring, transfers) (1.0 s).',
    );
  });

  it('has no overhead ratio when every fold was restored, and says they were', () => {
    const restored = {
      folds: [fold({ restored: true, featuresMs: 40, fitMs: 0, trainMs: 0, totalMs: 60 })],
      timing: { prepareMs: 10, storeMs: 0, totalMs: 75 },
    };
    const s = timingSummary(restored);
    expect(s.overheadOfFits).toBeNull();
    expect(s.restoredFolds).toBe(1);
    expect(timingText(s)).toBe(
      "75 ms in all (1 fold restored, not trained): 0 ms fitting models; the other 75 ms mostly fitting each fold's features and reading its matrix (DuckDB) (40 ms).",
    );
    expect(restored.folds.map((f) => foldTimeText(f.timing))).toEqual(['restored']);
  });

  it('writes a fold as its fit of its whole, in seconds or milliseconds', () => {
    expect(OUTPUT.folds.map((f) => foldTimeText(f.timing))).toEqual([
      'fit 2.0 s of 2.8 s',
      'fit 4.0 s of 5.2 s',
    ]);
    expect(duration(999.6)).toBe('1.0 s');
    expect(duration(340.2)).toBe('340 ms');
    expect(duration(1_250)).toBe('1.3 s');
  });
});
