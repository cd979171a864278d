/**
 * PSI bins for a numeric feature, fitted on the reference (the version's training rows):
 *
 * - Quantile edges: with B bins planned and n non-missing reference values sorted ascending, edge k
 *   (k = 1 … B − 1) is the value of rank ⌈k·n / B⌉ (1-based), computed in integers: the smallest
 *   value whose ECDF reaches k/B (numpy's `quantile(method='inverted_cdf')` without its
 *   floating-point k/B). Edges are reference values, so SQL and TypeScript find the same ones.
 * - Bins are closed on the right: (−∞, e1], (e1, e2], …, (e_last, +∞), plus one bin for missing
 *   values (null, NaN). Equal edges are merged, so a zero-inflated feature gets one bin for its
 *   zeros instead of several empty ones: the bins actually used are reported with the reason.
 * - B = min(requested, ⌊n / 10⌋) so that every planned bin holds about 10 reference values or
 *   more; fewer than 20 values cannot make 2 bins and are refused.
 */
import { MlError } from '../metrics/errors';

export const DEFAULT_BINS = 10;
export const MIN_REFERENCE_PER_BIN = 10;

export interface NumericBins {
  readonly kind: 'numeric';
  /** Bins asked for (10 by default). */
  readonly requested: number;
  /** Quantile bins planned from the reference size (≤ requested). */
  readonly planned: number;
  /** Strictly increasing upper edges; value bins are edges.length + 1, then the missing bin. */
  readonly edges: readonly number[];
  /** Non-missing reference values the edges were taken from. */
  readonly referenceValues: number;
  /** Why fewer bins than requested are used (a small reference, tied edges), or null. */
  readonly note: string | null;
}

/** Counts per value bin (edges.length + 1 of them) and of missing values. */
export interface BinCounts {
  readonly counts: readonly number[];
  readonly missing: number;
}

export interface BinOptions {
  readonly bins?: number;
  readonly minPerBin?: number;
}

/** How many quantile bins n non-missing reference values allow. Throws below 2. */
export function plannedBinCount(n: number, options: BinOptions = {}): number {
  const requested = options.bins ?? DEFAULT_BINS;
  const minPerBin = options.minPerBin ?? MIN_REFERENCE_PER_BIN;
  if (!Number.isInteger(requested) || requested < 2)
    throw new MlError('bad-option', `Bins must be a whole number of at least 2; got ${requested}.`);
  if (!Number.isInteger(minPerBin) || minPerBin < 1)
    throw new MlError('bad-option', `Values per bin must be a whole number of at least 1; got ${minPerBin}.`);
  const planned = Math.min(requested, Math.floor(n / minPerBin));
  if (planned < 2)
    throw new MlError(
      'too-few-rows',
      `The reference has ${n} non-missing values; PSI bins need at least ${2 * minPerBin} (${minPerBin} per bin, 2 bins).`,
    );
  return planned;
}

/** The 1-based ranks ⌈k·n / B⌉, k = 1 … B − 1, whose values are the quantile edges. */
export function quantileRanks(n: number, planned: number): number[] {
  return Array.from({ length: planned - 1 }, (_, i) => Math.floor(((i + 1) * n + planned - 1) / planned));
}

/** Bins from the values at `quantileRanks` (ascending), merging equal edges. */
export function binsFromQuantiles(
  quantiles: readonly number[],
  referenceValues: number,
  options: BinOptions = {},
): NumericBins {
  const requested = options.bins ?? DEFAULT_BINS;
  const planned = plannedBinCount(referenceValues, options);
  if (quantiles.length !== planned - 1)
    throw new MlError('length-mismatch', `Expected ${planned - 1} quantile edges, got ${quantiles.length}.`);
  const edges: number[] = [];
  for (const q of quantiles) {
    if (Number.isNaN(q)) throw new MlError('not-finite', 'A quantile edge is NaN.');
    const last = edges[edges.length - 1];
    if (last !== undefined && q < last)
      throw new MlError('out-of-range', 'Quantile edges must be ascending.');
    if (last === undefined || q > last) edges.push(q);
  }
  const used = edges.length + 1;
  const reasons: string[] = [];
  if (planned < requested)
    reasons.push(
      `the reference has ${referenceValues} values, enough for ${planned} bins of ${options.minPerBin ?? MIN_REFERENCE_PER_BIN} or more`,
    );
  if (used < planned)
    reasons.push(`${planned - used} of ${planned - 1} quantile edges were tied (repeated values) and merged`);
  const note = reasons.length === 0 ? null : `${used} bins instead of ${requested}: ${reasons.join('; ')}.`;
  return { kind: 'numeric', requested, planned, edges, referenceValues, note };
}

/** True for a value that goes to the missing bin. */
export function isMissingNumber(value: number | null | undefined): value is null | undefined {
  return value === null || value === undefined || Number.isNaN(value);
}

/** Bins fitted on reference values (missing ones skipped). */
export function fitNumericBins(
  reference: ArrayLike<number | null | undefined>,
  options: BinOptions = {},
): NumericBins {
  const values: number[] = [];
  for (let i = 0; i < reference.length; i++) {
    const v = reference[i];
    if (!isMissingNumber(v)) values.push(v);
  }
  const sorted = Float64Array.from(values).sort();
  const planned = plannedBinCount(sorted.length, options);
  const quantiles = quantileRanks(sorted.length, planned).map((rank) => sorted[rank - 1] ?? NaN);
  return binsFromQuantiles(quantiles, sorted.length, options);
}

/** The value bin of a non-missing value: the number of edges below it. */
export function binOf(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((edges[mid] ?? Infinity) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function countNumeric(bins: NumericBins, values: ArrayLike<number | null | undefined>): BinCounts {
  const counts = new Array<number>(bins.edges.length + 1).fill(0);
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissingNumber(v)) missing++;
    else {
      const b = binOf(bins.edges, v);
      counts[b] = (counts[b] ?? 0) + 1;
    }
  }
  return { counts, missing };
}

function formatEdge(value: number): string {
  return Number.isInteger(value) || !Number.isFinite(value)
    ? String(value)
    : String(Number(value.toPrecision(6)));
}

/** "≤ 0", "(0, 12.5]", "> 70", then "missing". */
export function numericBinLabels(bins: NumericBins): string[] {
  const { edges } = bins;
  const labels = edges.map((e, i) =>
    i === 0 ? `≤ ${formatEdge(e)}` : `(${formatEdge(edges[i - 1] ?? e)}, ${formatEdge(e)}]`,
  );
  const last = edges[edges.length - 1];
  labels.push(last === undefined ? 'all values' : `> ${formatEdge(last)}`);
  labels.push('missing');
  return labels;
}
