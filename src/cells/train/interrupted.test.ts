import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../data/testing/node-engine';
import { rejection } from '../../data/testing/import-harness';
import type { SqlEngine } from '../../data/engine';
import { mulberry32 } from '../../ml/models/prng';
import type { MlpSpec } from '../../notebook/model-types';
import { asRunId } from '../../notebook/ids';
import { interruptedBundle } from '../../notebook/interrupted';
import type { InterruptedBatch, LiveBatch, RunCheckpoint } from '../../notebook/runs';
import type { TrainConfig } from '../../notebook/train-types';
import { briefOf, cellOf, inProcessTraining, memoryRuns, testContext, type MemoryRuns } from '../testing';
import type { TrainingPort } from '../types';
import { CHECKPOINT_EVERY_EPOCHS } from './live';
import type { TrainResult } from './result';
import { runTrain } from './run';

/*
 * Issue 18, training interrupted: a crash leaves the batch as interrupted (its finished runs,
 * the network in training with its curve and checkpoint); Resume continues it to what an
 * uninterrupted run gives (to 1e-5 on the loss curve, the uninterrupted run as the reference);
 * Cancel keeps what finished.
 */

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  const random = mulberry32(9);
  const rows: string[] = [];
  for (let i = 1; i <= 240; i++) {
    const [x0, x1] = [random() * 2 - 1, random() * 2 - 1];
    const y = Number(x0 - 0.5 * x1 + 0.3 * (random() - 0.5) > 0);
    rows.push(`(${i}, '${i % 4 === 0 ? 'validation' : 'train'}', ${y}, ${Number(x0 > 0)}.0, ${x0}, ${x1})`);
  }
  await engine.exec(
    `CREATE TABLE feats AS SELECT * FROM (VALUES ${rows.join(', ')}) AS t(__row_id, __split, __target, __baseline, x0, x1)`,
  );
});

const BRIEF = briefOf({ input: 'source', target: 'y', baseline: { kind: 'rule', sql: 'x0 > 0' } });
const MLP: MlpSpec = {
  kind: 'mlp',
  task: 'binary',
  hidden: [6],
  activation: 'tanh',
  dropout: 0,
  learningRate: 0.05,
  batchSize: 32,
  epochs: 12,
  patience: 0,
  l2: 0,
  seed: 4,
};
const CONFIG: TrainConfig = {
  input: 'feats',
  output: 'preds',
  models: [{ kind: 'logistic', C: 1, seed: 1 }, MLP],
  backend: 'cpu',
  folds: null,
  search: null,
};

async function train(runs: MemoryRuns, training: TrainingPort = inProcessTraining(), signal?: AbortSignal) {
  const ctx = testContext(engine, BRIEF, { training, runs, ...(signal ? { signal } : {}) });
  const output: TrainResult = await runTrain(ctx, cellOf('train', CONFIG));
  return output;
}

/** Trains, and keeps what a crash at the first checkpoint of the network would have left. */
async function crashAtFirstCheckpoint(): Promise<InterruptedBatch> {
  const runs = memoryRuns();
  let left: InterruptedBatch | null = null;
  runs.journaled.onCheckpoint = () => (left ??= runs.crash());
  await train(runs);
  if (!left) throw new Error('no checkpoint was kept');
  return left;
}

