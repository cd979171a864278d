import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendName, MlpSpec, TrainOutcome, TrainProgressEvent } from './api';
import { CalibrationHolder } from './calibrated';
import { cpuTfBackend, LOSS_CHECKPOINT_EVERY_EPOCHS, runMlp, type TfBackend } from './run-mlp';
import { job, synthetic } from './testing';

/*
 * A WebGPU device lost mid-fit (issue 18, reliability target 30): the fit moves to the next
 * backend and continues from its last checkpoint. The reference is the uninterrupted run with the
 * same seed on the same backend (tfjs cpu): from the checkpoint on, the continued fit's loss curve
 * must equal it to 1e-5, as a Resume does (mlp-checkpoint.test.ts).
 */

const SPEC: MlpSpec = {
  kind: 'mlp',
  task: 'binary',
  hidden: [8, 4],
  activation: 'tanh',
  dropout: 0.1,
  learningRate: 0.05,
  batchSize: 32,
  epochs: 12,
  patience: 0,
  l2: 0.001,
  seed: 7,
};

/** What the browser's Chromium 156 threw when the device was destroyed mid-fit (e2e/device-loss.spec.ts). */
const FAILED_READ =
  "Failed to execute 'mapAsync' on 'GPUBuffer': Buffer was unmapped before mapping was resolved.";

/**
 * A browser whose WebGPU device is lost once, after epoch `lostAfter`: it reports webgpu (training
 * on tfjs cpu), then whatever the fit moves to; `chosen` records the exclusions it was asked for.
 * `readFails`: as a real loss often does, the loss shows first as a read that throws, and `lost()`
 * turns true only 20 ms later (the device's `lost` promise settling).
 */
function losingBackend(
  lostAfter: number,
  { readFails = false }: { readonly readFails?: boolean } = {},
): TfBackend & {
  readonly chosen: (readonly BackendName[])[];
  onEpoch(epoch: number): void;
} {
  let lost = false;
  let lostOnce = false;
  let settling: Promise<void> | null = null;
  const chosen: (readonly BackendName[])[] = [];
  return {
    async choose(_choice, exclude) {
      chosen.push([...exclude]);
      await tf.setBackend('cpu');
      lost = false;
      settling = null;
      const backend: BackendName = exclude.includes('webgpu') ? 'wasm' : 'webgpu';
      return { backend, reason: `${backend}, as chosen.`, available: ['webgpu', 'wasm', 'cpu'] };
    },
    lost: () => lost,
    async lostWithin(ms) {
      if (settling !== null)
        await Promise.race([settling, new Promise((resolve) => setTimeout(resolve, ms))]);
      return lost;
    },
    onEpoch(epoch) {
      if (epoch !== lostAfter || lostOnce) return;
      lostOnce = true;
      if (!readFails) {
        lost = true;
        return;
      }
      settling = new Promise((resolve) => setTimeout(resolve, 20)).then(() => {
        lost = true;
      });
      throw new Error(FAILED_READ);
    },
    calibration: new CalibrationHolder(
      () => Promise.resolve({ key: 'fake', candidates: ['cpu'] }),
      () => Promise.resolve(true),
    ),
    chosen,
  };
}

interface Trained {
  readonly outcome: TrainOutcome;
  readonly events: TrainProgressEvent[];
}

async function train(
  backend: TfBackend & { onEpoch?(epoch: number): void },
  checkpoints?: { everyEpochs: number },
): Promise<Trained> {
  const events: TrainProgressEvent[] = [];
  const request = {
    ...job(SPEC, synthetic('binary', 300, 3)),
    spec: SPEC,
    backend: 'webgpu' as const,
    ...(checkpoints ? { checkpoints: { ...checkpoints, resume: null } } : {}),
  };
  const outcome = await runMlp(
    request,
    SPEC,
    (event) => {
      events.push(event);
      if (event.type === 'epoch') backend.onEpoch?.(event.epoch);
    },
    new AbortController().signal,
    backend,
  );
  return { outcome, events };
}

function epochs(
  events: readonly TrainProgressEvent[],
): { epoch: number; loss: number; validationLoss: number }[] {
  return events.flatMap((e) =>
    e.type === 'epoch' ? [{ epoch: e.epoch, loss: e.loss, validationLoss: e.validationLoss }] : [],
  );
}

