import { describe, expect, it } from 'vitest';
import { MlError } from '../metrics/errors';
import { backtestFolds, checkLeakage, type BacktestSpec } from './index';
import { SKLEARN_TIMESERIES as REF } from './fixtures/sklearn_timeseries';
import { periodBoundaries, periodLabel, periodStart } from './periods';

function reasonOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e: unknown) {
    return e instanceof MlError ? e.reason : 'not-an-MlError';
  }
}

const utc = (iso: string): number => Date.parse(`${iso}Z`);
const DAY = 86_400_000;

/** One row every 6 hours from 2001-01-01 to 2001-06-30 (UTC), shuffled deterministically. */
const halfYear = (() => {
  const times: number[] = [];
  for (let t = utc('2001-01-01T00:00:00'); t < utc('2001-07-01T00:00:00'); t += DAY / 4) times.push(t);
  // A fixed shuffle: the folds must not depend on the rows being sorted.
  return times
    .map((t, i) => ({ t, k: (i * 7919) % times.length }))
    .sort((a, b) => a.k - b.k)
    .map((r) => r.t);
})();

describe('count mode against scikit-learn 1.2.1 TimeSeriesSplit', () => {
  for (const c of REF.cases) {
    it(c.name, () => {
      const p = c.params;
      const spec: BacktestSpec = {
        kind: 'count',
        folds: p.n_splits,
        window: 'max_train_size' in p ? 'rolling' : 'expanding',
        ...('max_train_size' in p ? { maxTrainRows: p.max_train_size } : {}),
        ...('test_size' in p ? { testRows: p.test_size } : {}),
        ...('gap' in p ? { gap: { kind: 'rows', rows: p.gap } } : {}),
      };
      const plan = backtestFolds(c.times, spec);
      expect(plan.folds).toHaveLength(c.folds.length);
      plan.folds.forEach((fold, k) => {
        expect([...fold.trainRows]).toEqual(c.folds[k]?.train);
        expect([...fold.testRows]).toEqual(c.folds[k]?.test);
        expect(fold.leakage.ok).toBe(true);
      });
      if (c.name === 'tied times') expect(plan.warnings.length).toBeGreaterThan(0);
      else expect(plan.warnings).toEqual([]);
    });
  }

  it('gives time ranges that select the same rows as the row sets when times are distinct', () => {
    const c = REF.cases[1];
    if (!c) throw new Error('fixture');
    const plan = backtestFolds(c.times, {
      kind: 'count',
      folds: 5,
      window: 'expanding',
      gap: { kind: 'rows', rows: 3 },
    });
    for (const fold of plan.folds) {
      for (const [range, rows] of [
        [fold.train, fold.trainRows],
        [fold.test, fold.testRows],
      ] as const) {
        const selected = c.times.flatMap((t, i) => (t >= range.startMs && t < range.endMs ? [i] : []));
        expect(selected.sort((a, b) => a - b)).toEqual([...rows].sort((a, b) => a - b));
      }
    }
  });
});

