import { AppError, type Problem } from '../../lib/errors';
import type { BacktestFold, BacktestPlan, BacktestSpec } from '../../ml/splits';
import type { BacktestConfig, BriefConfig } from '../../notebook/types';

/*
 * The backtest's plan, pure: the time column it uses, the folds' spec for src/ml/splits, and the
 * rows of each fold as positions in time order (what the SQL selects).
 */

const DAY_MS = 86_400_000;
/** Fewer rows than these in a fold leave nothing to learn from or to judge on. */
export const MIN_TRAIN_ROWS = 50;
export const MIN_TEST_ROWS = 20;

/** The column that orders rows in time: the cell's choice, else the brief's; or why there is none. */
export function timeColumnOf(config: BacktestConfig, brief: BriefConfig): string | Problem {
  const column = config.timeColumn ?? brief.timeColumn;
  if (column === null || column.trim() === '') {
    return {
      code: 'missing-input',
      message:
        'A backtest needs a column that orders rows in time: choose one here, or set the time column in the Brief cell.',
    };
  }
  return column;
}

/** The folds' spec for `backtestFolds`, or why the config cannot give one. */
export function backtestSpecOf(config: BacktestConfig): BacktestSpec | Problem {
  const { window, trainSize } = config;
  if (window === 'rolling' && trainSize === null) {
    return {
      code: 'missing-input',
      message:
        config.folds.kind === 'periods'
          ? `A rolling window needs its length: how many ${config.folds.period}s each fold trains on.`
          : 'A rolling window needs its length: how many rows each fold trains on.',
    };
  }
  const gap =
    config.gapDays > 0
      ? { kind: 'duration' as const, ms: config.gapDays * DAY_MS }
      : { kind: 'none' as const };
  const common = { window, gap, minTrainRows: MIN_TRAIN_ROWS, minTestRows: MIN_TEST_ROWS };
  if (config.folds.kind === 'periods') {
    return {
      ...common,
      kind: 'periods',
      period: config.folds.period,
      ...(config.folds.folds === null ? {} : { folds: config.folds.folds }),
      ...(window === 'rolling' && trainSize !== null ? { trainPeriods: trainSize } : {}),
    };
  }
  if (config.folds.folds < 2) {
    return { code: 'bad-input', message: 'A backtest by number of folds needs at least 2 folds.' };
  }
  return {
    ...common,
    kind: 'count',
    folds: config.folds.folds,
    ...(window === 'rolling' && trainSize !== null ? { maxTrainRows: trainSize } : {}),
  };
}

/** A fold's rows as positions in time order: [from, to] inclusive on each side. */
export interface FoldPositions {
  readonly train: readonly [number, number];
  readonly test: readonly [number, number];
}

/** The first and last of rows that must be one run of consecutive positions (times read in order). */
function range(rows: Int32Array, what: string): readonly [number, number] {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (first === undefined || last === undefined || last - first + 1 !== rows.length) {
    throw new AppError('internal', `The ${what} rows of a fold are not consecutive in time order.`);
  }
  return [first, last];
}

/**
 * Where each side of a fold lies in time order. The times are read sorted (ties by row number),
 * so every side is one run of positions, which the SQL selects with BETWEEN.
 */
export function foldPositions(fold: BacktestFold): FoldPositions {
  return { train: range(fold.trainRows, 'training'), test: range(fold.testRows, 'test') };
}

/** No fold at all: the data spans less than one training window and one test. */
export function checkPlan(plan: BacktestPlan, config: BacktestConfig): void {
  if (plan.folds.length > 0) return;
  const span = `${new Date(plan.span.startMs).toISOString().slice(0, 10)} to ${new Date(plan.span.endMs - 1).toISOString().slice(0, 10)}`;
  const unit = config.folds.kind === 'periods' ? `${config.folds.period}s` : 'folds';
  throw new AppError(
    'bad-input',
    `The data (${span}) is shorter than the backtest's window: no fold fits. Use shorter periods or fewer ${unit}, a shorter rolling window or a shorter gap.`,
  );
}
