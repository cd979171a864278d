import * as v from 'valibot';
import { parseAt } from '../schema';
import { inputTables, orEllipsis, type BriefPart, type KindFacts } from './facts';

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

/**
 * The column that orders the profiled rows in time, to find a column that is the target's lag: the
 * brief's time column when the brief is of the profiled table; null otherwise.
 */
export function profileOrder(config: ProfileConfig, brief: BriefPart | null): string | null {
  return brief !== null && brief.input === config.input ? brief.timeColumn : null;
}

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
  // Only the brief's time column (and only for the brief's table) decides a profile: the whole
  // brief upstream would run the profile again on every brief edit, and after the brief's cleaning.
  readsBrief: false,
  briefPart: profileOrder,
  readsChampion: () => false,
  runs: true,
  // Its output is kept without a table (src/cells/profile/cache.ts): computing it is its cost.
  cacheable: () => true,
  files: () => [],
  withFile: null,
};
