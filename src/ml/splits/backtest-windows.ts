/** Where each backtest fold's train and test start and end, by calendar period or by row count. */
import { MlError } from '../metrics/errors';
import type { BacktestGap, BacktestSpec, TimeRange } from './backtest-types';
import { periodBoundaries, periodLabel } from './periods';

export interface SortedTimes {
  /** Row indices in time order (ties in row order). */
  readonly order: Int32Array;
  /** The times in that order. */
  readonly sorted: Float64Array;
  /** The times by row. */
  readonly values: Float64Array;
}

/** A fold as positions [from, to) in the sorted rows, with its time ranges. */
export interface RawFold {
  readonly label: string;
  readonly train: TimeRange;
  readonly test: TimeRange;
  readonly trainFrom: number;
  readonly trainTo: number;
  readonly testFrom: number;
  readonly testTo: number;
}

type PeriodSpec = Extract<BacktestSpec, { kind: 'periods' }>;
type CountSpec = Extract<BacktestSpec, { kind: 'count' }>;

/** The first position whose time is ≥ t. */
export function lowerBound(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function wholeNumber(value: number | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min) {
    throw new MlError('bad-option', `${name} must be a whole number ≥ ${min}; got ${value}.`);
  }
  return value;
}

function gapOf(gap: BacktestGap | undefined, allowed: 'periods' | 'rows'): { steps: number; ms: number } {
  const g = gap ?? { kind: 'none' };
  switch (g.kind) {
    case 'none':
      return { steps: 0, ms: 0 };
    case 'duration':
      if (!(Number.isFinite(g.ms) && g.ms >= 0)) {
        throw new MlError('bad-option', `A gap must be a duration ≥ 0 ms; got ${g.ms}.`);
      }
      return { steps: 0, ms: g.ms };
    case 'periods':
    case 'rows': {
      if (g.kind !== allowed) {
        const mode = allowed === 'periods' ? 'calendar periods' : 'a number of folds';
        throw new MlError(
          'bad-option',
          `A gap in ${g.kind} does not apply to folds by ${mode}; give it in ${allowed} or as a duration.`,
        );
      }
      const steps = g.kind === 'periods' ? g.periods : g.rows;
      return { steps: wholeNumber(steps, `The gap in ${g.kind}`, 0) ?? 0, ms: 0 };
    }
  }
}

/** Tests of whole calendar periods aligned to the end of the data, stepping back one test length at a time. */
export function periodFolds(s: SortedTimes, spec: PeriodSpec): { folds: RawFold[]; warnings: string[] } {
  const first = s.sorted[0] ?? 0;
  const last = s.sorted[s.sorted.length - 1] ?? 0;
  const bounds = periodBoundaries(first, last, spec.period);
  const periods = bounds.length - 1;
  const gap = gapOf(spec.gap, 'periods');
  const testLength = wholeNumber(spec.testPeriods, 'testPeriods', 1) ?? 1;
  if (spec.window === 'rolling' && spec.trainPeriods === undefined) {
    throw new MlError('bad-option', 'A rolling window needs its length: set trainPeriods.');
  }
  const trainLength = wholeNumber(spec.trainPeriods, 'trainPeriods', 1) ?? 1;
  const wanted = wholeNumber(spec.folds, 'folds', 1);
  const starts: number[] = [];
  for (let j = periods - testLength; j >= gap.steps + trainLength; j -= testLength) starts.unshift(j);
  const needed = gap.steps + trainLength + testLength * (wanted ?? 1);
  if (starts.length === 0 || (wanted !== undefined && starts.length < wanted)) {
    const unit = `${spec.period}${needed === 1 ? '' : 's'}`;
    throw new MlError(
      'bad-option',
      `The window is longer than the data: ${wanted ?? 1} fold(s) of ${testLength} test ${spec.period}(s), ` +
        `after ${trainLength} of training and a gap of ${gap.steps}, need ${needed} ${unit}; the data span ` +
        `${periods} (${periodLabel(bounds[0] ?? first, spec.period)} to ${periodLabel(bounds[periods - 1] ?? last, spec.period)}). ` +
        'Use shorter periods, fewer folds or a shorter window.',
    );
  }
  const chosen = wanted === undefined ? starts : starts.slice(starts.length - wanted);
  const folds = chosen.map((j): RawFold => {
    const testStart = bounds[j] ?? 0;
    const testEnd = bounds[j + testLength] ?? 0;
    const trainEnd = (bounds[j - gap.steps] ?? 0) - gap.ms;
    const trainStart =
      spec.window === 'rolling' ? (bounds[j - gap.steps - trainLength] ?? 0) : (bounds[0] ?? 0);
    const label =
      testLength === 1
        ? periodLabel(testStart, spec.period)
        : `${periodLabel(testStart, spec.period)} to ${periodLabel(bounds[j + testLength - 1] ?? 0, spec.period)}`;
    return {
      label,
      train: { startMs: trainStart, endMs: trainEnd },
      test: { startMs: testStart, endMs: testEnd },
      trainFrom: lowerBound(s.sorted, trainStart),
      trainTo: lowerBound(s.sorted, trainEnd),
      testFrom: lowerBound(s.sorted, testStart),
      testTo: lowerBound(s.sorted, testEnd),
    };
  });
  return { folds, warnings: [] };
}

