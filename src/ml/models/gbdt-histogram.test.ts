import { describe, expect, it } from 'vitest';
import {
  buildHistogram,
  buildRootHistogram,
  histogramSize,
  subtractHistogram,
  type HistogramInput,
} from './gbdt-histogram';
import { mulberry32 } from './prng';

function input(rows: number, cols: number, constantHessian: boolean): HistogramInput {
  const random = mulberry32(rows * 31 + cols);
  const stride = 8;
  return {
    binned: {
      bins: Uint8Array.from({ length: rows * cols }, () => Math.floor(random() * stride)),
      rows,
      cols,
    },
    stride,
    gradients: Float32Array.from({ length: rows }, () => random() - 0.5),
    hessians: Float32Array.from({ length: rows }, () => random()),
    constantHessian,
    ordered: { gradients: new Float32Array(rows), hessians: new Float32Array(rows) },
  };
}

/** One row at a time, in the order given, as the definition reads. */
function naive(inp: HistogramInput, rows: readonly number[]): Float64Array {
  const { binned, stride, gradients, hessians } = inp;
  const out = new Float64Array(histogramSize(binned.cols, stride));
  for (const row of rows) {
    for (let f = 0; f < binned.cols; f++) {
      const at = (f * stride + (binned.bins[f * binned.rows + row] ?? 0)) * 3;
      out[at] = (out[at] ?? 0) + (gradients[row] ?? 0);
      if (!inp.constantHessian) out[at + 1] = (out[at + 1] ?? 0) + (hessians[row] ?? 0);
      out[at + 2] = (out[at + 2] ?? 0) + 1;
    }
  }
  return out;
}

const onlyCounted = (h: Float64Array, constantHessian: boolean): number[] =>
  Array.from(h, (v, i) => (constantHessian && i % 3 === 1 ? 0 : v));

describe('GBDT histograms (the sums of sklearn 1.2.1 histogram.pyx, bit for bit)', () => {
  // 1 to 13 features: every mix of the 8-wide, 4-wide and single-feature passes.
  for (const cols of [1, 3, 4, 5, 8, 12, 13]) {
    for (const constantHessian of [false, true]) {
      it(`${cols} features, ${constantHessian ? 'constant' : 'per-row'} hessian`, () => {
        const rows = 257;
        const inp = input(rows, cols, constantHessian);
        const all = Array.from({ length: rows }, (_, i) => i);
        const root = new Float64Array(histogramSize(cols, inp.stride));
        buildRootHistogram(inp, root);
        expect(onlyCounted(root, constantHessian)).toEqual(Array.from(naive(inp, all)));
        // A node owning a slice of a partitioned index array; the sibling by subtraction.
        const samples = Int32Array.from([
          ...all.filter((i) => i % 3 === 0),
          ...all.filter((i) => i % 3 !== 0),
        ]);
        const split = all.filter((i) => i % 3 === 0).length;
        const left = new Float64Array(root.length).fill(7); // overwritten, not added to
        buildHistogram(inp, samples, 0, split, left);
        expect(onlyCounted(left, constantHessian)).toEqual(
          Array.from(naive(inp, Array.from(samples.subarray(0, split)))),
        );
        const right = new Float64Array(root.length);
        buildHistogram(inp, samples, split, rows, right);
        const bySubtraction = new Float64Array(root.length);
        subtractHistogram(root, left, bySubtraction);
        const expected = onlyCounted(right, constantHessian);
        onlyCounted(bySubtraction, constantHessian).forEach((v, i) =>
          expect(v).toBeCloseTo(expected[i] ?? NaN, 10),
        );
      });
    }
  }
});
