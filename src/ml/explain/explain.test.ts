import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors';
import { MlError } from '../metrics/errors';
import { normalSampler } from '../models/testing';
import reference from './fixtures/explain_reference.json';
import { partialDependence, partialDependence2d } from './pdp';
import { permutationImportance } from './permutation';
import { studentTCdf, studentTQuantile } from '../stats';
import { sampleRows } from './stats';
import { linearScore, matrixOf } from './testing';
import type { DenseMatrix, ScoreFn } from './types';

/** n rows of d standard normals and a 0/1 target from the first two. */
function synthetic(n: number, d: number, seed = 1): { x: DenseMatrix; y: Float32Array } {
  const normal = normalSampler(seed);
  const data = new Float32Array(n * d).map(() => normal());
  const y = Float32Array.from({ length: n }, (_, i) =>
    (data[i * d] ?? 0) + 0.5 * (data[i * d + 1] ?? 0) > 0 ? 1 : 0,
  );
  return { x: { data, rows: n, cols: d }, y };
}

const sigmoidOfFirstTwo: ScoreFn = (data, rows, cols) =>
  Float64Array.from(
    { length: rows },
    (_, i) => 1 / (1 + Math.exp(-(2 * (data[i * cols] ?? 0) + (data[i * cols + 1] ?? 0)))),
  );

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e: unknown) {
    if (e instanceof MlError) return e.reason;
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'no error';
}

describe("Student's t quantile", () => {
  it('has the CDF of scipy 1.10.1 t.cdf', () => {
    for (const { t, df, value } of reference.tCdf)
      expect(Math.abs(studentTCdf(t, df) - value)).toBeLessThan(1e-13);
  });

  // scipy's t.ppf itself is good to ~5e-9 here: t.cdf(t.ppf(0.95, 4), 4) is 0.95 − 2.8e-10.
  it('equals scipy 1.10.1 t.ppf to 1e-8', () => {
    for (const { p, df, value } of reference.tQuantiles) {
      expect(Math.abs(studentTQuantile(p, df) - value)).toBeLessThan(1e-8 * Math.max(1, value));
    }
  });
});

