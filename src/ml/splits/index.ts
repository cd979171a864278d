/**
 * Folds for cross-validation and for backtests. The train/validation split of a train cell is SQL
 * (`src/data/split.ts`), so no row-level holdout lives here.
 */
export { kfoldSplit } from './kfold';
export type { FoldSplit } from './types';

export { backtestFolds, checkLeakage } from './backtest';
export type {
  BacktestFold,
  BacktestGap,
  BacktestPlan,
  BacktestSpec,
  BacktestWindow,
  LeakageCheck,
  TimeColumnQuality,
  TimeRange,
} from './backtest-types';
export { periodBoundaries, periodLabel, periodStart, type CalendarPeriod } from './periods';
export { metricTrend, type TrendOptions, type TrendResult } from './decay';
