import { describe, expect, it } from 'vitest';
import { fitLogistic, predictLogistic } from './logistic';
import { ModelError } from './errors';
import { normalSampler } from './testing';

const m = (rows: number[][]) => ({
  data: Float32Array.from(rows.flat()),
  rows: rows.length,
  cols: rows[0]?.length ?? 0,
});

/** Rejection value of a promise, for asserting on its fields. */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('logistic regression', () => {
  it('matches scikit-learn 1.2.1 on a 1-d problem (newton-cholesky, tol=1e-12)', async () => {
    const model = await fitLogistic(m([[0], [1], [2], [3], [4], [5]]), Float32Array.from([0, 0, 1, 0, 1, 1]));
    expect(model.coef[0]).toBeCloseTo(0.767053722841802, 7);
    expect(model.intercept).toBeCloseTo(-1.917634307104505, 7);
    expect(model.converged).toBe(true);
  });

  it('matches scikit-learn 1.2.1 with C=0.5 on 2 features', async () => {
    const x = m([
      [1, 2],
      [2, 0.5],
      [3, -1],
      [0, 1],
      [-1, -2],
      [2, 2],
      [0.5, 0.5],
    ]);
    const model = await fitLogistic(x, Float32Array.from([1, 0, 0, 1, 0, 1, 1]), { C: 0.5 });
    expect(model.coef[0]).toBeCloseTo(-0.3030173782989138, 7);
    expect(model.coef[1]).toBeCloseTo(0.8163237569241815, 7);
    expect(model.intercept).toBeCloseTo(0.3016154199309925, 7);
  });

  it('stays finite on separable data (the penalty bounds w) and separates it', async () => {
    const x = m([[-3], [-2], [-1], [1], [2], [3]]);
    const y = Float32Array.from([0, 0, 0, 1, 1, 1]);
    const model = await fitLogistic(x, y, { C: 100 });
    expect(Number.isFinite(model.coef[0])).toBe(true);
    const p = predictLogistic(model, x);
    expect(Array.from(p, (v) => (v > 0.5 ? 1 : 0))).toEqual(Array.from(y));
  });

  it('copes with a constant column (coefficient driven to 0 by the penalty)', async () => {
    const normal = normalSampler(3);
    const rows = Array.from({ length: 200 }, () => [normal(), 1]);
    const y = Float32Array.from(rows, ([a = 0]) => (a + 0.3 * normal() > 0 ? 1 : 0));
    const model = await fitLogistic(m(rows), y);
    expect(model.converged).toBe(true);
    expect(Math.abs(model.coef[1] ?? NaN)).toBeLessThan(0.5);
  });

  it('reports progress and can be cancelled', async () => {
    const x = m([[0], [1], [2], [3]]);
    const y = Float32Array.from([0, 1, 0, 1]);
    const seen: number[] = [];
    await fitLogistic(x, y, { onProgress: (p) => seen.push(p.iteration) });
    expect(seen.length).toBeGreaterThan(0);
    const controller = new AbortController();
    controller.abort();
    const e = await rejection(fitLogistic(x, y, { signal: controller.signal }));
    expect(e).toMatchObject({ code: 'cancelled' });
  });

  it('says what is wrong with bad input', async () => {
    const x = m([[0], [1], [2]]);
    const oneClass = await rejection(fitLogistic(x, Float32Array.from([1, 1, 1])));
    expect(oneClass).toBeInstanceOf(ModelError);
    expect(oneClass).toMatchObject({ reason: 'one-class' });
    const nanX = await rejection(
      fitLogistic(m([[0], [NaN], [2]]), Float32Array.from([0, 1, 0]), { featureNames: ['age'] }),
    );
    expect(nanX).toMatchObject({ reason: 'missing-values' });
    expect(String(nanX)).toMatch(/'age', row 2.*impute/);
    const inf = await rejection(fitLogistic(m([[0], [Infinity], [2]]), Float32Array.from([0, 1, 0])));
    expect(inf).toMatchObject({ reason: 'infinite-values' });
    expect(await rejection(fitLogistic(x, Float32Array.from([0, NaN, 1])))).toMatchObject({
      reason: 'bad-target',
    });
    expect(await rejection(fitLogistic(x, Float32Array.from([0, 2, 1])))).toMatchObject({
      reason: 'bad-target',
    });
    expect(await rejection(fitLogistic(x, Float32Array.from([0, 1])))).toMatchObject({ reason: 'shape' });
    expect(await rejection(fitLogistic(x, Float32Array.from([0, 1, 0]), { C: 0 }))).toMatchObject({
      reason: 'bad-option',
    });
  });
});