describe('a train cell interrupted by a crash', () => {
  it('leaves its finished runs, and the network as interrupted with its curve and checkpoint', async () => {
    const left = await crashAtFirstCheckpoint();
    expect(left.bundle.runs.map((r) => [r.role, r.status])).toEqual([
      ['baseline', 'done'],
      ['rule', 'done'],
      ['model', 'done'],
      ['model', 'interrupted'],
    ]);
    expect(left.run.curve.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    expect(left.run.message).toMatch(/Resume continues from the checkpoint of epoch 5/);
    expect(left.checkpoint?.checkpoint.epoch).toBe(CHECKPOINT_EVERY_EPOCHS);
    expect(left.bundle.artifacts.at(-1)).toMatchObject({ model: null, scores: null });
  });

  it('takes the curve so far from the checkpoint when the throttled progress write lags behind it', async () => {
    const runs = memoryRuns();
    const taken: { live: LiveBatch; checkpoint: RunCheckpoint }[] = [];
    runs.journaled.onCheckpoint = (checkpoint) => {
      const live = runs.journaled.live;
      if (live?.current?.id === checkpoint.runId) taken.push({ live: structuredClone(live), checkpoint });
    };
    await train(runs);
    const first = taken[0];
    if (!first) throw new Error('no checkpoint was kept');
    const { live, checkpoint } = first;
    if (live.current === null) throw new Error('no run in training');
    // The progress write had not caught up: the live record still has no curve.
    const lagging: LiveBatch = { ...live, current: { ...live.current, curve: [] } };
    const run = interruptedBundle(lagging, checkpoint)?.runs.at(-1);
    expect(run?.curve.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    expect(run?.message).toMatch(/^Interrupted after step 5: .*checkpoint of epoch 5/);
    // Another run's checkpoint says nothing of this run's curve.
    const other = interruptedBundle(lagging, { ...checkpoint, runId: asRunId('another-run') })?.runs.at(-1);
    expect(other?.curve).toEqual([]);
  });

  it('shows the interrupted batch without training when the cell runs again (not Resume)', async () => {
    const left = await crashAtFirstCheckpoint();
    const training = inProcessTraining();
    const result = await train(memoryRuns({ interrupted: left }), training);
    expect(training.requests).toHaveLength(0);
    expect(result.storage).toMatchObject({ state: 'interrupted', batchId: left.bundle.batch.id });
    expect(result.runs.map((r) => r.status)).toEqual(['done', 'done', 'done', 'interrupted']);
  });

  it('Resume reuses the finished runs and continues the network to the uninterrupted curve (1e-5)', async () => {
    const reference = await train(memoryRuns());
    const referenceMlp = reference.runs.at(-1);
    const left = await crashAtFirstCheckpoint();
    const runs = memoryRuns({ interrupted: left, resume: true });
    const training = inProcessTraining();
    const result = await train(runs, training);

    // Only the network trained again, from epoch 6 on.
    expect(training.requests.map((r) => [r.spec.kind, r.checkpoints?.resume?.epoch])).toEqual([['mlp', 5]]);
    expect(result.runs.map((r) => r.id)).toEqual(left.bundle.runs.map((r) => r.id));
    expect(result.runs.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
    const mlp = result.runs.at(-1);
    expect(mlp?.curve.map((p) => p.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    mlp?.curve.forEach((point, i) => {
      const expected = referenceMlp?.curve[i];
      expect(Math.abs(point.loss - (expected?.loss ?? NaN))).toBeLessThanOrEqual(1e-5);
      expect(Math.abs((point.validationLoss ?? NaN) - (expected?.validationLoss ?? NaN))).toBeLessThanOrEqual(
        1e-5,
      );
    });
    expect(mlp?.metrics.roc_auc).toBeCloseTo(referenceMlp?.metrics.roc_auc ?? NaN, 5);
    // Saved under the interrupted batch's id, replacing it.
    expect(runs.saved.map((b) => b.batch.id)).toEqual([left.bundle.batch.id]);
    expect(runs.replaced).toEqual([true]);
    expect(runs.journaled.closed).toEqual(['saved']);
  });
});

describe('a resumed train cell interrupted again', () => {
  it('journals the resumed fit like a first one: a crash leaves a checkpoint later than the one it resumed from', async () => {
    const reference = await train(memoryRuns());
    const left = await crashAtFirstCheckpoint();
    const from = left.checkpoint?.checkpoint.epoch ?? NaN;
    const runs = memoryRuns({ interrupted: left, resume: true });
    const writes: number[] = [];
    let again: InterruptedBatch | null = null;
    runs.journaled.onCheckpoint = (checkpoint) => {
      writes.push(checkpoint.checkpoint.epoch);
      if (checkpoint.checkpoint.epoch > from) again ??= runs.crash();
    };
    await train(runs);
    if (!again) throw new Error('the resumed fit kept no checkpoint');
    const crashed: InterruptedBatch = again;

    // Same batch and run, further on: its periodic checkpoints after the one it resumed from.
    expect(writes[0]).toBe(from + CHECKPOINT_EVERY_EPOCHS);
    expect(crashed.bundle.batch.id).toBe(left.bundle.batch.id);
    expect(crashed.run.id).toBe(left.run.id);
    expect(crashed.checkpoint?.reason).toBe('periodic');
    expect(crashed.checkpoint?.checkpoint.epoch).toBe(from + CHECKPOINT_EVERY_EPOCHS);
    expect(crashed.run.curve.map((p) => p.step)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(crashed.run.message).toMatch(/checkpoint of epoch 10/);
    expect(crashed.bundle.runs.map((r) => r.status)).toEqual(['done', 'done', 'done', 'interrupted']);

    // Resumed from that later checkpoint, it still ends on the uninterrupted curve.
    const training = inProcessTraining();
    const result = await train(memoryRuns({ interrupted: crashed, resume: true }), training);
    expect(training.requests.map((r) => r.checkpoints?.resume?.epoch)).toEqual([10]);
    const mlp = result.runs.at(-1);
    const referenceMlp = reference.runs.at(-1);
    expect(mlp?.curve).toHaveLength(12);
    mlp?.curve.forEach((point, i) => {
      expect(Math.abs(point.loss - (referenceMlp?.curve[i]?.loss ?? NaN))).toBeLessThanOrEqual(1e-5);
    });
  });
});

describe('a train cell cancelled part-way', () => {
  it('keeps the runs that finished and the cancelled network with its curve so far', async () => {
    const controller = new AbortController();
    const inner = inProcessTraining();
    const training: TrainingPort = {
      backends: () => inner.backends(),
      load: (dataset) => inner.load(dataset),
      release: (datasetId) => inner.release(datasetId),
      cancel: (runId) => inner.cancel(runId),
      train: (request, onEvent) =>
        inner.train(request, (event) => {
          onEvent(event);
          if (event.type === 'epoch' && event.epoch === 3) controller.abort();
        }),
    };
    const runs = memoryRuns();
    const error = await rejection(train(runs, training, controller.signal));
    expect(error.code).toBe('cancelled');
    expect(error.message).toMatch(/the 3 runs that finished before are kept, with the cancelled one/);
    const [kept] = runs.saved;
    expect(kept?.runs.map((r) => [r.role, r.status])).toEqual([
      ['baseline', 'done'],
      ['rule', 'done'],
      ['model', 'done'],
      ['model', 'cancelled'],
    ]);
    expect(kept?.runs.at(-1)?.curve.length).toBeGreaterThanOrEqual(3);
    expect(kept?.runs.at(-1)?.message).toMatch(/^Cancelled after step \d+/);
    expect(kept?.batch.best).toBe(kept?.runs[2]?.id);
    expect(runs.journaled.closed).toEqual(['saved']);
  });
});

describe('a diverged network', () => {
  it('hands its best checkpoint to the journal, which keeps it with the failed run', async () => {
    const inner = inProcessTraining();
    const best = {
      epoch: 2,
      loss: 0.4,
      weights: [],
      optimizer: [],
      curve: [],
      best: { epoch: 2, loss: 0.4, weights: [] },
    };
    const training: TrainingPort = {
      backends: () => inner.backends(),
      load: (dataset) => inner.load(dataset),
      release: (datasetId) => inner.release(datasetId),
      cancel: (runId) => inner.cancel(runId),
      train: (request, onEvent) => {
        if (request.spec.kind !== 'mlp') return inner.train(request, onEvent);
        onEvent({ type: 'checkpoint', runId: request.runId, reason: 'best', checkpoint: best });
        const failed = {
          type: 'failed',
          runId: request.runId,
          code: 'diverged',
          message: 'The loss stopped being a number.',
        } as const;
        return Promise.resolve(failed);
      },
    };
    const runs = memoryRuns();
    const result = await train(runs, training);
    const mlp = result.runs.at(-1);
    expect(mlp?.status).toBe('failed');
    expect(runs.journaled.checkpoints.get(mlp?.id ?? '')).toMatchObject({
      reason: 'best',
      checkpoint: { epoch: 2 },
    });
  });
});
