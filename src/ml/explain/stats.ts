/**
 * Small statistics for the explainers: mean and sample standard deviation, seeded draws. Student's
 * t (for the importance intervals) is ml/stats' one, shared with every test in src/ml.
 */
import { mulberry32, permutation } from '../models/prng';

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] ?? 0;
  return sum / values.length;
}

/** Sample standard deviation (ddof = 1); 0 for fewer than two values. */
export function sampleSd(values: ArrayLike<number>): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += ((values[i] ?? 0) - m) ** 2;
  return Math.sqrt(sum / (values.length - 1));
}

/** A standard normal sampler (Box–Muller on mulberry32), as models/testing.ts draws its data. */
export function normalSampler(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => {
    const u = 1 - uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/**
 * `size` distinct row indices of 0..n−1, seeded, in ascending order (so that a sample of every
 * row is the rows in their order); all rows when size ≥ n.
 */
export function sampleRows(n: number, size: number, seed: number): Int32Array {
  if (size >= n) return Int32Array.from({ length: n }, (_, i) => i);
  return permutation(n, mulberry32(seed)).slice(0, size).sort();
}
