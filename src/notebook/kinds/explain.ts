import * as v from 'valibot';
import { parseAt } from '../schema';
import { inputTables, orEllipsis, outputAbove, type KindFacts } from './facts';

/**
 * An explain cell: why a stored run's model scores as it does, on the validation rows of the
 * features table it trained on. Importance always; partial dependence for the chosen features
 * (the most important one when none is chosen); a two-way PDP for a chosen pair; LIME for the
 * chosen rows (the highest-scored one when none is chosen).
 */
export interface ExplainConfig {
  /** The predictions table of a Train cell: the cell reads its runs (and so runs after it). */
  readonly input: string;
  /** A stored run's id; null: the chosen model, i.e. the run best on the brief's metric (the evaluate cell's default). */
  readonly run: string | null;
  /** Shuffles per feature for permutation importance (2…50). */
  readonly repeats: number;
  /** Seeds the shuffles, the PDP's row sample and LIME. */
  readonly seed: number;
  /** Importance by source column (the one-hot columns of Contract as Contract), or column by column. */
  readonly grouped: boolean;
  /** Features (source columns, or model inputs) to draw partial dependence for. */
  readonly pdp: readonly string[];
  /** ICE lines centred on their first grid point. */
  readonly centred: boolean;
  /** A pair of features for a two-way partial dependence; null for none. */
  readonly pair: readonly [string, string] | null;
  /** `__row_id`s of the rows to explain locally. */
  readonly rows: readonly number[];
}

export const EXPLAIN_DEFAULTS = { repeats: 5, seed: 42 } as const;

const text = v.pipe(v.string('is not text'), v.trim());
const name = v.pipe(text, v.nonEmpty('is empty'));
const whole = v.pipe(v.number('is not a number'), v.integer('is not a whole number'));

export const explainConfigSchema = v.object({
  input: v.optional(text, ''),
  run: v.optional(v.nullable(name), null),
  repeats: v.optional(
    v.pipe(whole, v.minValue(2, 'is below 2'), v.maxValue(50, 'is above 50')),
    EXPLAIN_DEFAULTS.repeats,
  ),
  seed: v.optional(v.pipe(whole, v.minValue(0, 'is below 0')), EXPLAIN_DEFAULTS.seed),
  grouped: v.optional(v.boolean('is not true or false'), true),
  pdp: v.optional(
    v.pipe(
      v.array(name, 'is not a list'),
      v.maxLength(10, 'holds more than 10 features'),
      v.transform((names) => [...new Set(names)]),
    ),
    [],
  ),
  centred: v.optional(v.boolean('is not true or false'), false),
  pair: v.optional(v.nullable(v.strictTuple([name, name], 'is not a pair of features')), null),
  rows: v.optional(
    v.pipe(
      v.array(v.pipe(whole, v.minValue(0, 'is below 0')), 'is not a list'),
      v.maxLength(10, 'holds more than 10 rows'),
      v.transform((ids) => [...new Set(ids)]),
    ),
    [],
  ),
});

/** Explains a stored run: importance, partial dependence, LIME, what-if. */
export const explain: KindFacts<ExplainConfig> = {
  title: (config) =>
    `Explain ${config.run === null ? 'the chosen model' : 'a run'} of ${orEllipsis(config.input)}`,
  defaults: ({ above }) => ({
    input: outputAbove(above, 'train', 'predictions'),
    run: null,
    repeats: EXPLAIN_DEFAULTS.repeats,
    seed: EXPLAIN_DEFAULTS.seed,
    grouped: true,
    pdp: [],
    centred: false,
    pair: null,
    rows: [],
  }),
  restore: (raw, path) => parseAt(explainConfigSchema, raw, path),
  reads: (config) => ({ tables: inputTables(config.input) }),
  output: () => null,
  // How the view draws (grouped, centred) decides nothing the run computes.
  fingerprint: ({ grouped: _grouped, centred: _centred, ...config }) => config,
  readsBrief: true,
  readsChampion: () => false,
  runs: true,
  cacheable: () => false,
  files: () => [],
  withFile: null,
};
