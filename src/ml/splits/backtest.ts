/**
 * Backtest folds: train on the past, test on what came next, fold after fold. Folds are given as
 * half-open time ranges (so SQL can select each side by time) and as row sets (indices into the
 * times given, in time order), each with a leakage check. Two modes:
 *  - 'periods': calendar weeks, months or quarters in UTC; tests of whole periods aligned to the
 *    end of the data, training expanding from the first period or rolling over a fixed number;
 *  - 'count': scikit-learn 1.2.1's TimeSeriesSplit (n_splits, test_size, gap, max_train_size) on
 *    the rows sorted by time (stable: ties keep their row order), row for row.
 */
import { MlError } from '../metrics/errors';
import type {
  BacktestFold,
  BacktestPlan,
  BacktestSpec,
  LeakageCheck,
  TimeColumnQuality,
  TimeRange,
} from './backtest-types';
import { countFolds, lowerBound, periodFolds, type RawFold, type SortedTimes } from './backtest-windows';

export type * from './backtest-types';

/** Rows sorted by time, ties in row order; every time must be a finite number. */
function sortTimes(times: ArrayLike<number | null | undefined>, quality: TimeColumnQuality): SortedTimes {
  const column = quality.column ? `The time column ${quality.column}` : 'The time column';
  const nulls = quality.nullCount ?? 0;
  const unparseable = quality.unparseableCount ?? 0;
  if (nulls > 0 || unparseable > 0) {
    const parts = [
      nulls > 0 ? `${nulls} rows with no time (NULL)` : '',
      unparseable > 0 ? `${unparseable} values that could not be read as times` : '',
    ].filter(Boolean);
    throw new MlError(
      'missing-values',
      `${column} has ${parts.join(' and ')}. A backtest needs a time on every row: filter those rows ` +
        'out or fix the values in SQL (e.g. with strptime and the right format), then run again.',
    );
  }
  if (times.length === 0) {
    throw new MlError('empty', `${column} has no values: pick a column of dates or times for the backtest.`);
  }
  const values = new Float64Array(times.length);
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t === null || t === undefined || !Number.isFinite(t)) {
      throw new MlError('missing-values', `${column} has no usable time at row ${i} (${String(t)}).`);
    }
    values[i] = t;
  }
  const order = new Int32Array(values.length);
  let inOrder = true;
  for (let row = 1; row < values.length && inOrder; row++)
    inOrder = (values[row - 1] ?? 0) <= (values[row] ?? 0);
  if (inOrder) {
    // Rows read with ORDER BY time: nothing to sort.
    for (let row = 0; row < order.length; row++) order[row] = row;
    return { order, sorted: values, values };
  }
  // A native numeric sort of the times, then each row placed, in row order, at the first free
  // slot of its time: stable, and faster than sorting indices with a comparator.
  const sorted = Float64Array.from(values).sort();
  const placed = new Int32Array(values.length);
  for (let row = 0; row < values.length; row++) {
    const first = lowerBound(sorted, values[row] ?? 0);
    order[first + (placed[first] ?? 0)] = row;
    placed[first] = (placed[first] ?? 0) + 1;
  }
  return { order, sorted, values };
}

/** Whether any test time falls before a train time, from the rows themselves. */
export function checkLeakage(
  times: ArrayLike<number>,
  trainRows: ArrayLike<number>,
  testRows: ArrayLike<number>,
): LeakageCheck {
  let latestTrainMs = -Infinity;
  for (let i = 0; i < trainRows.length; i++)
    latestTrainMs = Math.max(latestTrainMs, times[trainRows[i] ?? 0] ?? NaN);
  let earliestTestMs = Infinity;
  let leakingTestRows = 0;
  for (let i = 0; i < testRows.length; i++) {
    const t = times[testRows[i] ?? 0] ?? NaN;
    earliestTestMs = Math.min(earliestTestMs, t);
    if (t < latestTrainMs) leakingTestRows += 1;
  }
  const ok = leakingTestRows === 0;
  return {
    ok,
    latestTrainMs,
    earliestTestMs,
    leakingTestRows,
    message: ok
      ? null
      : `${leakingTestRows} test rows are earlier than the latest training row ` +
        `(${new Date(latestTrainMs).toISOString()}): the model would be tested on its own past.`,
  };
}

function checkSizes(raw: RawFold, index: number, spec: BacktestSpec): void {
  const minTrain = spec.minTrainRows ?? 1;
  const minTest = spec.minTestRows ?? 1;
  for (const [name, value] of [
    ['minTrainRows', minTrain],
    ['minTestRows', minTest],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new MlError('bad-option', `${name} must be a whole number ≥ 1; got ${value}.`);
    }
  }
  const train = raw.trainTo - raw.trainFrom;
  const test = raw.testTo - raw.testFrom;
  if (train < minTrain || test < minTest) {
    throw new MlError(
      'too-few-rows',
      `Fold ${index + 1} (test ${raw.label}) has ${train} training rows and ${test} test rows; ` +
        `it needs at least ${minTrain} and ${minTest}. Use longer periods, fewer folds or a shorter gap.`,
    );
  }
}

/** Backtest folds for rows with these times (epoch ms, in any order). */
export function backtestFolds(
  times: ArrayLike<number | null | undefined>,
  spec: BacktestSpec,
  quality: TimeColumnQuality = {},
): BacktestPlan {
  const sorted = sortTimes(times, quality);
  const n = sorted.sorted.length;
  const span: TimeRange = {
    startMs: sorted.sorted[0] ?? 0,
    endMs: Math.floor(sorted.sorted[n - 1] ?? 0) + 1,
  };
  const { folds: raw, warnings } =
    spec.kind === 'periods' ? periodFolds(sorted, spec) : countFolds(sorted, spec);
  const folds: BacktestFold[] = raw.map((r, index) => {
    checkSizes(r, index, spec);
    const trainRows = sorted.order.slice(r.trainFrom, r.trainTo);
    const testRows = sorted.order.slice(r.testFrom, r.testTo);
    return {
      index,
      label: r.label,
      train: r.train,
      test: r.test,
      trainRows,
      testRows,
      leakage: checkLeakage(sorted.values, trainRows, testRows),
    };
  });
  return { folds, span, rows: n, warnings };
}
