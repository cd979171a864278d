import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../models/prng';
import { bootstrapMeans, bootstrapRates } from './bootstrap';
import { chiSquareSf, logGamma } from '../stats/distributions';
import { newcombeDifference } from './proportions';
import { binomial, gamma } from './sampling';

/** ln of the Binomial(n, p) probability of k. */
const logPmf = (k: number, n: number, p: number): number =>
  logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);

/** Pearson's chi-square of `draws` against the exact pmf, cells with expected count < 5 pooled at the ends. */
function goodnessOfFit(n: number, p: number, draws: number, seed: number): number {
  const random = mulberry32(seed);
  const observed = new Array<number>(n + 1).fill(0);
  for (let i = 0; i < draws; i++) {
    const k = binomial(n, p, random);
    observed[k] = (observed[k] ?? 0) + 1;
  }
  const cells: { observed: number; expected: number }[] = [];
  let pending = { observed: 0, expected: 0 };
  for (let k = 0; k <= n; k++) {
    pending = {
      observed: pending.observed + (observed[k] ?? 0),
      expected: pending.expected + draws * Math.exp(logPmf(k, n, p)),
    };
    if (pending.expected >= 5) {
      cells.push(pending);
      pending = { observed: 0, expected: 0 };
    }
  }
  const last = cells.pop() ?? { observed: 0, expected: 0 };
  cells.push({ observed: last.observed + pending.observed, expected: last.expected + pending.expected });
  const statistic = cells.reduce((s, c) => s + (c.observed - c.expected) ** 2 / c.expected, 0);
  return chiSquareSf(statistic, cells.length - 1);
}

describe('exact draws', () => {
  it('binomial draws follow the binomial pmf (chi-square GOF, p > 0.001), by inversion and by recursion', () => {
    for (const [n, p] of [
      [20, 0.3],
      [200, 0.1],
      [1000, 0.37],
      [5000, 0.93],
    ] as const) {
      // One seed, fixed: at 400,000 draws seeds 1, 2, 3 and 7 all give p > 0.04 for these cases.
      expect(goodnessOfFit(n, p, 50_000, 1), `n=${n} p=${p}`).toBeGreaterThan(0.001);
    }
  });

  it('binomial draws of a million trials have the binomial mean and variance', () => {
    const random = mulberry32(3);
    const n = 1_000_000;
    const p = 0.0371;
    const draws = Array.from({ length: 4000 }, () => binomial(n, p, random));
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    const variance = draws.reduce((s, v) => s + (v - mean) ** 2, 0) / (draws.length - 1);
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(mean - n * p)).toBeLessThan((4 * sd) / Math.sqrt(draws.length));
    expect(Math.abs(variance / (sd * sd) - 1)).toBeLessThan(0.1);
    expect(binomial(10, 0, random)).toBe(0);
    expect(binomial(10, 1, random)).toBe(10);
  });

  it('gamma draws have mean and variance equal to the shape, below 1 too', () => {
    for (const shape of [0.4, 2.5, 300]) {
      const random = mulberry32(11);
      const draws = Array.from({ length: 20_000 }, () => gamma(shape, random));
      const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
      expect(Math.abs(mean - shape)).toBeLessThan((4 * Math.sqrt(shape)) / Math.sqrt(draws.length));
    }
  });
});

describe('bootstrap', () => {
  const treatment = { users: 4000, conversions: 520 };
  const control = { users: 4100, conversions: 451 };

  it('gives the same interval for the same seed and one close to Newcombe for large arms', () => {
    const a = bootstrapRates(treatment, control, 0.95, { seed: 42, resamples: 4000 });
    const b = bootstrapRates(treatment, control, 0.95, { seed: 42, resamples: 4000 });
    expect(a).toEqual(b);
    const newcombe = newcombeDifference(treatment, control, 0.95);
    const width = (newcombe.upper ?? 0) - (newcombe.lower ?? 0);
    expect(Math.abs((a.difference.lower ?? NaN) - (newcombe.lower ?? NaN))).toBeLessThan(0.05 * width);
    expect(Math.abs((a.difference.upper ?? NaN) - (newcombe.upper ?? NaN))).toBeLessThan(0.05 * width);
    expect(a.liftSkipped).toBe(0);
  });

  it('resamples raw values for means, and skips lifts over a zero control', () => {
    const random = mulberry32(5);
    const t = Array.from({ length: 300 }, () => 10 + random() * 4);
    const c = Array.from({ length: 300 }, () => 9 + random() * 4);
    const r = bootstrapMeans(t, c, 0.9, { seed: 1 });
    expect(r.difference.lower ?? 0).toBeGreaterThan(0.6);
    expect(r.difference.upper ?? 0).toBeLessThan(1.4);
    const zero = bootstrapRates({ users: 50, conversions: 5 }, { users: 50, conversions: 0 }, 0.95, {
      seed: 1,
    });
    expect(zero.liftSkipped).toBe(2000);
    expect(zero.relativeLift.reason).toMatch(/control of 0/);
    expect(() => bootstrapRates(treatment, control, 0.95, { seed: 1, resamples: 10 })).toThrow(/resamples/);
  });
});
