import * as v from 'valibot';
import { uniqueName } from '../names';
import { parseAt } from '../schema';
import { inputTables, orEllipsis, type KindFacts } from './facts';

export interface ScoreConfig {
  /** The rows to score: a table shaped like the model's input table. */
  readonly input: string;
  /** The case's model version that scores them (its number); null: the case's champion. */
  readonly version: number | null;
  /** The predictions table it writes: row_id, score, decision, model_version. */
  readonly output: string;
}

const text = v.pipe(v.string('is not text'), v.trim());

export const scoreConfigSchema = v.object({
  input: v.optional(text, ''),
  version: v.optional(
    v.nullable(
      v.pipe(v.number('is not a number'), v.integer('is not a whole number'), v.minValue(1, 'is below 1')),
    ),
    null,
  ),
  output: v.pipe(text, v.nonEmpty('is empty')),
});

/**
 * Scores a table with one of the case's model versions (the champion unless one is picked), after
 * checking the rows against the model's input schema. The version is not part of the config's
 * table reads: the registry is not a table.
 */
export const score: KindFacts<ScoreConfig> = {
  title: (config) =>
    `Score ${orEllipsis(config.input)} with ${config.version === null ? 'the champion' : `v${config.version}`}`,
  defaults: ({ taken }) => ({ input: '', version: null, output: uniqueName('scores', taken) }),
  restore: (raw, path) => parseAt(scoreConfigSchema, raw, path),
  reads: (config) => ({ tables: inputTables(config.input) }),
  output: (config) => config.output,
  fingerprint: (config) => config,
  readsBrief: false,
  readsChampion: (config) => config.version === null,
  runs: true,
  cacheable: () => false,
  files: () => [],
  withFile: null,
};
