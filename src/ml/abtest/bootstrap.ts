/**
 * Seeded percentile bootstrap of treatment − control and of the relative lift, resampling users
 * with replacement within each arm (mulberry32 from models/prng; numpy's linear percentile).
 * Rates need only the counts: a resample's conversions are Binomial(n, c/n), drawn exactly.
 */
import { MlError } from '../metrics/errors';
import { numpyQuantile } from '../metrics/quantile';
import { mulberry32 } from '../models/prng';
import type { RateCounts } from './proportions';
import { binomial } from './sampling';
import { interval, noInterval, type Interval } from './types';

export interface AbBootstrapOptions {
  readonly seed: number;
  /** 2,000 by default. */
  readonly resamples?: number;
}

export interface AbBootstrapResult {
  readonly difference: Interval;
  readonly relativeLift: Interval;
  readonly level: number;
  readonly resamples: number;
  readonly seed: number;
  /** Resamples whose control statistic was 0, left out of the lift's interval. */
  readonly liftSkipped: number;
}

function checked(options: AbBootstrapOptions, level: number): { resamples: number; seed: number } {
  const resamples = options.resamples ?? 2000;
  if (!Number.isInteger(resamples) || resamples < 100) {
    throw new MlError('bad-option', `resamples must be a whole number ≥ 100; got ${resamples}.`);
  }
  if (!Number.isFinite(options.seed))
    throw new MlError('bad-option', `seed must be a number; got ${options.seed}.`);
  if (!(level > 0 && level < 1)) throw new MlError('bad-option', `level must be in (0, 1); got ${level}.`);
  return { resamples, seed: options.seed };
}

function percentiles(values: readonly number[], level: number, empty: string): Interval {
  if (values.length === 0) return noInterval(empty);
  const sorted = Float64Array.from(values).sort();
  const tail = (1 - level) / 2;
  return interval(numpyQuantile(sorted, tail), numpyQuantile(sorted, 1 - tail));
}

function summarise(
  draws: (random: () => number) => { treatment: number; control: number },
  options: AbBootstrapOptions,
  level: number,
): AbBootstrapResult {
  const { resamples, seed } = checked(options, level);
  const random = mulberry32(seed);
  const differences: number[] = [];
  const lifts: number[] = [];
  for (let i = 0; i < resamples; i++) {
    const { treatment, control } = draws(random);
    differences.push(treatment - control);
    if (control !== 0) lifts.push(treatment / control - 1);
  }
  return {
    difference: percentiles(differences, level, 'No resamples.'),
    relativeLift: percentiles(lifts, level, 'Every resample had a control of 0: the lift is undefined.'),
    level,
    resamples,
    seed,
    liftSkipped: resamples - lifts.length,
  };
}

/** The bootstrap of the rate difference and lift from each arm's users and conversions. */
export function bootstrapRates(
  treatment: RateCounts,
  control: RateCounts,
  level: number,
  options: AbBootstrapOptions,
): AbBootstrapResult {
  const pT = treatment.conversions / treatment.users;
  const pC = control.conversions / control.users;
  return summarise(
    (random) => ({
      treatment: binomial(treatment.users, pT, random) / treatment.users,
      control: binomial(control.users, pC, random) / control.users,
    }),
    options,
    level,
  );
}

function resampledMean(values: ArrayLike<number>, random: () => number): number {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)] ?? 0;
  return sum / n;
}

/** The bootstrap of the difference and lift of means from each arm's per-user values (O(n) each). */
export function bootstrapMeans(
  treatment: ArrayLike<number>,
  control: ArrayLike<number>,
  level: number,
  options: AbBootstrapOptions,
): AbBootstrapResult {
  if (treatment.length === 0 || control.length === 0) {
    throw new MlError('empty', 'A bootstrap of means needs values in both arms.');
  }
  return summarise(
    (random) => ({ treatment: resampledMean(treatment, random), control: resampledMean(control, random) }),
    options,
    level,
  );
}
