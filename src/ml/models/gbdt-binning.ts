import { mulberry32, permutation } from './prng';
import type { DenseMatrix } from './types';

/**
 * Quantile binning as scikit-learn's _BinMapper (1.2): per feature, thresholds are the midpoints
 * between distinct values when there are at most `maxBins` of them, else the `maxBins - 1` inner
 * percentiles (numpy's 'midpoint' method). Value x goes to the first bin whose threshold is ≥ x;
 * NaN goes to its own bin, `maxBins`. Thresholds come from at most 200,000 rows, sampled with
 * the seed beyond that (as sklearn's `subsample`).
 */
export const BINNING_SUBSAMPLE = 200_000;

export interface Binned {
  /**
   * Column-major bin indices (feature f of row i at f × rows + i), as sklearn's F-aligned
   * X_binned: the histogram pass runs feature by feature over one column at a time.
   */
  readonly bins: Uint8Array;
  readonly rows: number;
  readonly cols: number;
}

function midpointPercentiles(sorted: Float32Array, maxBins: number): Float64Array {
  const n = sorted.length;
  const out = new Float64Array(maxBins - 1);
  const step = 100 / maxBins; // np.linspace(0, 100, maxBins + 1)
  for (let k = 1; k < maxBins; k++) {
    const q = (k * step) / 100;
    // numpy's virtual index for 'midpoint': n*q + (1 - q) - 1, then floor and ceil averaged.
    const virtual = n * q + (1 - q) - 1;
    const lo = Math.floor(virtual);
    const hi = Math.ceil(virtual);
    const a = sorted[Math.max(0, Math.min(n - 1, lo))] ?? 0;
    const b = sorted[Math.max(0, Math.min(n - 1, hi))] ?? 0;
    out[k - 1] = lo === hi ? a : b - (b - a) * 0.5;
  }
  return out;
}

function featureThresholds(values: Float32Array, maxBins: number): number[] {
  const sorted = values.sort();
  // Count distinct values, stopping once there are too many for midpoints (the common case for
  // continuous features, where building the list would cost an array of every row).
  let distinctCount = 0;
  for (let i = 0; i < sorted.length && distinctCount <= maxBins; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinctCount++;
  }
  if (distinctCount > maxBins) return Array.from(midpointPercentiles(sorted, maxBins));
  const mids: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] ?? 0;
    const b = sorted[i] ?? 0;
    if (a !== b) mids.push((a + b) * 0.5);
  }
  return mids;
}

/** Rows used to place thresholds: all of them, or a seeded sample of BINNING_SUBSAMPLE. */
function binningRows(rows: number, seed: number): Int32Array | null {
  if (rows <= BINNING_SUBSAMPLE) return null;
  return permutation(rows, mulberry32(seed)).subarray(0, BINNING_SUBSAMPLE);
}

export function fitBinThresholds(x: DenseMatrix, maxBins: number, seed: number): number[][] {
  const sample = binningRows(x.rows, seed);
  const count = sample === null ? x.rows : sample.length;
  // The values are float32 already: sorting them as such is exact and twice as fast as float64.
  const values = new Float32Array(count);
  const thresholds: number[][] = [];
  for (let f = 0; f < x.cols; f++) {
    let m = 0;
    for (let k = 0; k < count; k++) {
      const row = sample === null ? k : (sample[k] ?? 0);
      const v = x.data[row * x.cols + f] ?? 0;
      if (!Number.isNaN(v)) values[m++] = v;
    }
    thresholds.push(featureThresholds(values.slice(0, m), maxBins));
  }
  return thresholds;
}

/** Index of the first threshold ≥ v, i.e. the number of thresholds below v. */
function binOf(thresholds: Float64Array, v: number): number {
  let left = 0;
  let right = thresholds.length;
  while (left < right) {
    const middle = (left + right) >>> 1;
    if (v <= (thresholds[middle] ?? 0)) right = middle;
    else left = middle + 1;
  }
  return left;
}

export function binMatrix(
  x: DenseMatrix,
  thresholds: readonly (readonly number[])[],
  missingBin: number,
): Binned {
  const bins = new Uint8Array(x.rows * x.cols);
  for (let f = 0; f < x.cols; f++) {
    const t = Float64Array.from(thresholds[f] ?? []);
    for (let i = 0; i < x.rows; i++) {
      const v = x.data[i * x.cols + f] ?? 0;
      bins[f * x.rows + i] = Number.isNaN(v) ? missingBin : binOf(t, v);
    }
  }
  return { bins, rows: x.rows, cols: x.cols };
}

/** Per feature: does any training row fall in the missing bin? */
export function missingPerFeature(binned: Binned, missingBin: number): Uint8Array {
  const has = new Uint8Array(binned.cols);
  for (let i = 0; i < binned.bins.length; i++) {
    if (binned.bins[i] === missingBin) has[Math.floor(i / binned.rows)] = 1;
  }
  return has;
}