describe('calendar periods (UTC)', () => {
  it('finds ISO weeks, months and quarters and labels them', () => {
    const t = utc('2001-03-15T13:00:00');
    expect(new Date(periodStart(t, 'week')).toISOString()).toBe('2001-03-12T00:00:00.000Z');
    expect(new Date(periodStart(t, 'month')).toISOString()).toBe('2001-03-01T00:00:00.000Z');
    expect(new Date(periodStart(t, 'quarter')).toISOString()).toBe('2001-01-01T00:00:00.000Z');
    expect(periodLabel(utc('2001-01-01T00:00:00'), 'week')).toBe('2001-W01');
    expect(periodLabel(utc('2004-12-27T00:00:00'), 'week')).toBe('2004-W53');
    expect(periodLabel(utc('2010-01-04T00:00:00'), 'week')).toBe('2010-W01');
    expect(periodLabel(utc('2001-05-01T00:00:00'), 'quarter')).toBe('2001-Q2');
    expect(periodBoundaries(utc('2001-01-20T00:00:00'), utc('2001-03-01T00:00:00'), 'month')).toEqual([
      utc('2001-01-01T00:00:00'),
      utc('2001-02-01T00:00:00'),
      utc('2001-03-01T00:00:00'),
      utc('2001-04-01T00:00:00'),
    ]);
  });

  it('expanding monthly: five test months, each trained on everything before it', () => {
    const plan = backtestFolds(halfYear, { kind: 'periods', period: 'month', window: 'expanding' });
    expect(plan.folds.map((f) => f.label)).toEqual(['2001-02', '2001-03', '2001-04', '2001-05', '2001-06']);
    const march = plan.folds[1];
    expect(march?.train).toEqual({ startMs: utc('2001-01-01T00:00:00'), endMs: utc('2001-03-01T00:00:00') });
    expect(march?.test).toEqual({ startMs: utc('2001-03-01T00:00:00'), endMs: utc('2001-04-01T00:00:00') });
    expect(march?.trainRows.length).toBe((31 + 28) * 4);
    expect(march?.testRows.length).toBe(31 * 4);
    for (const fold of plan.folds) {
      expect(fold.leakage.ok).toBe(true);
      expect(fold.trainRows.every((r) => (halfYear[r] ?? NaN) < fold.train.endMs)).toBe(true);
      expect(fold.testRows.every((r) => (halfYear[r] ?? NaN) >= fold.test.startMs)).toBe(true);
    }
  });

  it('gives the same folds, by time, whether the rows come sorted or not', () => {
    const spec: BacktestSpec = { kind: 'count', folds: 4, window: 'rolling', maxTrainRows: 100 };
    const sorted = [...halfYear].sort((a, b) => a - b);
    const timesOf = (times: readonly number[], rows: Int32Array) => [...rows].map((r) => times[r]);
    const a = backtestFolds(sorted, spec);
    const b = backtestFolds(halfYear, spec);
    a.folds.forEach((fold, k) => {
      expect([...fold.testRows]).toEqual([...fold.testRows].sort((x, y) => x - y));
      expect(timesOf(sorted, fold.trainRows)).toEqual(
        timesOf(halfYear, b.folds[k]?.trainRows ?? new Int32Array()),
      );
      expect(timesOf(sorted, fold.testRows)).toEqual(
        timesOf(halfYear, b.folds[k]?.testRows ?? new Int32Array()),
      );
    });
  });

  it('rolling with a gap: the last 3 folds, 2 months of training, a month between', () => {
    const plan = backtestFolds(halfYear, {
      kind: 'periods',
      period: 'month',
      window: 'rolling',
      trainPeriods: 2,
      gap: { kind: 'periods', periods: 1 },
      folds: 2,
    });
    expect(plan.folds.map((f) => f.label)).toEqual(['2001-05', '2001-06']);
    expect(plan.folds[1]?.train).toEqual({
      startMs: utc('2001-03-01T00:00:00'),
      endMs: utc('2001-05-01T00:00:00'),
    });
  });

  it('a duration gap and two-period tests, aligned to the end of the data', () => {
    const plan = backtestFolds(halfYear, {
      kind: 'periods',
      period: 'month',
      window: 'expanding',
      testPeriods: 2,
      gap: { kind: 'duration', ms: 7 * DAY },
    });
    expect(plan.folds.map((f) => f.label)).toEqual(['2001-03 to 2001-04', '2001-05 to 2001-06']);
    expect(plan.folds[0]?.train.endMs).toBe(utc('2001-02-22T00:00:00'));
  });

  it('weekly and quarterly folds', () => {
    const weeks = backtestFolds(halfYear, {
      kind: 'periods',
      period: 'week',
      window: 'rolling',
      trainPeriods: 4,
      folds: 3,
    });
    expect(weeks.folds.map((f) => f.label)).toEqual(['2001-W24', '2001-W25', '2001-W26']);
    expect(weeks.folds[0]?.trainRows.length).toBe(4 * 7 * 4);
    const quarters = backtestFolds(halfYear, { kind: 'periods', period: 'quarter', window: 'expanding' });
    expect(quarters.folds.map((f) => f.label)).toEqual(['2001-Q2']);
  });
});

