import { sortFloat32 } from './float-sort';
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

function featureThresholds(sorted: Float32Array, maxBins: number): number[] {
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

/**
 * Features are read FEATURE_BLOCK at a time: the row-major matrix is walked once per block, not
 * once per feature (a strided walk per feature touched every cache line once per feature).
 */
const FEATURE_BLOCK = 8;

export function fitBinThresholds(x: DenseMatrix, maxBins: number, seed: number): number[][] {
  const sample = binningRows(x.rows, seed);
  const count = sample === null ? x.rows : sample.length;
  // The values are float32 already: sorting them as such is exact.
  const values = new Float32Array(count * Math.min(FEATURE_BLOCK, x.cols));
  const filled = new Int32Array(FEATURE_BLOCK);
  const thresholds: number[][] = [];
  for (let f0 = 0; f0 < x.cols; f0 += FEATURE_BLOCK) {
    const width = Math.min(FEATURE_BLOCK, x.cols - f0);
    filled.fill(0);
    for (let k = 0; k < count; k++) {
      const base = (sample === null ? k : (sample[k] ?? 0)) * x.cols + f0;
      for (let j = 0; j < width; j++) {
        const v = x.data[base + j] ?? 0;
        if (Number.isNaN(v)) continue;
        const m = filled[j] ?? 0;
        values[j * count + m] = v;
        filled[j] = m + 1;
      }
    }
    for (let j = 0; j < width; j++) {
      const column = values.subarray(j * count, j * count + (filled[j] ?? 0));
      sortFloat32(column);
      thresholds.push(featureThresholds(column, maxBins));
    }
  }
  return thresholds;
}

/**
 * A feature's thresholds padded with +Infinity to a power of two minus one, so that the bin
 * search below always takes log2(length + 1) steps and no branch (the branchy binary search
 * mispredicted on every other step).
 */
function searchTable(thresholds: readonly number[]): Float64Array {
  let size = 1;
  while (size < thresholds.length + 1) size *= 2;
  const table = new Float64Array(size - 1).fill(Infinity);
  table.set(thresholds);
  return table;
}

/** The number of thresholds below v, i.e. the index of the first threshold ≥ v. */
function binOf(table: Float64Array, v: number): number {
  let at = 0;
  for (let step = (table.length + 1) >>> 1; step > 0; step >>>= 1) {
    at += (table[at + step - 1] ?? Infinity) < v ? step : 0;
  }
  return at;
}

const EMPTY = new Float64Array(0);

export function binMatrix(
  x: DenseMatrix,
  thresholds: readonly (readonly number[])[],
  missingBin: number,
): Binned {
  const { rows, cols, data } = x;
  const bins = new Uint8Array(rows * cols);
  const tables = thresholds.map(searchTable);
  for (let f0 = 0; f0 < cols; f0 += FEATURE_BLOCK) {
    const width = Math.min(FEATURE_BLOCK, cols - f0);
    for (let i = 0; i < rows; i++) {
      for (let f = f0; f < f0 + width; f++) {
        const v = data[i * cols + f] ?? 0;
        bins[f * rows + i] = Number.isNaN(v) ? missingBin : binOf(tables[f] ?? EMPTY, v);
      }
    }
  }
  return { bins, rows, cols };
}

/** Per feature: does any training row fall in the missing bin? */
export function missingPerFeature(binned: Binned, missingBin: number): Uint8Array {
  const { bins, rows, cols } = binned;
  const has = new Uint8Array(cols);
  for (let f = 0; f < cols; f++) {
    has[f] = bins.subarray(f * rows, (f + 1) * rows).includes(missingBin) ? 1 : 0;
  }
  return has;
}