function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(Math.abs(value - (expected[i] ?? NaN))).toBeLessThanOrEqual(1e-5));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('a WebGPU device lost mid-fit', () => {
  it('continues on wasm from the last checkpoint, on the uninterrupted curve (1e-5), and says so', async () => {
    const whole = await train(cpuTfBackend());
    const reference = epochs(whole.events);
    expect(LOSS_CHECKPOINT_EVERY_EPOCHS).toBe(5);

    // The caller journals no checkpoints here: the fit keeps its own on WebGPU.
    const losing = losingBackend(7);
    const { outcome, events } = await train(losing);
    if (outcome.type !== 'done' || whole.outcome.type !== 'done') throw new Error('training failed');
    expect(losing.chosen).toEqual([[], ['webgpu']]);
    // Epochs 1–7 on the lost device, then 6–12 again from the checkpoint of epoch 5.
    const seen = epochs(events);
    expect(seen.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 6, 7, 8, 9, 10, 11, 12]);
    const continued = seen.slice(7);
    expectClose(
      continued.map((e) => e.loss),
      reference.slice(5).map((e) => e.loss),
    );
    expectClose(
      continued.map((e) => e.validationLoss),
      reference.slice(5).map((e) => e.validationLoss),
    );
    expectClose(Array.from(outcome.scores), Array.from(whole.outcome.scores));
    expect(outcome.backend.backend).toBe('wasm');
    expect(outcome.backend.reason).toBe(
      'WebGPU device lost at epoch 8: continued on wasm from the checkpoint of epoch 5.',
    );
    // Its own checkpoints are not sent to a caller that asked for none.
    expect(events.some((e) => e.type === 'checkpoint')).toBe(false);
    expect(
      events.filter((e) => e.type === 'started').map((e) => e.type === 'started' && e.backend.backend),
    ).toEqual(['webgpu', 'wasm']);
  });

  it('continues from the journaled checkpoints when the caller keeps them, and sends them on', async () => {
    const whole = await train(cpuTfBackend(), { everyEpochs: 4 });
    const losing = losingBackend(10);
    const { outcome, events } = await train(losing, { everyEpochs: 4 });
    if (outcome.type !== 'done' || whole.outcome.type !== 'done') throw new Error('training failed');
    expect(outcome.backend.reason).toBe(
      'WebGPU device lost at epoch 11: continued on wasm from the checkpoint of epoch 8.',
    );
    const seen = epochs(events);
    expect(seen.map((e) => e.epoch).slice(10)).toEqual([9, 10, 11, 12]);
    expectClose(
      seen.slice(10).map((e) => e.loss),
      epochs(whole.events)
        .slice(8)
        .map((e) => e.loss),
    );
    expect(events.flatMap((e) => (e.type === 'checkpoint' ? [e.checkpoint.epoch] : []))).toEqual([4, 8]);
  });

  it('continues from the checkpoint when the loss shows first as a failed read, before the device says it is lost', async () => {
    const whole = await train(cpuTfBackend());
    const losing = losingBackend(7, { readFails: true });
    const { outcome, events } = await train(losing);
    if (outcome.type !== 'done' || whole.outcome.type !== 'done') {
      throw new Error(`training failed: ${outcome.type === 'failed' ? outcome.message : ''}`);
    }
    expect(losing.chosen).toEqual([[], ['webgpu']]);
    expect(outcome.backend.reason).toBe(
      'WebGPU device lost at epoch 8: continued on wasm from the checkpoint of epoch 5.',
    );
    const seen = epochs(events);
    expect(seen.map((e) => e.epoch).slice(7)).toEqual([6, 7, 8, 9, 10, 11, 12]);
    expectClose(Array.from(outcome.scores), Array.from(whole.outcome.scores));
  });

  it('a failed read on WebGPU with no loss behind it fails the run, once the loss had its time to settle', async () => {
    const failing: TfBackend = {
      ...losingBackend(99),
      lostWithin: (ms) => new Promise((resolve) => setTimeout(() => resolve(false), Math.min(ms, 20))),
    };
    const events: TrainProgressEvent[] = [];
    const outcome = await runMlp(
      { ...job(SPEC, synthetic('binary', 300, 3)), spec: SPEC, backend: 'webgpu' },
      SPEC,
      (event) => {
        events.push(event);
        if (event.type === 'epoch' && event.epoch === 3) throw new Error(FAILED_READ);
      },
      new AbortController().signal,
      failing,
    );
    expect(outcome).toMatchObject({
      type: 'failed',
      code: 'backend',
      message: expect.stringContaining('mapAsync'),
    });
  });

  it('starts over on wasm when the device is lost before the first checkpoint', async () => {
    const whole = await train(cpuTfBackend());
    const { outcome, events } = await train(losingBackend(3));
    if (outcome.type !== 'done' || whole.outcome.type !== 'done') throw new Error('training failed');
    expect(outcome.backend.reason).toBe(
      'WebGPU device lost at epoch 4: started again on wasm (no checkpoint yet).',
    );
    const seen = epochs(events);
    expect(seen.map((e) => e.epoch)).toEqual([1, 2, 3, ...Array.from({ length: 12 }, (_, i) => i + 1)]);
    expectClose(Array.from(outcome.scores), Array.from(whole.outcome.scores));
  });
});
