/**
 * Test helpers private to metrics/: the seeded rows that reference/metrics_reference.py draws
 * with the same mulberry32, and a closeness check that treats null as NaN (JSON has no NaN).
 */
import { expect } from 'vitest';
import { mulberry32 } from '../models/prng';

export function randomClassification(n: number, seed: number): { y: number[]; score: number[] } {
  const random = mulberry32(seed);
  const y: number[] = [];
  const score: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = Math.floor(random() * 100) / 100;
    score.push(s);
    y.push(random() < s ? 1 : 0);
  }
  return { y, score };
}

export function randomRegression(n: number, seed: number): { y: number[]; prediction: number[] } {
  const random = mulberry32(seed);
  const y: number[] = [];
  const prediction: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = Math.floor(random() * 1000) / 10 + 1;
    y.push(v);
    prediction.push(v + (random() - 0.5) * 20);
  }
  return { y, prediction };
}

export function expectClose(actual: number | null, expected: number | null, tolerance = 1e-9): void {
  if (expected === null || actual === null) {
    expect(actual === null || Number.isNaN(actual)).toBe(expected === null);
    return;
  }
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

export function expectAllClose(
  actual: ArrayLike<number>,
  expected: readonly (number | null)[],
  tolerance = 1e-9,
): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expectClose(Number.isNaN(actual[i]) ? null : (actual[i] ?? NaN), e, tolerance));
}

/**
 * reference/multiclass_reference.py's rows: per row k integer weights, probabilities w / Σw
 * (exact arithmetic, so both languages agree bit for bit), the class drawn from them.
 */
export function randomMulticlass(
  n: number,
  k: number,
  seed: number,
): { y: number[]; probabilities: { data: Float64Array; rows: number; classes: number } } {
  const random = mulberry32(seed);
  const y: number[] = [];
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const w = Array.from({ length: k }, () => Math.floor(random() * 20) + 1);
    let total = 0;
    for (const v of w) total += v;
    w.forEach((v, c) => (data[i * k + c] = v / total));
    const u = random();
    let cumulative = 0;
    let truth = k - 1;
    for (let c = 0; c < k; c++) {
      cumulative += data[i * k + c] ?? 0;
      if (u < cumulative) {
        truth = c;
        break;
      }
    }
    y.push(truth);
  }
  return { y, probabilities: { data, rows: n, classes: k } };
}
