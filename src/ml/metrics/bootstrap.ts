/**
 * Percentile bootstrap intervals, seeded: rows are resampled with replacement (mulberry32 from
 * models/prng), the metric recomputed on each resample, and the interval read off the sorted
 * values with numpy's linear percentile. A resample where the metric is undefined (null or NaN,
 * e.g. AUC on a one-class resample) is skipped and counted.
 */
import { mulberry32 } from '../models/prng';
import { MlError } from './errors';
import { finiteColumn, pairedColumns } from './validate';
import { numpyQuantile } from './quantile';

/** A metric of (y, score); null (or NaN) when undefined on these rows. */
export type MetricFn = (y: Float64Array, score: Float64Array) => number | null;

export interface BootstrapOptions {
  /** Resamples; 1,000 by default. */
  readonly iterations?: number;
  readonly seed: number;
  /** Central coverage in (0, 1); 0.95 by default. */
  readonly level?: number;
}

export interface BootstrapInterval {
  /** The metric on all rows (null when undefined there). */
  readonly estimate: number | null;
  /** Null when no resample gave a value. */
  readonly lower: number | null;
  readonly upper: number | null;
  readonly level: number;
  readonly iterations: number;
  /** Resamples where the metric was undefined, left out of the interval. */
  readonly skipped: number;
}

/** The options with their defaults, or an MlError that names the bad one. */
export function checkedOptions(options: BootstrapOptions): {
  iterations: number;
  level: number;
  seed: number;
} {
  const iterations = options.iterations ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new MlError('bad-option', `iterations must be a whole number ≥ 1; got ${iterations}.`);
  }
  if (!(level > 0 && level < 1)) throw new MlError('bad-option', `level must be in (0, 1); got ${level}.`);
  if (!Number.isFinite(options.seed))
    throw new MlError('bad-option', `seed must be a number; got ${options.seed}.`);
  return { iterations, level, seed: options.seed };
}

const valueOrNull = (v: number | null): number | null => (v === null || Number.isNaN(v) ? null : v);

/** Fills `into` with a resample of `from` at `rows`. */
function take(from: Float64Array, rows: Int32Array, into: Float64Array): Float64Array {
  for (let k = 0; k < rows.length; k++) into[k] = from[rows[k] ?? 0] ?? 0;
  return into;
}

function drawRows(n: number, random: () => number, into: Int32Array): Int32Array {
  for (let k = 0; k < n; k++) into[k] = Math.floor(random() * n);
  return into;
}

function interval(values: number[], level: number): { lower: number | null; upper: number | null } {
  if (values.length === 0) return { lower: null, upper: null };
  const sorted = Float64Array.from(values).sort();
  const tail = (1 - level) / 2;
  return { lower: numpyQuantile(sorted, tail), upper: numpyQuantile(sorted, 1 - tail) };
}

export function bootstrapCi(
  metricFn: MetricFn,
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  options: BootstrapOptions,
): BootstrapInterval {
  const { iterations, level, seed } = checkedOptions(options);
  const rows = pairedColumns(y, score);
  const n = rows.y.length;
  const random = mulberry32(seed);
  const picked = new Int32Array(n);
  const values: number[] = [];
  for (let b = 0; b < iterations; b++) {
    drawRows(n, random, picked);
    const v = valueOrNull(
      metricFn(take(rows.y, picked, new Float64Array(n)), take(rows.score, picked, new Float64Array(n))),
    );
    if (v !== null) values.push(v);
  }
  const estimate = valueOrNull(metricFn(rows.y, rows.score));
  return { estimate, ...interval(values, level), level, iterations, skipped: iterations - values.length };
}

export interface PairedBootstrapResult {
  readonly estimateA: number | null;
  readonly estimateB: number | null;
  /** metric(A) − metric(B) on all rows. */
  readonly difference: number | null;
  /** Percentile interval of the difference over resamples where both are defined. */
  readonly lower: number | null;
  readonly upper: number | null;
  /**
   * Two-sided share: 2 · min(share of differences ≤ 0, share ≥ 0), at most 1. Small when the
   * resampled difference rarely crosses zero; a bootstrap heuristic, not an exact test.
   */
  readonly pValue: number | null;
  readonly level: number;
  readonly iterations: number;
  readonly skipped: number;
}

function twoSidedShare(differences: number[]): number | null {
  if (differences.length === 0) return null;
  const atMostZero = differences.filter((d) => d <= 0).length;
  const atLeastZero = differences.filter((d) => d >= 0).length;
  return Math.min(1, (2 * Math.min(atMostZero, atLeastZero)) / differences.length);
}

/** Both scorers on the same resampled rows each time, so that what they share cancels out. */
export function pairedBootstrap(
  metricFn: MetricFn,
  y: ArrayLike<number>,
  scoreA: ArrayLike<number>,
  scoreB: ArrayLike<number>,
  options: BootstrapOptions,
): PairedBootstrapResult {
  const { iterations, level, seed } = checkedOptions(options);
  const a = pairedColumns(y, scoreA, ['y', 'scoreA']);
  const b = pairedColumns(y, scoreB, ['y', 'scoreB']).score;
  const n = a.y.length;
  const random = mulberry32(seed);
  const picked = new Int32Array(n);
  const differences: number[] = [];
  for (let i = 0; i < iterations; i++) {
    drawRows(n, random, picked);
    const yb = take(a.y, picked, new Float64Array(n));
    const va = valueOrNull(metricFn(yb, take(a.score, picked, new Float64Array(n))));
    const vb = valueOrNull(metricFn(yb, take(b, picked, new Float64Array(n))));
    if (va !== null && vb !== null) differences.push(va - vb);
  }
  const estimateA = valueOrNull(metricFn(a.y, a.score));
  const estimateB = valueOrNull(metricFn(finiteColumn(y, 'y'), b));
  const difference = estimateA !== null && estimateB !== null ? estimateA - estimateB : null;
  return {
    estimateA,
    estimateB,
    difference,
    ...interval(differences, level),
    pValue: twoSidedShare(differences),
    level,
    iterations,
    skipped: iterations - differences.length,
  };
}
