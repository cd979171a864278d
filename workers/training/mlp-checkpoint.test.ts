import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gbdtMulticlassData } from '../../src/ml/models/testing';
import type { MlpCheckpoint, MlpSpec, TrainProgressEvent } from './api';
import { trainMlp, type MlpData, type MlpHooks } from './mlp';
import { runTraining } from './run';
import { job, synthetic, type TrainJobData } from './testing';

/** A job's data as trainMlp takes it: the class count, not the class names. */
function mlpData(data: TrainJobData): MlpData {
  const { classes, ...rest } = data;
  return classes ? { ...rest, classes: classes.length } : rest;
}

/*
 * Checkpoints and Resume (issue 18): a run resumed from the checkpoint of epoch k must train
 * exactly as the uninterrupted run with the same seed did from epoch k + 1 on, to 1e-5 on the
 * loss curve. The reference is the uninterrupted run itself, on the same backend (tfjs cpu).
 */

const SPEC: MlpSpec = {
  kind: 'mlp',
  task: 'binary',
  hidden: [8, 4],
  activation: 'tanh',
  dropout: 0,
  learningRate: 0.05,
  batchSize: 32,
  epochs: 12,
  patience: 0,
  l2: 0.001,
  seed: 11,
};

interface Recorded {
  readonly losses: { epoch: number; loss: number; validationLoss: number }[];
  readonly saved: { checkpoint: MlpCheckpoint; reason: 'periodic' | 'best' }[];
}

function recorder(everyEpochs: number, resume: MlpCheckpoint | null): MlpHooks & Recorded {
  const losses: Recorded['losses'] = [];
  const saved: Recorded['saved'] = [];
  return {
    runId: 'r',
    onEpoch: (e) => losses.push({ epoch: e.epoch, loss: e.loss, validationLoss: e.validationLoss }),
    cancelled: () => false,
    checkpoints: {
      everyEpochs,
      resume,
      // As stored: a structured clone, as IndexedDB and postMessage make.
      onCheckpoint: (checkpoint, reason) => saved.push({ checkpoint: structuredClone(checkpoint), reason }),
    },
    losses,
    saved,
  };
}

