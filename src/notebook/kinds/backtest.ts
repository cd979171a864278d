import * as v from 'valibot';
import { defaultModelSpec, type ModelSpec } from '../model-types';
import { parseAt } from '../schema';
import { modelSpecSchema } from '../train-validate';
import { inputTables, orEllipsis, type KindFacts, type NewCellContext } from './facts';

/** Calendar periods a backtest can step by (UTC; weeks start on Monday). */
export type BacktestPeriod = 'week' | 'month' | 'quarter';

/**
 * How the folds are cut: one test per calendar period (the last `folds` that fit, all by default),
 * or a number of folds over the rows in time order (scikit-learn's TimeSeriesSplit).
 */
export type BacktestFolds =
  | { readonly kind: 'periods'; readonly period: BacktestPeriod; readonly folds: number | null }
  | { readonly kind: 'count'; readonly folds: number };

/**
 * A backtest cell: train on the past, test on what came next, fold after fold. Each fold fits the
 * features of the Features cell that made `features` on its own training rows, then trains the
 * models in the worker and scores the test rows.
 */
export interface BacktestConfig {
  /** The table a Features cell made: its cell's input and encodings are what each fold refits. */
  readonly input: string;
  /** The column that orders rows in time; null: the brief's. */
  readonly timeColumn: string | null;
  readonly folds: BacktestFolds;
  /** Expanding: training starts at the first row every fold; rolling: `trainSize` before the test. */
  readonly window: 'expanding' | 'rolling';
  /** Rolling: the training window, in periods (period folds) or rows (count folds); null when expanding. */
  readonly trainSize: number | null;
  /** Days between the end of training and the start of the test, for a label that arrives late. */
  readonly gapDays: number;
  readonly models: readonly ModelSpec[];
  /** Act on a row when its score is at least this: the business value per fold is taken here. */
  readonly threshold: number;
  /**
   * Train each fold's models on at most this many of its training rows (a seeded draw; the
   * features are still fitted on all of them); null: every row. For speed on large data.
   */
  readonly maxTrainRows: number | null;
}

const whole = (min: number) =>
  v.pipe(v.number('is not a number'), v.integer('is not a whole number'), v.minValue(min, `is below ${min}`));

const schema = v.object({
  input: v.optional(v.pipe(v.string('is not text'), v.trim()), ''),
  timeColumn: v.optional(v.nullable(v.pipe(v.string('is not text'), v.trim(), v.nonEmpty('is empty'))), null),
  folds: v.variant(
    'kind',
    [
      v.object({
        kind: v.literal('periods'),
        period: v.picklist(['week', 'month', 'quarter'], 'is not week, month or quarter'),
        folds: v.nullable(whole(1)),
      }),
      v.object({ kind: v.literal('count'), folds: whole(1) }),
    ],
    'is not a way of cutting folds',
  ),
  window: v.picklist(['expanding', 'rolling'], 'is not expanding or rolling'),
  trainSize: v.optional(v.nullable(whole(1)), null),
  gapDays: v.optional(
    v.pipe(v.number('is not a number'), v.finite('is not finite'), v.minValue(0, 'is below 0')),
    0,
  ),
  models: v.array(modelSpecSchema, 'is not a list'),
  threshold: v.optional(
    v.pipe(v.number('is not a number'), v.minValue(0, 'is below 0'), v.maxValue(1, 'is above 1')),
    0.5,
  ),
  maxTrainRows: v.optional(v.nullable(whole(100)), null),
});

/** The features table of the last Features cell above, or 'features'. */
function featuresAbove(above: NewCellContext['above']): string {
  const cell = above.findLast((c) => c.kind === 'features' && (c.output ?? '').trim() !== '');
  return cell?.output ?? 'features';
}

/** Models trained on the past and tested on what came next, fold after fold. */
export const backtest: KindFacts<BacktestConfig> = {
  title: (config) => `Backtest of ${orEllipsis(config.input)}`,
  defaults: ({ above }) => ({
    input: featuresAbove(above),
    timeColumn: null,
    folds: { kind: 'periods', period: 'month', folds: null },
    window: 'expanding',
    trainSize: null,
    gapDays: 0,
    models: [defaultModelSpec('logistic', 'binary', 42), defaultModelSpec('gbdt', 'binary', 42)],
    threshold: 0.5,
    maxTrainRows: null,
  }),
  restore: (raw, path) => parseAt(schema, raw, path),
  reads: (config) => ({ tables: inputTables(config.input) }),
  output: () => null,
  fingerprint: (config) => config,
  readsBrief: true,
  readsChampion: () => false,
  runs: true,
  cacheable: () => false,
  files: () => [],
  withFile: null,
};
