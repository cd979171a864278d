import * as v from 'valibot';
import { uniqueName } from '../names';
import { parseAt } from '../schema';
import { orEllipsis, type KindFacts } from './facts';

/**
 * A monitor cell: a model version watched on later batches of rows. Per batch: feature drift
 * against the rows the version was trained on (its reference), prediction drift, performance when
 * labels have arrived, and alerts; over batches, a timeline. Optionally a challenger version (a
 * retrained v2) is compared with the monitored one on rows of one batch that neither trained on.
 *
 * The alert thresholds live here rather than in the brief: the brief's bar is read from the brief,
 * the PSI thresholds are the monitor's own (defaults 0.1 / 0.25).
 */
export interface MonitorConfig {
  /** The model version watched (its number); null: the case's champion. */
  readonly version: number | null;
  /** The rows the version learned from, for drift; '' reads the table named in its bundle. */
  readonly reference: string;
  /** The table of new rows. */
  readonly input: string;
  /** A column of `input` with one batch per value (a month); '' makes the whole table one batch. */
  readonly batchColumn: string;
  /** The target column in `input`, once labels have arrived; '' while they have not. */
  readonly label: string;
  /** PSI from which a feature or the scores are "moderate" (watch) and "major" (act). */
  readonly moderate: number;
  readonly major: number;
  /** PSI bins asked for (fewer are used when the reference is small: the cell says how many). */
  readonly bins: number;
  /** A version compared with the watched one (a retrained v2); null for none. */
  readonly challenger: number | null;
  /** The batch they are compared on; '' for the last one. */
  readonly compareBatch: string;
  /** Where the rows on which the two versions decide differently are written, for SQL. */
  readonly disagreements: string;
}

export const MONITOR_DEFAULTS = { moderate: 0.1, major: 0.25, bins: 10 } as const;
/** The PSI thresholds a monitor accepts, inclusive. */
export const PSI_LIMITS = { min: 0.001, max: 10 } as const;

const text = v.pipe(v.string('is not text'), v.trim());
const versionNumber = v.nullable(
  v.pipe(v.number('is not a number'), v.integer('is not a whole number'), v.minValue(1, 'is below 1')),
);
const psi = v.pipe(
  v.number('is not a number'),
  v.minValue(PSI_LIMITS.min, `is below ${PSI_LIMITS.min}`),
  v.maxValue(PSI_LIMITS.max, `is above ${PSI_LIMITS.max}`),
);

export const monitorConfigSchema = v.pipe(
  v.object({
    version: v.optional(versionNumber, null),
    reference: v.optional(text, ''),
    input: v.optional(text, ''),
    batchColumn: v.optional(text, ''),
    label: v.optional(text, ''),
    moderate: v.optional(psi, MONITOR_DEFAULTS.moderate),
    major: v.optional(psi, MONITOR_DEFAULTS.major),
    bins: v.optional(
      v.pipe(
        v.number('is not a number'),
        v.integer('is not a whole number'),
        v.minValue(2, 'is below 2'),
        v.maxValue(50, 'is above 50'),
      ),
      MONITOR_DEFAULTS.bins,
    ),
    challenger: v.optional(versionNumber, null),
    compareBatch: v.optional(text, ''),
    disagreements: v.optional(text, 'disagreements'),
  }),
  v.check((c) => c.major >= c.moderate, 'has a major PSI threshold below the moderate one'),
);

function tablesOf(config: MonitorConfig): string[] {
  return [config.input, config.reference].filter((t) => t !== '');
}

/** Watches a model version on new batches; writes the v2-vs-v1 disagreements when comparing. */
export const monitor: KindFacts<MonitorConfig> = {
  title: (config) =>
    `Monitor ${config.version === null ? 'the champion' : `v${config.version}`} on ${orEllipsis(config.input)}` +
    (config.batchColumn === '' ? '' : ` by ${config.batchColumn}`),
  defaults: ({ taken }) => ({
    version: null,
    reference: '',
    input: '',
    batchColumn: '',
    label: '',
    ...MONITOR_DEFAULTS,
    challenger: null,
    compareBatch: '',
    disagreements: uniqueName('disagreements', taken),
  }),
  restore: (raw, path) => parseAt(monitorConfigSchema, raw, path),
  reads: (config) => ({ tables: tablesOf(config) }),
  output: (config) =>
    config.challenger === null || config.disagreements === '' ? null : config.disagreements,
  fingerprint: (config) => config,
  readsBrief: true,
  readsChampion: (config) => config.version === null,
  runs: true,
  // It reads the registry, but only by names that stay put: a version number is one bundle for
  // good, and "the champion" puts the champion's id in the fingerprint. Its output is kept (with
  // the disagreements table when it compares): scoring every row again is its cost, not reading.
  cacheable: () => true,
  files: () => [],
  withFile: null,
};
