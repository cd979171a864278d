import { describe, expect, it } from 'vitest';
import { fitMulticlassLogistic, predictProba } from '../../src/ml/models';
import type { DoneEvent, ModelSpec } from './api';
import { runTraining } from './run';
import { takeRows } from './run-models';
import { job, recorder, specFor, synthetic } from './testing';

// Reference: the models of src/ml/models, each checked against scikit-learn 1.2.1 on 3 and 7
// classes in src/ml/models/multiclass.test.ts and gbdt-multiclass.test.ts. Here: that the worker
// routes a dataset with classes to them, and sends back k probabilities per validation row.
const DATA = synthetic('multiclass', 400, 3);
const K = 3;

async function trained(spec: ModelSpec): Promise<DoneEvent> {
  const last = await runTraining(job(spec, DATA), recorder().onEvent, new AbortController().signal);
  if (last.type !== 'done') throw new Error(`expected done, got ${JSON.stringify(last)}`);
  return last;
}

function accuracy(scores: Float32Array, rows: Int32Array): number {
  let right = 0;
  rows.forEach((row, i) => {
    const p = Array.from(scores.subarray(i * K, (i + 1) * K));
    if (p.indexOf(Math.max(...p)) === DATA.y[row]) right++;
  });
  return right / rows.length;
}

describe('runTraining on 3 classes', () => {
  it.each(['baseline', 'logistic', 'tree', 'gbdt', 'mlp'] as const)(
    '%s: k probabilities per row',
    async (kind) => {
      const spec = kind === 'logistic' ? specFor(kind, 'binary') : specFor(kind, 'multiclass');
      const done = await trained(spec);
      expect(done.scores).toHaveLength(DATA.validation.length * K);
      expect(done.trainScores).toHaveLength(DATA.train.length * K);
      for (let i = 0; i < DATA.validation.length; i++) {
        const sum = done.scores[i * K]! + done.scores[i * K + 1]! + done.scores[i * K + 2]!;
        expect(sum).toBeCloseTo(1, 5);
      }
      // The classes are bands of x0 + 0.5·x1: every model but the baseline finds them.
      if (kind !== 'baseline') expect(accuracy(done.scores, DATA.validation)).toBeGreaterThan(0.75);
      if (done.kind !== 'mlp')
        expect('classes' in done.artifact && done.artifact.classes).toEqual(['low', 'mid', 'high']);
    },
  );

  it('gives exactly what the softmax logistic regression gives on the same rows', async () => {
    const done = await trained(specFor('logistic', 'binary'));
    const train = takeRows(job(specFor('logistic', 'binary'), DATA), DATA.train);
    const model = await fitMulticlassLogistic(train.x, train.y, { seed: 7, classes: DATA.classes ?? [] });
    const validation = takeRows(job(specFor('logistic', 'binary'), DATA), DATA.validation);
    expect(Array.from(done.scores)).toEqual(
      Array.from(Float32Array.from(predictProba(model, validation.x).data)),
    );
  });

  it('names a label outside the classes, one training class, and a spec for another task', async () => {
    const bad = Float32Array.from(DATA.y);
    bad[DATA.train[0]!] = 5;
    const outOfRange = await runTraining(
      job(specFor('tree', 'multiclass'), { ...DATA, y: bad }),
      recorder().onEvent,
      new AbortController().signal,
    );
    expect(outOfRange).toMatchObject({ type: 'failed', code: 'bad-input' });
    expect(outOfRange.type === 'failed' && outOfRange.message).toMatch(/class index 0 to 2 .* has 5/);

    const oneClass = Float32Array.from(DATA.y).fill(1);
    const single = await runTraining(
      job(specFor('tree', 'multiclass'), { ...DATA, y: oneClass }),
      recorder().onEvent,
      new AbortController().signal,
    );
    expect(single.type === 'failed' && single.message).toMatch(
      /only one class in the training rows \(every one is mid\)/,
    );

    const binarySpec = await runTraining(
      job(specFor('tree', 'binary'), DATA),
      recorder().onEvent,
      new AbortController().signal,
    );
    expect(binarySpec.type === 'failed' && binarySpec.message).toMatch(
      /binary model was sent data with 3 classes/,
    );
  });
});
