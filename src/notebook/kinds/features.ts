import * as v from 'valibot';
import type { FeatureEncoding } from '../feature-types';
import { featureEncodingSchema } from '../feature-validate';
import { uniqueName } from '../names';
import { parseAt } from '../schema';
import { splitSpecSchema } from '../train-validate';
import { inputTables, orEllipsis, type KindFacts } from './facts';

/**
 * How rows are split into training and validation: seeded, so the same data gives the same split.
 * `group` keeps every row of a group on one side; `time` trains on rows before the cutoff (blank:
 * the latest 20% of rows by time are the validation rows); `column` reads each row's side from a
 * column of the data (train / validation / test in any case, or 0 = train, 1 = validation; test
 * rows are left out of the features table).
 */
export type SplitSpec =
  | { readonly kind: 'random'; readonly validationShare: number; readonly seed: number }
  | { readonly kind: 'stratified'; readonly validationShare: number; readonly seed: number }
  | {
      readonly kind: 'group';
      readonly column: string;
      readonly validationShare: number;
      readonly seed: number;
    }
  | { readonly kind: 'time'; readonly column: string; readonly cutoff: string }
  | { readonly kind: 'column'; readonly column: string };

/**
 * A features cell: the columns the model sees and how each is encoded, learned on the training
 * rows of the split only. Target, task and positive class come from the case's brief.
 */
export interface FeaturesConfig {
  /** The table the features are made from (usually the brief's input). */
  readonly input: string;
  /** The table made: `__row_id`, `__split`, `__target`, `[__baseline]`, then one DOUBLE per feature. */
  readonly output: string;
  /** As chosen; the fitted values of a run are in its output, not here. */
  readonly features: readonly FeatureEncoding[];
  readonly split: SplitSpec;
}

const schema = v.object({
  input: v.optional(v.pipe(v.string('is not text'), v.trim()), ''),
  output: v.pipe(v.string('is not text'), v.trim(), v.nonEmpty('is empty')),
  features: v.array(featureEncodingSchema, 'is not a list'),
  split: splitSpecSchema,
});

/** The columns the model sees, encoded and learned on the training rows. */
export const features: KindFacts<FeaturesConfig> = {
  title: (config) => `Features of ${orEllipsis(config.input)} → ${config.output}`,
  defaults: ({ taken, timeColumn, briefInput }) => ({
    // The brief's table, written out: the frame then says what it is made from ('' would follow
    // the brief too, but the title could only say "Features of …").
    input: briefInput ?? '',
    output: uniqueName('features', taken),
    features: [],
    // Time-aware by default: with rows in time, a random split tests the model on its own past.
    split:
      timeColumn === null || timeColumn === undefined
        ? { kind: 'stratified', validationShare: 0.2, seed: 42 }
        : { kind: 'time', column: timeColumn, cutoff: '' },
  }),
  restore: (raw, path) => parseAt(schema, raw, path),
  reads: (config) => ({ tables: inputTables(config.input) }),
  output: (config) => config.output,
  fingerprint: (config) => config,
  readsBrief: true,
  readsChampion: () => false,
  runs: true,
  cacheable: () => true,
  files: () => [],
  withFile: null,
};
