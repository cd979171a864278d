import { describe, expect, it } from 'vitest';
import { modelFromJson, modelToJson, predict } from './artifact';
import { fitBinThresholds } from './gbdt-binning';
import { fitGbdt, predictGbdtRaw } from './gbdt';
import { normalSampler, rocAuc, syntheticClassification } from './testing';

const column = (values: number[]) => ({ data: Float32Array.from(values), rows: values.length, cols: 1 });

describe('GBDT binning (scikit-learn 1.2.1 _find_binning_thresholds)', () => {
  it('uses midpoints of distinct values when there are few, ignoring NaN', () => {
    expect(fitBinThresholds(column([3, 1, 2, 2, NaN]), 255, 0)).toEqual([[1.5, 2.5]]);
  });

  it("uses numpy's 'midpoint' percentiles when there are more than 255 distinct values", () => {
    // 337 distinct values with ties; sklearn's thresholds, hard-coded.
    const values = Array.from({ length: 1000 }, (_, i) => Math.floor(((i * 7919) % 1009) / 3) / 8);
    const [t = []] = fitBinThresholds(column([...values, NaN, NaN]), 255, 0);
    expect(t).toHaveLength(254);
    expect(t.slice(0, 3)).toEqual([0.125, 0.25, 0.4375]);
    expect(t.slice(100, 103)).toEqual([16.625, 16.8125, 17.0]);
    expect(t.slice(-2)).toEqual([41.625, 41.8125]);
  });
});

describe('GBDT', () => {
  it('learns XOR-like interactions a linear model cannot', async () => {
    const normal = normalSampler(11);
    const rows = 2000;
    const data = Float32Array.from({ length: rows * 2 }, () => normal());
    const y = Float32Array.from({ length: rows }, (_, i) =>
      (data[2 * i] ?? 0) > 0 !== (data[2 * i + 1] ?? 0) > 0 ? 1 : 0,
    );
    const x = { data, rows, cols: 2 };
    const model = await fitGbdt(x, y, { task: 'classification' });
    expect(rocAuc(y, predict(model, x))).toBeGreaterThan(0.99);
    expect(model.trainLoss[99]).toBeLessThan(model.trainLoss[0] ?? 0);
    expect(model.featureImportance.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('learns where missing values go', async () => {
    // The label is "x is missing": only the missing bin separates it.
    const values = Array.from({ length: 400 }, (_, i) => (i % 4 === 0 ? NaN : (i % 7) - 3));
    const y = Float32Array.from(values, (v) => (Number.isNaN(v) ? 1 : 0));
    const model = await fitGbdt(column(values), y, { task: 'classification', maxIter: 20 });
    const p = predict(model, column([NaN, 0, 2]));
    expect(p[0]).toBeGreaterThan(0.9);
    expect(p[1]).toBeLessThan(0.1);
    expect(p[2]).toBeLessThan(0.1);
  });

  it('fits a regression (squared error) step function', async () => {
    const xs = Array.from({ length: 500 }, (_, i) => i / 50);
    const y = Float32Array.from(xs, (v) => (v < 4 ? 1 : 3));
    const model = await fitGbdt(column(xs), y, { task: 'regression' });
    const p = predict(model, column([1, 8]));
    expect(p[0]).toBeCloseTo(1, 3);
    expect(p[1]).toBeCloseTo(3, 3);
  });

  it('stays a single leaf on a constant feature (predicts the baseline)', async () => {
    const model = await fitGbdt(
      column(new Array(100).fill(1)),
      Float32Array.from({ length: 100 }, (_, i) => i % 2),
      {
        task: 'classification',
        maxIter: 3,
      },
    );
    expect(model.trees.every((t) => t.feature.length === 1)).toBe(true);
    expect(predict(model, column([1]))[0]).toBeCloseTo(0.5, 12);
  });

  it('stops early on a validation holdout when asked', async () => {
    const { x, y } = syntheticClassification(3000, 4, 5);
    const model = await fitGbdt(x, y, {
      task: 'classification',
      maxIter: 500,
      earlyStopping: { nIterNoChange: 5 },
    });
    expect(model.trees.length).toBeLessThan(500);
    expect(model.validationLoss).toHaveLength(model.trees.length);
  });

  it('is deterministic and predicts identically after a JSON round trip', async () => {
    const { x, y } = syntheticClassification(1500, 5, 9);
    x.data[7] = NaN;
    const a = await fitGbdt(x, y, { task: 'classification', seed: 4, maxIter: 20 });
    const b = await fitGbdt(x, y, { task: 'classification', seed: 4, maxIter: 20 });
    expect(modelToJson(a)).toBe(modelToJson(b));
    const reloaded = modelFromJson(modelToJson(a));
    expect(reloaded.kind).toBe('gbdt');
    if (reloaded.kind === 'gbdt')
      expect(Array.from(predictGbdtRaw(reloaded, x))).toEqual(Array.from(predictGbdtRaw(a, x)));
    expect(Array.from(predict(reloaded, x))).toEqual(Array.from(predict(a, x)));
  });

  it('reports progress, cancels, and stops when the loss turns NaN', async () => {
    const { x, y } = syntheticClassification(300, 3, 1);
    const seen: number[] = [];
    await fitGbdt(x, y, { task: 'classification', maxIter: 5, onProgress: (p) => seen.push(p.iteration) });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    const controller = new AbortController();
    const cancelled = fitGbdt(x, y, {
      task: 'classification',
      onProgress: (p) => (p.iteration === 2 ? controller.abort() : undefined),
      signal: controller.signal,
    });
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    const diverging = fitGbdt(x, y, { task: 'regression', learningRate: 1e300, maxIter: 5 });
    await expect(diverging).rejects.toMatchObject({ reason: 'diverged' });
  });

  it('rejects one class, infinite values and bad options', async () => {
    const x = column([1, 2, 3]);
    await expect(fitGbdt(x, new Float32Array(3), { task: 'classification' })).rejects.toMatchObject({
      reason: 'one-class',
    });
    await expect(
      fitGbdt(column([1, Infinity, 3]), Float32Array.from([0, 1, 0]), { task: 'classification' }),
    ).rejects.toMatchObject({
      reason: 'infinite-values',
    });
    await expect(
      fitGbdt(x, Float32Array.from([0, 1, 0]), { task: 'classification', maxBins: 256 }),
    ).rejects.toMatchObject({
      reason: 'bad-option',
    });
  });
});