describe('seeded row samples', () => {
  it('are distinct, ascending, repeatable, and every row when the sample is as big as the data', () => {
    const a = sampleRows(100, 10, 3);
    expect(new Set(a).size).toBe(10);
    expect(Array.from(a)).toEqual(Array.from(a).sort((p, q) => p - q));
    expect(sampleRows(100, 10, 3)).toEqual(a);
    expect(sampleRows(100, 10, 4)).not.toEqual(a);
    expect(Array.from(sampleRows(5, 10, 3))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('permutation importance', () => {
  const { x, y } = synthetic(400, 4);

  it('ranks the features the model uses, and noise near zero inside its interval', async () => {
    const result = await permutationImportance(sigmoidOfFirstTwo, x, y, { metric: 'roc_auc', repeats: 5 });
    expect(result.features.map((f) => f.columns[0])).toEqual(
      [0, 1, 2, 3].slice(0, 2).concat(result.features.slice(2).map((f) => f.columns[0] ?? -1)),
    );
    for (const f of result.features.slice(2)) {
      expect(f.mean).toBe(0);
      expect(f.low).toBe(0);
    }
    const first = result.features[0];
    expect(first?.drops).toHaveLength(5);
    expect(first && first.low < first.mean && first.mean < first.high).toBe(true);
    expect(result.interval.t).toBeCloseTo(2.7764451051977987, 12);
  });

  it('orients a lower-is-better metric so that a positive drop means the feature matters', async () => {
    const result = await permutationImportance(sigmoidOfFirstTwo, x, y, { metric: 'log_loss' });
    expect(result.higherIsBetter).toBe(false);
    expect(result.features[0]?.columns).toEqual([0]);
    expect(result.features[0]?.mean).toBeGreaterThan(0);
  });

  it('shuffles a group together and keeps the per-column view', async () => {
    const groups = [
      { name: 'signal', columns: [0, 1] },
      { name: 'noise', columns: [2, 3] },
    ];
    const result = await permutationImportance(sigmoidOfFirstTwo, x, y, { metric: 'roc_auc', groups });
    expect(result.groups?.map((g) => g.name)).toEqual(['signal', 'noise']);
    expect(result.groups?.[0]?.mean).toBeGreaterThan(result.features[0]?.mean ?? Infinity);
    expect(result.features).toHaveLength(4);
  });

  it('gives the same numbers whatever the batch size, never passing the budget, with progress to the end', async () => {
    const sizes: number[] = [];
    const progress: number[] = [];
    const counting: ScoreFn = (data, rows, cols) => {
      sizes.push(rows * cols);
      return sigmoidOfFirstTwo(data, rows, cols);
    };
    const small = await permutationImportance(counting, x, y, {
      metric: 'roc_auc',
      maxBatchValues: 1000,
      onProgress: (p) => progress.push(p.done / p.total),
    });
    const big = await permutationImportance(sigmoidOfFirstTwo, x, y, { metric: 'roc_auc' });
    expect(small.features).toEqual(big.features);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
    expect(progress[progress.length - 1]).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('is seeded: the same seed gives the same drops, another seed others', async () => {
    const a = await permutationImportance(sigmoidOfFirstTwo, x, y, { metric: 'accuracy', seed: 7 });
    const b = await permutationImportance(sigmoidOfFirstTwo, x, y, { metric: 'accuracy', seed: 7 });
    const c = await permutationImportance(sigmoidOfFirstTwo, x, y, { metric: 'accuracy', seed: 8 });
    expect(a.features[0]?.drops).toEqual(b.features[0]?.drops);
    expect(a.features[0]?.drops).not.toEqual(c.features[0]?.drops);
    expect(a.threshold).toBe(0.5);
  });
});

describe('bad input gets a reason', () => {
  const { x, y } = synthetic(50, 3);

  it('too few rows for the repeats', async () => {
    const few = { data: x.data.subarray(0, 8 * 3), rows: 8, cols: 3 };
    expect(
      await reason(permutationImportance(sigmoidOfFirstTwo, few, y.subarray(0, 8), { metric: 'accuracy' })),
    ).toBe('too-few-rows');
    expect(
      await reason(permutationImportance(sigmoidOfFirstTwo, x, y, { metric: 'accuracy', repeats: 60 })),
    ).toBe('too-few-rows');
  });

  it('a feature out of range', async () => {
    expect(await reason(partialDependence(sigmoidOfFirstTwo, x, { kind: 'numeric', column: 3 }))).toBe(
      'out-of-range',
    );
    const groups = [{ name: 'g', columns: [0, 5] }];
    expect(await reason(permutationImportance(sigmoidOfFirstTwo, x, y, { metric: 'roc_auc', groups }))).toBe(
      'out-of-range',
    );
  });

  it('one class with a metric that needs two, or a regression target with a binary metric', async () => {
    const zeros = new Float32Array(50);
    expect(await reason(permutationImportance(sigmoidOfFirstTwo, x, zeros, { metric: 'roc_auc' }))).toBe(
      'one-class',
    );
    expect(await reason(permutationImportance(sigmoidOfFirstTwo, x, zeros, { metric: 'pr_auc' }))).toBe(
      'one-class',
    );
    expect(await reason(permutationImportance(sigmoidOfFirstTwo, x, zeros, { metric: 'log_loss' }))).toBe(
      'no error',
    );
    const amounts = y.map((v, i) => v + i);
    expect(await reason(permutationImportance(sigmoidOfFirstTwo, x, amounts, { metric: 'roc_auc' }))).toBe(
      'not-binary',
    );
    expect(await reason(permutationImportance(sigmoidOfFirstTwo, x, amounts, { metric: 'rmse' }))).toBe(
      'no error',
    );
  });

  it('NaN scores, and scores of the wrong length', async () => {
    const nan: ScoreFn = (data, rows) => new Float32Array(rows).fill(NaN);
    expect(await reason(permutationImportance(nan, x, y, { metric: 'roc_auc' }))).toBe('not-finite');
    expect(await reason(partialDependence(nan, x, { kind: 'numeric', column: 0 }))).toBe('not-finite');
    const short: ScoreFn = (data, rows) => new Float32Array(rows - 1);
    expect(await reason(permutationImportance(short, x, y, { metric: 'roc_auc' }))).toBe('length-mismatch');
  });

  it('a cancelled computation stops with code cancelled', async () => {
    const controller = new AbortController();
    const stopping: ScoreFn = (data, rows, cols) => {
      controller.abort();
      return sigmoidOfFirstTwo(data, rows, cols);
    };
    const run = permutationImportance(stopping, x, y, { metric: 'roc_auc', signal: controller.signal });
    expect(await reason(run)).toBe('cancelled');
  });
});

describe('partial dependence', () => {
  const { x } = synthetic(300, 3, 5);
  const linear = linearScore(0.5, [2, -1, 0]);

  it('of a linear model is the line itself, and ICE lines are parallel to it', async () => {
    const result = await partialDependence(linear, x, { kind: 'numeric', column: 0 }, { sampleSize: 100 });
    expect(result.rows).toHaveLength(100);
    expect(result.grid.kind === 'numeric' && result.grid.values).toHaveLength(20);
    const grid = result.grid.kind === 'numeric' ? result.grid.values : [];
    for (let k = 1; k < grid.length; k++) {
      const slope = ((result.average[k] ?? 0) - (result.average[0] ?? 0)) / ((grid[k] ?? 0) - (grid[0] ?? 0));
      expect(slope).toBeCloseTo(2, 5);
    }
    expect(result.rug).toHaveLength(100);
  });

  it('centred ICE lines start at zero, and the average is shifted by the mean offset', async () => {
    const plain = await partialDependence(
      linear,
      x,
      { kind: 'numeric', column: 1 },
      { sampleSize: 50, gridPoints: 5 },
    );
    const centred = await partialDependence(
      linear,
      x,
      { kind: 'numeric', column: 1 },
      { sampleSize: 50, gridPoints: 5, centred: true },
    );
    for (const line of centred.ice) expect(line[0]).toBe(0);
    expect(centred.ice).toHaveLength(50);
    const offset = centred.offsets.reduce((s, v) => s + v, 0) / 50;
    centred.average.forEach((v, k) => expect(v).toBeCloseTo((plain.average[k] ?? 0) - offset, 12));
  });

  it('merges tied quantiles, and uses every value of a feature with few', async () => {
    const values = Array.from({ length: 200 }, (_, i) => (i < 150 ? 0 : i));
    const tied = matrixOf(values.map((v) => [v]));
    const result = await partialDependence(
      linearScore(0, [1]),
      tied,
      { kind: 'numeric', column: 0 },
      { gridPoints: 10 },
    );
    const grid = result.grid.kind === 'numeric' ? Array.from(result.grid.values) : [];
    expect(new Set(grid).size).toBe(grid.length);
    expect(grid.length).toBeLessThan(10);
    expect(result.grid.kind === 'numeric' && result.grid.source).toBe('quantiles');
    const few = matrixOf([[1], [2], [2], [3]]);
    const unique = await partialDependence(linearScore(0, [1]), few, { kind: 'numeric', column: 0 });
    expect(unique.grid.kind === 'numeric' && Array.from(unique.grid.values)).toEqual([1, 2, 3]);
  });

  it('shows the most frequent levels of a categorical with hundreds of levels, and says so', async () => {
    const levels = 500;
    const rows = Array.from({ length: 2000 }, (_, i) => {
      const level = i < 1000 ? i % 7 : i % levels;
      return Array.from({ length: levels }, (_, c) => (c === level ? 1 : 0));
    });
    const columns = Array.from({ length: levels }, (_, c) => c);
    const coef = columns.map((c) => c / levels);
    const result = await partialDependence(
      linearScore(0, coef),
      matrixOf(rows),
      { kind: 'levels', name: 'city', columns },
      { sampleSize: 30 },
    );
    expect(result.grid.kind).toBe('levels');
    if (result.grid.kind !== 'levels') return;
    expect(result.grid.truncated?.shown).toBe(20);
    expect(result.grid.truncated?.total).toBe(500);
    expect(result.grid.truncated?.message).toContain('500 levels');
    expect(result.grid.levels.slice(0, 7).map((l) => l.column)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    result.grid.levels.forEach((l, k) => expect(result.average[k]).toBeCloseTo(l.column / levels, 6));
  });

  it('two-way: a sum of two effects has a grid of sums', async () => {
    const result = await partialDependence2d(
      linear,
      x,
      [
        { kind: 'numeric', column: 0 },
        { kind: 'numeric', column: 1 },
      ],
      { gridPoints: 4, sampleSize: 80 },
    );
    const [a, b] = result.grids;
    if (a.kind !== 'numeric' || b.kind !== 'numeric') throw new Error('numeric grids expected');
    const base = (result.values[0]?.[0] ?? 0) - 2 * (a.values[0] ?? 0) + (b.values[0] ?? 0);
    a.values.forEach((va, i) =>
      b.values.forEach((vb, j) => expect(result.values[i]?.[j]).toBeCloseTo(base + 2 * va - vb, 5)),
    );
    await expect(
      partialDependence2d(linear, x, [
        { kind: 'numeric', column: 0 },
        { kind: 'numeric', column: 0 },
      ]),
    ).rejects.toThrow(MlError);
  });
});
