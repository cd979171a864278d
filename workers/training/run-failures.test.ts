import { describe, expect, it } from 'vitest';
import type { ModelSpec } from './api';
import { runTraining } from './run';
import { job, recorder, specFor, synthetic } from './testing';

const GBDT: ModelSpec = {
  kind: 'gbdt',
  task: 'binary',
  learningRate: 0.1,
  maxIter: 100,
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2: 0,
  earlyStopping: true,
  seed: 3,
};

describe('runTraining: failures and cancelling', () => {
  it('cancels a gbdt mid-fit: failed cancelled, no done', async () => {
    const controller = new AbortController();
    const { events, onEvent } = recorder();
    const last = await runTraining(
      job({ ...GBDT, maxIter: 1000, earlyStopping: false }, synthetic('binary', 2000)),
      (event) => {
        onEvent(event);
        if (event.type === 'progress' && event.iteration === 3) controller.abort();
      },
      controller.signal,
    );
    expect(last).toMatchObject({ type: 'failed', code: 'cancelled' });
    expect(events.filter((e) => e.type === 'progress')).toHaveLength(3);
  });

  it('cancels an mlp at the next batch', async () => {
    const controller = new AbortController();
    const spec: ModelSpec = {
      kind: 'mlp',
      task: 'binary',
      hidden: [4],
      activation: 'relu',
      dropout: 0,
      learningRate: 0.01,
      batchSize: 16,
      epochs: 50,
      patience: 0,
      l2: 0,
      seed: 1,
    };
    const last = await runTraining(
      job(spec, synthetic('binary')),
      (event) => {
        if (event.type === 'epoch' && event.epoch === 2) controller.abort();
      },
      controller.signal,
    );
    expect(last).toMatchObject({ type: 'failed', code: 'cancelled' });
  });

  it('cancels a synchronous fit that was aborted before it began', async () => {
    const controller = new AbortController();
    controller.abort();
    const last = await runTraining(
      job({ kind: 'linear', alpha: 1, seed: 0 }, synthetic('regression')),
      () => undefined,
      controller.signal,
    );
    expect(last).toMatchObject({ type: 'failed', code: 'cancelled' });
  });

  it.each(['baseline', 'tree', 'gbdt', 'mlp'] as const)('refuses a one-class target (%s)', async (kind) => {
    const data = synthetic('binary');
    const spec = specFor(kind, 'binary');
    const { events, onEvent } = recorder();
    const last = await runTraining(
      job(spec, { ...data, y: new Float32Array(data.y.length) }),
      onEvent,
      new AbortController().signal,
    );
    expect(last).toMatchObject({ type: 'failed', code: 'bad-input' });
    if (last.type === 'failed') expect(last.message).toMatch(/only one class .* a classifier needs both/);
    expect(events).toEqual([]);
  });

  it('passes a model error on as bad-input with its message', async () => {
    const last = await runTraining(
      job({ kind: 'tree', task: 'binary', maxDepth: 3, minSamplesLeaf: 0, seed: 0 }, synthetic('binary')),
      () => undefined,
      new AbortController().signal,
    );
    expect(last).toMatchObject({
      type: 'failed',
      code: 'bad-input',
      message: 'minSamplesLeaf must be an integer ≥ 1; got 0.',
    });
  });

  it('names the feature and row of a missing value, except for gbdt, which routes it', async () => {
    const data = synthetic('binary');
    const x = data.x.slice();
    x[6 * 4 + 1] = NaN;
    const logistic = await runTraining(
      job({ kind: 'logistic', C: 1, seed: 0 }, { ...data, x }),
      () => undefined,
      new AbortController().signal,
    );
    expect(logistic).toMatchObject({ type: 'failed', code: 'bad-input' });
    if (logistic.type === 'failed') expect(logistic.message).toMatch(/'charges', row 7/);
    const gbdt = await runTraining(job(GBDT, { ...data, x }), () => undefined, new AbortController().signal);
    expect(gbdt.type).toBe('done');
  });

  it('refuses feature names that do not match the columns', async () => {
    const data = synthetic('regression');
    const last = await runTraining(
      job({ kind: 'linear', alpha: 0, seed: 0 }, { ...data, featureNames: ['a'] }),
      () => undefined,
      new AbortController().signal,
    );
    expect(last).toMatchObject({
      type: 'failed',
      code: 'bad-input',
      message: 'There are 1 feature names for 4 columns.',
    });
  });
});

const MLP = specFor('mlp', 'binary');
const MLP_DROPOUT: ModelSpec = MLP.kind === 'mlp' ? { ...MLP, dropout: 0.3, epochs: 3 } : MLP;

describe('runTraining: seeds', () => {
  it.each([
    ['gbdt with early stopping', GBDT],
    ['mlp with dropout', MLP_DROPOUT],
  ] as const)('%s: the same seed gives identical scores', async (_, spec) => {
    const data = synthetic('binary');
    const run = async (seed: number): Promise<Float32Array> => {
      const last = await runTraining(
        job({ ...spec, seed }, data),
        () => undefined,
        new AbortController().signal,
      );
      if (last.type !== 'done') throw new Error(`expected done, got ${last.type}`);
      return last.scores;
    };
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});
