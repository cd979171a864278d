import { describe, expect, it } from 'vitest';
import { modelToJson } from '../../src/ml/models';
import type { DoneEvent, GbdtSpec, MlpSpec } from './api';
import { runTraining } from './run';
import { job, recorder, specFor, synthetic, type TrainJobData } from './testing';
import type { TrainJob } from './job';

/**
 * Model selection (early stopping, a best epoch) must never read the rows a run reports its
 * metrics on (issue 19, item 4). Each test trains twice: once as is, once with every validation
 * label flipped or scrambled. Anything chosen on the validation rows would change; the model
 * chosen on an inner split of the training rows cannot.
 */
function poisoned(data: TrainJobData): TrainJobData {
  const y = data.y.slice();
  for (const row of data.validation) y[row] = 1 - (y[row] ?? 0);
  return { ...data, y };
}

function gbdtStoppingEarly(): GbdtSpec {
  const base = specFor('gbdt', 'binary');
  if (base.kind !== 'gbdt') throw new Error('expected a gbdt spec');
  return { ...base, maxIter: 400, earlyStopping: true };
}

function mlp(patience: number): MlpSpec {
  const base = specFor('mlp', 'binary');
  if (base.kind !== 'mlp') throw new Error('expected an mlp spec');
  return { ...base, hidden: [16], learningRate: 0.05, epochs: 40, patience };
}

async function done(req: TrainJob): Promise<DoneEvent> {
  const { onEvent } = recorder();
  const last = await runTraining(req, onEvent, new AbortController().signal);
  if (last.type !== 'done') throw new Error(`expected done, got ${JSON.stringify(last)}`);
  return last;
}

describe('model selection never reads the validation rows', () => {
  it('gbdt early stopping: same trees and the same holdout with poisoned validation labels', async () => {
    const data = synthetic('binary', 1500, 3);
    const spec = gbdtStoppingEarly();
    const clean = await done(job(spec, data));
    const dirty = await done(job(spec, poisoned(data)));
    if (clean.kind !== 'gbdt' || dirty.kind !== 'gbdt') throw new Error('expected gbdt');
    // Early stopping did choose: fewer trees than allowed, so the test can see a choice change.
    expect(clean.iterations).toBeLessThan(400);
    expect(modelToJson(dirty.artifact)).toBe(modelToJson(clean.artifact));
    expect(Array.from(dirty.scores)).toEqual(Array.from(clean.scores));
    // The run states the inner split it stopped on: 10% of the training rows, seeded.
    const holdout = clean.artifact.holdout;
    expect(holdout).toMatchObject({ fraction: 0.1, seed: spec.seed, stratified: true, nIterNoChange: 10 });
    expect((holdout?.trainRows ?? 0) + (holdout?.validationRows ?? 0)).toBe(data.train.length);
    expect(Math.abs((holdout?.validationRows ?? 0) - 0.1 * data.train.length)).toBeLessThanOrEqual(1);
  });

  it('control: flipping training labels does change the stopping point', async () => {
    const data = synthetic('binary', 1500, 3);
    const spec = gbdtStoppingEarly();
    const clean = await done(job(spec, data));
    const y = data.y.slice();
    data.train.forEach((row, k) => {
      if (k % 4 === 0) y[row] = 1 - (y[row] ?? 0);
    });
    const noisy = await done(job(spec, { ...data, y }));
    if (clean.kind !== 'gbdt' || noisy.kind !== 'gbdt') throw new Error('expected gbdt');
    expect(modelToJson(noisy.artifact)).not.toBe(modelToJson(clean.artifact));
  });

  it('mlp early stopping: same epoch and weights with poisoned validation labels', async () => {
    // Noisy labels, so that the holdout's loss turns and early stopping has a choice to make.
    const data = synthetic('binary', 800, 4);
    const y = data.y.slice();
    data.train.forEach((row, k) => {
      if (k % 5 === 0) y[row] = 1 - (y[row] ?? 0);
    });
    const noisy = { ...data, y };
    const clean = await done(job(mlp(3), noisy));
    const dirty = await done(job(mlp(3), poisoned(noisy)));
    if (clean.kind !== 'mlp' || dirty.kind !== 'mlp') throw new Error('expected mlp');
    expect(clean.stoppedEarly).toBe(true);
    expect(dirty.bestEpoch).toBe(clean.bestEpoch);
    expect(dirty.artifact).toEqual(clean.artifact);
    expect(Array.from(dirty.scores)).toEqual(Array.from(clean.scores));
    expect(clean.artifact.holdout).toMatchObject({ fraction: 0.1, seed: 7, stratified: true });
  });

  it('mlp with patience 0: the last epoch, whatever the validation labels', async () => {
    const data = synthetic('binary', 400, 4);
    const clean = await done(job(mlp(0), data));
    const dirty = await done(job(mlp(0), poisoned(data)));
    if (clean.kind !== 'mlp' || dirty.kind !== 'mlp') throw new Error('expected mlp');
    expect(clean).toMatchObject({ stoppedEarly: false, bestEpoch: 40 });
    expect(dirty.artifact).toEqual(clean.artifact);
    expect(clean.artifact.holdout).toBeNull();
  });
});
