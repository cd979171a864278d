import { describe, expect, it } from 'vitest';
import { binMatrix, fitBinThresholds, missingPerFeature } from './gbdt-binning';
import { normalSampler } from './testing';

/** The definition: a value's bin is the number of thresholds below it; NaN has its own bin. */
function naiveBin(thresholds: readonly number[], v: number, missingBin: number): number {
  return Number.isNaN(v) ? missingBin : thresholds.filter((t) => t < v).length;
}

describe('GBDT bin mapping (the definition of scikit-learn 1.2.1 _map_to_bins)', () => {
  it('puts each value in the bin of the first threshold ≥ it, for 0 to 254 thresholds', () => {
    const normal = normalSampler(8);
    const thresholdCounts = [0, 1, 2, 3, 7, 8, 100, 254];
    const cols = thresholdCounts.length;
    const thresholds = thresholdCounts.map((n) =>
      Array.from({ length: n }, (_, i) => -3 + (6 * i) / Math.max(n - 1, 1)),
    );
    const rows = 600;
    const data = Float32Array.from({ length: rows * cols }, (_, i) => {
      const f = i % cols;
      const t = thresholds[f] ?? [];
      // Values exactly on thresholds, NaN, infinities' neighbours and ordinary draws.
      if (i % 11 === 0 && t.length > 0) return t[Math.floor(i / cols) % t.length] ?? 0;
      if (i % 13 === 0) return NaN;
      if (i % 17 === 0) return i % 2 === 0 ? 3.4e38 : -3.4e38;
      return normal() * 2;
    });
    const binned = binMatrix({ data, rows, cols }, thresholds, 255);
    for (let f = 0; f < cols; f++) {
      for (let i = 0; i < rows; i++) {
        const expected = naiveBin(thresholds[f] ?? [], data[i * cols + f] ?? 0, 255);
        expect(binned.bins[f * rows + i]).toBe(expected);
      }
    }
    expect(Array.from(missingPerFeature(binned, 255))).toEqual(new Array(cols).fill(1));
  });

  it('reads the features block by block: 9 and 17 columns give each column its own thresholds', () => {
    for (const cols of [9, 17]) {
      const rows = 50;
      const data = Float32Array.from(
        { length: rows * cols },
        (_, i) => (i % cols) * 1000 + Math.floor(i / cols),
      );
      const t = fitBinThresholds({ data, rows, cols }, 255, 0);
      t.forEach((column, f) => {
        expect(column).toHaveLength(rows - 1);
        expect(column[0]).toBe(f * 1000 + 0.5);
      });
      const binned = binMatrix({ data, rows, cols }, t, 255);
      expect(Array.from(binned.bins.subarray((cols - 1) * rows, cols * rows))).toEqual(
        Array.from({ length: rows }, (_, i) => i),
      );
      expect(Array.from(missingPerFeature(binned, 255))).toEqual(new Array(cols).fill(0));
    }
  });
});