function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(Math.abs(value - (expected[i] ?? NaN))).toBeLessThanOrEqual(tolerance));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('MLP checkpoints', () => {
  it('checkpoints every N epochs, and a run resumed from epoch 4 equals the uninterrupted run to 1e-5', async () => {
    const data = mlpData(synthetic('binary', 300, 5));
    const before = tf.memory().numTensors;
    const whole = recorder(4, null);
    const uninterrupted = await trainMlp(SPEC, data, whole);
    expect(whole.saved.map((c) => [c.checkpoint.epoch, c.reason])).toEqual([
      [4, 'periodic'],
      [8, 'periodic'],
    ]);
    const at4 = whole.saved[0]?.checkpoint;
    if (!at4 || !uninterrupted.ok) throw new Error('no checkpoint, or training failed');
    // Adam's state travels with the weights (one flat vector): its step count (4 epochs × 8
    // batches) and the two moments.
    expect(at4.optimizer[0]).toMatchObject({ name: 'iter', values: Float32Array.from([32]) });
    expect(at4.weights).toHaveLength(1);
    expect(at4.optimizer.map((t) => t.values.length)).toEqual([
      1,
      ...Array(2).fill(at4.weights[0]?.values.length),
    ]);
    expect(at4.curve.map((p) => p.step)).toEqual([1, 2, 3, 4]);

    const resumed = recorder(4, at4);
    const result = await trainMlp(SPEC, data, resumed);
    if (!result.ok) throw new Error('resumed training failed');
    expect(resumed.losses.map((l) => l.epoch)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    const after4 = whole.losses.slice(4);
    expectClose(
      resumed.losses.map((l) => l.loss),
      after4.map((l) => l.loss),
      1e-5,
    );
    expectClose(
      resumed.losses.map((l) => l.validationLoss),
      after4.map((l) => l.validationLoss),
      1e-5,
    );
    expect(result.bestEpoch).toBe(uninterrupted.bestEpoch);
    expectClose(Array.from(result.scores), Array.from(uninterrupted.scores), 1e-5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('needs the optimizer state: resumed without Adam’s moments, the loss curve leaves the uninterrupted one', async () => {
    const data = mlpData(synthetic('binary', 300, 5));
    const whole = recorder(4, null);
    await trainMlp(SPEC, data, whole);
    const at4 = whole.saved[0]?.checkpoint;
    if (!at4) throw new Error('no checkpoint');
    const withoutMoments = recorder(0, { ...at4, optimizer: [] });
    await trainMlp(SPEC, data, withoutMoments);
    const gap = Math.max(
      ...withoutMoments.losses.map((l, i) => Math.abs(l.loss - (whole.losses[i + 4]?.loss ?? NaN))),
    );
    expect(gap).toBeGreaterThan(1e-3);
  });

  it('keeps early stopping across a resume: the best epoch and its weights come with the checkpoint', async () => {
    const spec = { ...SPEC, learningRate: 0.5, epochs: 30, patience: 3 };
    const data = mlpData(synthetic('binary', 200, 2));
    const whole = recorder(2, null);
    const uninterrupted = await trainMlp(spec, data, whole);
    if (!uninterrupted.ok) throw new Error('training failed');
    const last = whole.saved.at(-1)?.checkpoint;
    if (!last) throw new Error('no checkpoint');
    const result = await trainMlp(spec, data, recorder(2, last));
    if (!result.ok) throw new Error('resumed training failed');
    expect([result.stoppedEarly, result.bestEpoch]).toEqual([
      uninterrupted.stoppedEarly,
      uninterrupted.bestEpoch,
    ]);
    expectClose(Array.from(result.scores), Array.from(uninterrupted.scores), 1e-5);
  });

  it('a diverged run hands over its best epoch’s weights, all finite', async () => {
    // Learning rate 3e17 on full batches: epoch 1 is finite, epoch 2 overflows (measured, tfjs 4.22 cpu).
    const spec: MlpSpec = {
      ...SPEC,
      task: 'regression',
      hidden: [16],
      learningRate: 3e17,
      batchSize: 400,
      epochs: 30,
      l2: 0,
      seed: 3,
    };
    const before = tf.memory().numTensors;
    const hooks = recorder(0, null);
    const result = await trainMlp(spec, mlpData(synthetic('regression', 400)), hooks);
    expect(result).toMatchObject({ ok: false, code: 'diverged' });
    expect(hooks.losses.map((l) => l.epoch)).toEqual([1]);
    const best = hooks.saved.at(-1);
    expect(best?.reason).toBe('best');
    expect(best?.checkpoint.epoch).toBe(1);
    // The flat parameter vector of a 4 → 16 → 1 network: 4·16 + 16 + 16 + 1.
    expect(best?.checkpoint.weights.map((w) => w.values.length)).toEqual([97]);
    for (const weight of best?.checkpoint.weights ?? [])
      expect(weight.values.every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resumes a softmax network with dropout and early stopping on its holdout exactly', async () => {
    const { x, y } = gbdtMulticlassData(300, 5, 3, 9);
    const all = Int32Array.from({ length: 300 }, (_, i) => i);
    const data: MlpData = {
      x: x.data.map((v) => (Number.isNaN(v) ? 0 : v)),
      columns: 5,
      y,
      train: all.slice(0, 240),
      validation: all.slice(240),
      classes: 3,
    };
    const spec: MlpSpec = { ...SPEC, dropout: 0.2, epochs: 10, patience: 4 };
    const whole = recorder(3, null);
    const uninterrupted = await trainMlp(spec, data, whole);
    const at3 = whole.saved[0]?.checkpoint;
    if (!at3 || !uninterrupted.ok) throw new Error('no checkpoint, or training failed');
    expect(uninterrupted.artifact.holdout).toMatchObject({ stratified: true, trainRows: 216 });
    const resumed = recorder(3, at3);
    const result = await trainMlp(spec, data, resumed);
    if (!result.ok) throw new Error('resumed training failed');
    expectClose(
      resumed.losses.map((l) => l.loss),
      whole.losses.slice(3).map((l) => l.loss),
      1e-5,
    );
    expect([result.stoppedEarly, result.bestEpoch]).toEqual([
      uninterrupted.stoppedEarly,
      uninterrupted.bestEpoch,
    ]);
    expectClose(Array.from(result.scores), Array.from(uninterrupted.scores), 1e-5);
  });

  it('refuses a checkpoint that does not fit the network, with a message', async () => {
    const data = mlpData(synthetic('binary', 200, 4));
    const whole = recorder(2, null);
    await trainMlp({ ...SPEC, epochs: 4 }, data, whole);
    const at2 = whole.saved[0]?.checkpoint;
    if (!at2) throw new Error('no checkpoint');
    const result = await trainMlp({ ...SPEC, hidden: [3], epochs: 4 }, data, recorder(2, at2));
    expect(result).toMatchObject({
      ok: false,
      code: 'bad-input',
      message: expect.stringMatching(/does not fit/),
    });
  });

  it('comes out of the worker as checkpoint events, only when asked for', async () => {
    const data = synthetic('binary', 200, 4);
    const events: TrainProgressEvent[] = [];
    const spec = { ...SPEC, epochs: 6 };
    await runTraining(
      { ...job(spec, data), checkpoints: { everyEpochs: 2, resume: null } },
      (e) => events.push(e),
      new AbortController().signal,
    );
    expect(
      events.filter((e) => e.type === 'checkpoint').map((e) => e.type === 'checkpoint' && e.checkpoint.epoch),
    ).toEqual([2, 4]);
    const plain: TrainProgressEvent[] = [];
    await runTraining(
      job(spec, synthetic('binary', 200, 4)),
      (e) => plain.push(e),
      new AbortController().signal,
    );
    expect(plain.some((e) => e.type === 'checkpoint')).toBe(false);
  });
});