describe('leakage check', () => {
  it('finds test rows earlier than the latest training row', () => {
    const times = [1, 2, 3, 4, 5];
    expect(checkLeakage(times, [0, 1], [2, 3]).ok).toBe(true);
    expect(checkLeakage(times, [0, 1], [1, 2]).ok).toBe(true);
    const bad = checkLeakage(times, [0, 3], [1, 2, 4]);
    expect(bad).toMatchObject({ ok: false, latestTrainMs: 4, earliestTestMs: 2, leakingTestRows: 2 });
    expect(bad.message).toMatch(/2 test rows are earlier than the latest training row/);
  });
});

describe('bad input', () => {
  const monthly: BacktestSpec = { kind: 'periods', period: 'month', window: 'expanding' };

  it('refuses no times, NULL or unparseable times, with what to do', () => {
    expect(() => backtestFolds([], monthly, { column: 'date' })).toThrow(/time column date has no values/);
    expect(() => backtestFolds(halfYear, monthly, { column: 'date', nullCount: 12 })).toThrow(
      /date has 12 rows with no time \(NULL\)\. A backtest needs a time on every row/,
    );
    expect(() => backtestFolds(halfYear, monthly, { unparseableCount: 3 })).toThrow(
      /3 values that could not be read/,
    );
    expect(reasonOf(() => backtestFolds([1, null, 3], monthly))).toBe('missing-values');
    expect(reasonOf(() => backtestFolds([1, NaN, 3], monthly))).toBe('missing-values');
  });

  it('refuses a window longer than the data', () => {
    expect(() =>
      backtestFolds(halfYear, { kind: 'periods', period: 'month', window: 'rolling', trainPeriods: 6 }),
    ).toThrow(/window is longer than the data: .* need 7 months; the data span 6 \(2001-01 to 2001-06\)/);
    expect(reasonOf(() => backtestFolds(halfYear, { ...monthly, folds: 6 }))).toBe('bad-option');
    expect(() => backtestFolds([1, 2, 3], { kind: 'count', folds: 3, window: 'expanding' })).toThrow(
      /longer than the data/,
    );
    expect(() =>
      backtestFolds([1, 2, 3, 4, 5, 6], {
        kind: 'count',
        folds: 2,
        window: 'expanding',
        gap: { kind: 'rows', rows: 4 },
      }),
    ).toThrow(/gap of 4 rows/);
  });

  it('refuses a fold with too few rows, naming it', () => {
    const sparse = [utc('2001-01-05T00:00:00'), utc('2001-01-06T00:00:00'), utc('2001-03-02T00:00:00')];
    expect(() => backtestFolds(sparse, monthly)).toThrow(
      /Fold 1 \(test 2001-02\) has 2 training rows and 0 test rows/,
    );
    expect(() => backtestFolds(halfYear, { ...monthly, minTestRows: 200 })).toThrow(
      /it needs at least 1 and 200/,
    );
  });

  it('refuses options that do not fit the mode', () => {
    expect(
      reasonOf(() => backtestFolds(halfYear, { kind: 'periods', period: 'month', window: 'rolling' })),
    ).toBe('bad-option');
    expect(() => backtestFolds(halfYear, { ...monthly, gap: { kind: 'rows', rows: 2 } })).toThrow(
      /does not apply/,
    );
    expect(reasonOf(() => backtestFolds(halfYear, { kind: 'count', folds: 3, window: 'rolling' }))).toBe(
      'bad-option',
    );
    expect(
      reasonOf(() =>
        backtestFolds(halfYear, { kind: 'count', folds: 3, window: 'expanding', maxTrainRows: 5 }),
      ),
    ).toBe('bad-option');
    expect(reasonOf(() => backtestFolds(halfYear, { ...monthly, testPeriods: 0 }))).toBe('bad-option');
  });
});
