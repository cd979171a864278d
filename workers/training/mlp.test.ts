import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { predictMlp } from '../../src/ml/models';
import type { MlpSpec } from './api';
import { trainMlp, type MlpData, type MlpHooks } from './mlp';
import { mulberry32 } from '../../src/ml/models/prng';

const SPEC: MlpSpec = {
  kind: 'mlp',
  task: 'binary',
  hidden: [8],
  activation: 'relu',
  dropout: 0,
  learningRate: 0.05,
  batchSize: 64,
  epochs: 8,
  patience: 0,
  l2: 0,
  seed: 7,
};

/** Two Gaussian blobs in 4 dimensions, labels by blob; every 5th row is validation. */
function blobs(n: number, scale = 1): MlpData {
  const random = mulberry32(1);
  const columns = 4;
  const x = new Float32Array(n * columns);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    y[i] = label;
    for (let j = 0; j < columns; j++) x[i * columns + j] = scale * ((label ? 1 : -1) + (random() - 0.5) * 2);
  }
  const all = Int32Array.from({ length: n }, (_, i) => i);
  return {
    x,
    columns,
    y,
    train: all.filter((i) => i % 5 !== 0),
    validation: all.filter((i) => i % 5 === 0),
  };
}

const quiet = (overrides: Partial<MlpHooks> = {}): MlpHooks & { epochs: number[] } => {
  const epochs: number[] = [];
  return {
    runId: 'r',
    onEpoch: (e) => epochs.push(e.validationLoss),
    cancelled: () => false,
    epochs,
    ...overrides,
  };
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('trainMlp', () => {
  it('learns separable data, reports every epoch, and frees every tensor it made', async () => {
    const before = tf.memory().numTensors;
    const hooks = quiet();
    const result = await trainMlp(SPEC, blobs(600), hooks);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(hooks.epochs).toHaveLength(8);
    expect(hooks.epochs.at(-1)).toBeLessThan(0.1);
    const data = blobs(600);
    const correct = Array.from(result.scores).filter(
      (s, i) => (s > 0.5 ? 1 : 0) === data.y[data.validation[i] ?? 0],
    );
    expect(correct.length / result.scores.length).toBeGreaterThan(0.97);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the same model for the same seed and data', async () => {
    const a = await trainMlp({ ...SPEC, dropout: 0.2, epochs: 3 }, blobs(300), quiet());
    const b = await trainMlp({ ...SPEC, dropout: 0.2, epochs: 3 }, blobs(300), quiet());
    const c = await trainMlp({ ...SPEC, dropout: 0.2, epochs: 3, seed: 8 }, blobs(300), quiet());
    if (!a.ok || !b.ok || !c.ok) throw new Error('training failed');
    expect(a.artifact).toEqual(b.artifact);
    expect(a.artifact).not.toEqual(c.artifact);
  });

  it('predicts from the stored artifact exactly as the trained model scored', async () => {
    const data = blobs(300);
    const result = await trainMlp({ ...SPEC, hidden: [6, 3], activation: 'tanh', epochs: 2 }, data, quiet());
    if (!result.ok) throw new Error('training failed');
    const rows = new Float32Array(data.validation.length * data.columns);
    data.validation.forEach((row, i) => rows.set(data.x.subarray(row * 4, row * 4 + 4), i * 4));
    const scores = predictMlp(result.artifact, { data: rows, rows: data.validation.length, cols: 4 });
    Array.from(scores).forEach((s, i) => expect(s).toBeCloseTo(result.scores[i] ?? NaN, 5));
  });

  it('stops early on a holdout of the training rows and keeps its best epoch', async () => {
    // Labels that are pure noise: the holdout's loss rises as soon as the network memorises.
    const data = blobs(400);
    const random = mulberry32(5);
    const y = data.y.map(() => (random() < 0.5 ? 1 : 0));
    const hooks = quiet();
    const spec = { ...SPEC, hidden: [32], learningRate: 0.05, epochs: 60, patience: 2 };
    const result = await trainMlp(spec, { ...data, y }, hooks);
    if (!result.ok) throw new Error('training failed');
    expect(result.stoppedEarly).toBe(true);
    expect(hooks.epochs.length).toBeLessThan(60);
    expect(Math.min(...hooks.epochs)).toBe(hooks.epochs[result.bestEpoch - 1]);
    // 10% of the 320 training rows, stratified, seeded with the spec's seed.
    expect(result.artifact.holdout).toEqual({
      fraction: 0.1,
      seed: 7,
      stratified: true,
      trainRows: 320 - (result.artifact.holdout?.validationRows ?? NaN),
      validationRows: 32,
    });
  });

  it('with patience 0 holds nothing out and keeps the last epoch', async () => {
    const result = await trainMlp({ ...SPEC, epochs: 3 }, blobs(200), quiet());
    if (!result.ok) throw new Error('training failed');
    expect(result).toMatchObject({ stoppedEarly: false, bestEpoch: 3 });
    expect(result.artifact.holdout).toBeNull();
  });

  it('classifies k classes with a softmax output, as the stored artifact does', async () => {
    // Three blobs along the diagonal; labels 0, 1, 2.
    const random = mulberry32(4);
    const n = 600;
    const x = new Float32Array(n * 4);
    const y = Float32Array.from({ length: n }, (_, i) => i % 3);
    y.forEach((label, i) => {
      for (let j = 0; j < 4; j++) x[i * 4 + j] = 2 * (label - 1) + (random() - 0.5) * 2;
    });
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const data = {
      x,
      columns: 4,
      y,
      train: all.filter((i) => i % 5 !== 0),
      validation: all.filter((i) => i % 5 === 0),
      classes: 3,
    };
    const result = await trainMlp({ ...SPEC, epochs: 10 }, data, quiet());
    if (!result.ok) throw new Error('training failed');
    expect(result.artifact.layers.at(-1)?.units).toBe(3);
    expect(result.scores).toHaveLength(data.validation.length * 3);
    let correct = 0;
    data.validation.forEach((row, i) => {
      const p = Array.from(result.scores.subarray(i * 3, i * 3 + 3));
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      if (p.indexOf(Math.max(...p)) === y[row]) correct++;
    });
    expect(correct / data.validation.length).toBeGreaterThan(0.95);
    const rows = new Float32Array(data.validation.length * 4);
    data.validation.forEach((row, i) => rows.set(x.subarray(row * 4, row * 4 + 4), i * 4));
    const stored = predictMlp(result.artifact, { data: rows, rows: data.validation.length, cols: 4 });
    Array.from(stored).forEach((s, i) => expect(s).toBeCloseTo(result.scores[i] ?? NaN, 5));
    const bad = y.slice();
    bad[7] = 3;
    expect(await trainMlp(SPEC, { ...data, y: bad }, quiet())).toMatchObject({
      ok: false,
      code: 'bad-input',
    });
  });

  it('stops with "diverged" when the loss is no longer a number', async () => {
    const data = blobs(200, 1e30);
    const result = await trainMlp({ ...SPEC, task: 'regression', learningRate: 10 }, data, quiet());
    expect(result).toMatchObject({ ok: false, code: 'diverged' });
    if (!result.ok) expect(result.message).toMatch(/Lower the learning rate/);
  });

  it('stops at the next batch when cancelled, without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    let batches = 0;
    const result = await trainMlp(SPEC, blobs(600), quiet({ cancelled: () => ++batches >= 3 }));
    expect(result).toMatchObject({ ok: false, code: 'cancelled' });
    expect(batches).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
  });
});
