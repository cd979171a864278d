/**
 * splitRows: one entry point for every way of holding rows out, deterministic for a seed
 * (mulberry32 from models/prng). Bad specs or columns throw MlError with a `reason`.
 */
import { groupSplit, randomSplit, stratifiedSplit, timeSplit } from './holdout';
import { kfoldSplit } from './kfold';
import type { SplitColumns, SplitResult, SplitSpec } from './types';

export type { FoldSplit, HoldoutSplit, SplitColumns, SplitResult, SplitSpec } from './types';
export { TRAIN, VALIDATION } from './types';
export { allocate } from './holdout';

function assertNever(value: never): never {
  throw new Error(`Unexpected split kind: ${JSON.stringify(value)}`);
}

export function splitRows(n: number, spec: SplitSpec, seed: number, columns: SplitColumns = {}): SplitResult {
  switch (spec.kind) {
    case 'random':
      return randomSplit(n, spec.validationShare, seed);
    case 'stratified':
      return stratifiedSplit(n, spec.validationShare, seed, columns.y);
    case 'group':
      return groupSplit(n, spec.validationShare, seed, columns.groups);
    case 'time':
      return timeSplit(n, spec.cutoff, columns.times);
    case 'kfold':
      return kfoldSplit(n, spec.k, seed, spec.stratified ?? false, columns.y);
    default:
      return assertNever(spec);
  }
}

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
