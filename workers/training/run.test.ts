import { describe, expect, it } from 'vitest';
import type { DoneEvent, ModelSpec, TrainProgressEvent, TrainTask } from './api';
import { runTraining } from './run';
import { job, recorder, rocAuc, rSquared, specFor, synthetic, validationTargets } from './testing';

async function trainDone(
  spec: ModelSpec,
  task: TrainTask,
): Promise<{ done: DoneEvent; events: TrainProgressEvent[] }> {
  const { events, onEvent } = recorder();
  const last = await runTraining(job(spec, synthetic(task)), onEvent, new AbortController().signal);
  if (last.type !== 'done') throw new Error(`expected done, got ${JSON.stringify(last)}`);
  return { done: last, events };
}

describe('runTraining: every kind learns', () => {
  it.each(['mlp', 'logistic', 'tree', 'gbdt'] as const)(
    '%s separates binary data (validation AUC > 0.9)',
    async (kind) => {
      const data = synthetic('binary');
      const { done } = await trainDone(specFor(kind, 'binary'), 'binary');
      expect(done.kind).toBe(kind);
      expect(done.scores).toHaveLength(data.validation.length);
      expect(done.trainScores).toHaveLength(data.train.length);
      expect(Array.from(done.scores).every((s) => s >= 0 && s <= 1)).toBe(true);
      expect(rocAuc(validationTargets(data), done.scores)).toBeGreaterThan(0.9);
    },
  );

  it.each(['mlp', 'linear', 'tree', 'gbdt'] as const)(
    '%s fits regression data (validation R² > 0.8)',
    async (kind) => {
      const data = synthetic('regression');
      const { done } = await trainDone(specFor(kind, 'regression'), 'regression');
      expect(rSquared(validationTargets(data), done.scores)).toBeGreaterThan(0.8);
    },
  );

  it('the baseline scores every row with the training positive rate (AUC 0.5)', async () => {
    const data = synthetic('binary');
    const { done } = await trainDone(specFor('baseline', 'binary'), 'binary');
    const rate = Array.from(data.train, (r) => data.y[r] ?? 0).reduce((a, b) => a + b, 0) / data.train.length;
    expect(new Set(done.scores).size).toBe(1);
    expect(done.scores[0]).toBeCloseTo(rate, 6);
    expect(rocAuc(validationTargets(data), done.scores)).toBe(0.5);
  });

  it('says TypeScript models run on the CPU in the worker', async () => {
    const { events } = await trainDone(specFor('tree', 'binary'), 'binary');
    expect(events[0]).toMatchObject({ type: 'started', backend: { backend: 'cpu' } });
    if (events[0]?.type === 'started') expect(events[0].backend.reason).toMatch(/TypeScript model/);
  });
});

describe('runTraining: what done carries besides scores', () => {
  it('names the coefficients of logistic and linear models after the features', async () => {
    const { done } = await trainDone(specFor('logistic', 'binary'), 'binary');
    if (done.kind !== 'logistic') throw new Error('expected a logistic model');
    expect(done.coefficients.map((c) => c.feature)).toEqual([
      'tenure',
      'charges',
      'Contract=Monthly',
      'noise',
    ]);
    expect(done.coefficients[0]?.value).toBeGreaterThan(done.coefficients[1]?.value ?? Infinity);
    const linear = await trainDone(specFor('linear', 'regression'), 'regression');
    if (linear.done.kind !== 'linear') throw new Error('expected a linear model');
    expect(linear.done.coefficients[0]?.value).toBeCloseTo(2, 1);
    expect(linear.done.coefficients[1]?.value).toBeCloseTo(-1, 1);
  });

  it('gives the rules of a tree, in feature names', async () => {
    const { done } = await trainDone(specFor('tree', 'binary'), 'binary');
    if (done.kind !== 'tree') throw new Error('expected a tree');
    expect(done.treeRules.length).toBeGreaterThan(1);
    expect(done.treeRules[0]).toMatch(/tenure .* → rate \d\.\d\d \(n=\d+\)/);
  });

  it('counts the boosting rounds a gbdt kept', async () => {
    const { done } = await trainDone(specFor('gbdt', 'binary'), 'binary');
    if (done.kind !== 'gbdt') throw new Error('expected a gbdt');
    expect(done.iterations).toBe(50);
    expect(done.artifact.trees).toHaveLength(50);
  });
});

describe('runTraining: events', () => {
  it.each(['logistic', 'gbdt'] as const)(
    '%s reports started → progress…, then returns done',
    async (kind) => {
      const started = performance.now();
      const { events, done } = await trainDone(specFor(kind, 'binary'), 'binary');
      const wallMs = performance.now() - started;
      const types = events.map((e) => e.type);
      expect(types[0]).toBe('started');
      const progress = events.flatMap((e) => (e.type === 'progress' ? [e] : []));
      expect(progress.length).toBe(events.length - 1);
      expect(progress.length).toBeGreaterThan(kind === 'gbdt' ? 49 : 2);
      expect(progress.map((p) => p.iteration)).toEqual(progress.map((_, i) => i + 1));
      expect(progress.every((p, i) => i === 0 || p.elapsedMs >= (progress[i - 1]?.elapsedMs ?? 0))).toBe(
        true,
      );
      expect(progress.every((p) => Number.isFinite(p.loss))).toBe(true);
      // The fit's own time: at least its last progress event's, and less than the whole call.
      expect(done.fitMs).toBeGreaterThanOrEqual(progress.at(-1)?.elapsedMs ?? Infinity);
      expect(done.fitMs).toBeLessThan(wallMs);
    },
  );

  it('mlp reports started → epoch…, then returns done, its fit the sum of its epochs', async () => {
    const { events, done } = await trainDone(specFor('mlp', 'binary'), 'binary');
    expect(events.map((e) => e.type)).toEqual(['started', ...Array<string>(30).fill('epoch')]);
    const epochs = events.reduce((sum, e) => sum + (e.type === 'epoch' ? e.epochMs : 0), 0);
    expect(done.fitMs).toBeCloseTo(epochs, 9);
  });
});
