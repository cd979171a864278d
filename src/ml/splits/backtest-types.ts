import type { CalendarPeriod } from './periods';

/** Expanding: training starts at the first period (or row) every fold. Rolling: a fixed length before the test. */
export type BacktestWindow = 'expanding' | 'rolling';

/** A gap between the end of training and the start of the test, for a label that arrives late. */
export type BacktestGap =
  | { readonly kind: 'none' }
  /** Whole calendar periods (period mode). */
  | { readonly kind: 'periods'; readonly periods: number }
  /** Rows in time order, as scikit-learn's TimeSeriesSplit(gap) (count mode). */
  | { readonly kind: 'rows'; readonly rows: number }
  /** A duration: training stops this long before the test starts (either mode). */
  | { readonly kind: 'duration'; readonly ms: number };

interface Common {
  readonly window: BacktestWindow;
  readonly gap?: BacktestGap;
  /** A fold with fewer training rows is an error; 1 by default. */
  readonly minTrainRows?: number;
  /** A fold with fewer test rows is an error; 1 by default. */
  readonly minTestRows?: number;
}

export type BacktestSpec =
  | (Common & {
      /** Folds by calendar period (UTC): each test is `testPeriods` whole periods. */
      readonly kind: 'periods';
      readonly period: CalendarPeriod;
      /** Rolling: the training window in periods (required). Expanding: the least training, 1 by default. */
      readonly trainPeriods?: number;
      /** 1 by default. */
      readonly testPeriods?: number;
      /** The last `folds` folds that fit; all that fit by default. */
      readonly folds?: number;
    })
  | (Common & {
      /** A number of folds over the rows in time order: scikit-learn's TimeSeriesSplit. */
      readonly kind: 'count';
      readonly folds: number;
      /** Rolling: the most training rows (TimeSeriesSplit max_train_size), required. */
      readonly maxTrainRows?: number;
      /** Rows per test; ⌊n / (folds + 1)⌋ by default (TimeSeriesSplit test_size). */
      readonly testRows?: number;
    });

/** A half-open range of times, startMs ≤ t < endMs, in epoch milliseconds: what SQL selects. */
export interface TimeRange {
  readonly startMs: number;
  readonly endMs: number;
}

/** No test time may fall before a train time. */
export interface LeakageCheck {
  readonly ok: boolean;
  readonly latestTrainMs: number;
  readonly earliestTestMs: number;
  /** Test rows whose time is before the latest train time. */
  readonly leakingTestRows: number;
  readonly message: string | null;
}

export interface BacktestFold {
  readonly index: number;
  /** The test's period ('2001-03', '2001-Q2', '2001-W09', or a range of them) or 'fold k' in count mode. */
  readonly label: string;
  readonly train: TimeRange;
  readonly test: TimeRange;
  /** Row indices (into the times given), in time order. */
  readonly trainRows: Int32Array;
  readonly testRows: Int32Array;
  readonly leakage: LeakageCheck;
}

export interface BacktestPlan {
  readonly folds: readonly BacktestFold[];
  /** The data's first time and one past its last (whole milliseconds). */
  readonly span: TimeRange;
  readonly rows: number;
  readonly warnings: readonly string[];
}

/** What the caller found when it read the time column: rows with no time, and text that is not one. */
export interface TimeColumnQuality {
  readonly column?: string;
  readonly nullCount?: number;
  readonly unparseableCount?: number;
}
