import * as v from 'valibot';
import { parseAt } from '../schema';
import { inputTables, orEllipsis, type KindFacts } from './facts';

export interface ProfileConfig {
  /** The table profiled. */
  readonly input: string;
  /** The column whose rate (or mean) is shown per value and bin; null for none. */
  readonly target: string | null;
  /** Above this many rows, the profile is computed from a repeatable sample of this size. */
  readonly sampleRows: number;
}

/** Profiles of larger tables are computed from a repeatable sample of this many rows. */
export const DEFAULT_SAMPLE_ROWS = 200_000;
/** The smallest sample a profile may be set to draw. */
export const MIN_SAMPLE_ROWS = 1_000;

const schema = v.object({
  input: v.pipe(v.string('is not text'), v.trim()),
  target: v.nullish(v.pipe(v.string('is not text'), v.trim()), null),
  sampleRows: v.optional(
    v.pipe(
      v.number('is not a number'),
      v.integer('is not a whole number'),
      v.minValue(MIN_SAMPLE_ROWS, `is below ${MIN_SAMPLE_ROWS.toLocaleString('en-US')}`),
    ),
    DEFAULT_SAMPLE_ROWS,
  ),
});

/** Every column of a table: types, missing values, distributions, problems found. */
export const profile: KindFacts<ProfileConfig> = {
  title: (config) => `Profile of ${orEllipsis(config.input)}`,
  defaults: () => ({ input: '', target: null, sampleRows: DEFAULT_SAMPLE_ROWS }),
  restore: (raw, path) => {
    const config = parseAt(schema, raw, path);
    return { ...config, target: config.target === '' ? null : config.target };
  },
  reads: (config) => ({ tables: inputTables(config.input) }),
  output: () => null,
  fingerprint: (config) => config,
  readsBrief: false,
  readsChampion: () => false,
  runs: true,
  cacheable: () => false,
  files: () => [],
  withFile: null,
};