/** The half-open time range of sorted positions [from, to): to's time, or one past the last. */
function rangeOf(s: SortedTimes, from: number, to: number): TimeRange {
  const n = s.sorted.length;
  const endMs = to < n ? (s.sorted[to] ?? 0) : Math.floor(s.sorted[n - 1] ?? 0) + 1;
  return { startMs: s.sorted[from] ?? endMs, endMs };
}

/** scikit-learn's TimeSeriesSplit on the sorted rows; a duration gap drops the rows that close to the test. */
export function countFolds(s: SortedTimes, spec: CountSpec): { folds: RawFold[]; warnings: string[] } {
  const n = s.sorted.length;
  const splits = wholeNumber(spec.folds, 'folds', 1) ?? 1;
  const gap = gapOf(spec.gap, 'rows');
  if (spec.window === 'rolling' && spec.maxTrainRows === undefined) {
    throw new MlError('bad-option', 'A rolling window needs its length: set maxTrainRows.');
  }
  if (spec.window === 'expanding' && spec.maxTrainRows !== undefined) {
    throw new MlError(
      'bad-option',
      'maxTrainRows limits a rolling window; an expanding one keeps every past row.',
    );
  }
  const maxTrain = wholeNumber(spec.maxTrainRows, 'maxTrainRows', 1);
  if (splits + 1 > n) {
    throw new MlError(
      'bad-option',
      `The window is longer than the data: ${splits} folds need at least ${splits + 1} rows; there are ${n}.`,
    );
  }
  const testSize = wholeNumber(spec.testRows, 'testRows', 1) ?? Math.floor(n / (splits + 1));
  if (n - gap.steps - testSize * splits <= 0) {
    throw new MlError(
      'bad-option',
      `The window is longer than the data: ${splits} folds of ${testSize} test rows after a gap of ` +
        `${gap.steps} rows need more than ${n} rows. Use fewer folds, smaller tests or a shorter gap.`,
    );
  }
  const warnings: string[] = [];
  const folds: RawFold[] = [];
  for (let k = 0; k < splits; k++) {
    const testFrom = n - splits * testSize + k * testSize;
    const testTo = testFrom + testSize;
    let trainTo = testFrom - gap.steps;
    if (gap.ms > 0) trainTo = Math.min(trainTo, lowerBound(s.sorted, (s.sorted[testFrom] ?? 0) - gap.ms));
    const trainFrom = maxTrain !== undefined ? Math.max(0, trainTo - maxTrain) : 0;
    for (const at of [trainTo, testFrom, testTo]) {
      if (at > 0 && at < n && s.sorted[at] === s.sorted[at - 1]) {
        warnings.push(
          `Fold ${k + 1}: rows at ${new Date(s.sorted[at] ?? 0).toISOString()} fall on both sides of a ` +
            'boundary; its row sets follow TimeSeriesSplit, but a selection by time puts them all after it.',
        );
        break;
      }
    }
    folds.push({
      label: `fold ${k + 1}`,
      train: rangeOf(s, trainFrom, trainTo),
      test: rangeOf(s, testFrom, testTo),
      trainFrom,
      trainTo,
      testFrom,
      testTo,
    });
  }
  return { folds, warnings };
}
