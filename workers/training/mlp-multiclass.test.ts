import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gbdtMulticlassData } from '../../src/ml/models/testing';
import { SEVEN_CASE, THREE_CASE } from '../../src/ml/models/fixtures/gbdt_multiclass_reference';
import type { MlpSpec } from './api';
import { EPOCHS, SEVEN_SKLEARN, THREE_SKLEARN } from './fixtures/mlp_multiclass_reference';
import { trainMlp } from './mlp';

// The softmax network against scikit-learn 1.2.1's MLPClassifier on the same rows and settings
// (reference/mlp_multiclass_reference.py). Initialisation and order differ, so ours must land
// within the spread of sklearn's runs over 8 random states, not on one of them.
const CASES = [
  { name: '3 classes', c: THREE_CASE, sklearn: THREE_SKLEARN },
  { name: '7 classes', c: SEVEN_CASE, sklearn: SEVEN_SKLEARN },
];

const SPEC: MlpSpec = {
  kind: 'mlp',
  task: 'binary',
  hidden: [32],
  activation: 'relu',
  dropout: 0,
  learningRate: 0.01,
  batchSize: 64,
  epochs: EPOCHS,
  patience: 0,
  l2: 0,
  seed: 0,
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('softmax MLP against scikit-learn 1.2.1 MLPClassifier', () => {
  for (const { name, c, sklearn } of CASES) {
    it(`${name}: log loss and accuracy within sklearn's spread over seeds`, async () => {
      const { x, y } = gbdtMulticlassData(c.rows, c.cols, c.classes, c.seed);
      const data = x.data.map((v) => (Number.isNaN(v) ? 0 : v));
      const all = Int32Array.from({ length: c.rows }, (_, i) => i);
      const result = await trainMlp(
        SPEC,
        {
          x: data,
          columns: c.cols,
          y,
          train: all.slice(0, c.trainRows),
          validation: all.slice(c.trainRows),
          classes: c.classes,
        },
        { runId: 'r', onEpoch: () => undefined, cancelled: () => false },
      );
      if (!result.ok) throw new Error(result.message);
      const k = c.classes;
      let loss = 0;
      let correct = 0;
      const scored = c.rows - c.trainRows;
      for (let i = 0; i < scored; i++) {
        const p = Array.from(result.scores.subarray(i * k, (i + 1) * k));
        const label = y[c.trainRows + i] ?? 0;
        loss -= Math.log(Math.min(Math.max(p[label] ?? 0, 1e-15), 1 - 1e-15));
        if (p.indexOf(Math.max(...p)) === label) correct++;
      }
      loss /= scored;
      expect(Math.abs(loss - sklearn.logLossMean)).toBeLessThan(Math.max(4 * sklearn.logLossStd, 0.03));
      expect(Math.abs(correct / scored - sklearn.accuracyMean)).toBeLessThan(
        Math.max(4 * sklearn.accuracyStd, 0.04),
      );
    });
  }
});
