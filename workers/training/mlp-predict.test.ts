import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { predictMlp } from '../../src/ml/models';
import type { MlpSpec } from './api';
import { trainMlp, type MlpHooks } from './mlp';
import { synthetic } from './testing';

/*
 * The pure-TypeScript forward pass (src/ml/models/mlp.ts) against TensorFlow.js 4.22 (cpu
 * backend) on the same weights: the artifact a real training run stores, and tfjs's own scores
 * of the validation rows from that run. A bundle scores without tfjs, so these must agree.
 */

const quiet: MlpHooks = { runId: 'r', onEpoch: () => undefined, cancelled: () => false };

const BASE: MlpSpec = {
  kind: 'mlp',
  task: 'binary',
  hidden: [8],
  activation: 'relu',
  dropout: 0,
  learningRate: 0.05,
  batchSize: 32,
  epochs: 3,
  patience: 0,
  l2: 0,
  seed: 3,
};

const SPECS: readonly MlpSpec[] = [
  BASE,
  { ...BASE, hidden: [] },
  { ...BASE, hidden: [16, 8], activation: 'tanh' },
  { ...BASE, hidden: [12, 6], dropout: 0.3 },
  { ...BASE, task: 'regression', hidden: [10] },
  { ...BASE, task: 'regression', hidden: [6, 4], activation: 'tanh', l2: 1e-3 },
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('predictMlp against TensorFlow.js', () => {
  for (const spec of SPECS) {
    const name = `${spec.task}, hidden [${spec.hidden.join(', ')}], ${spec.activation}, dropout ${spec.dropout}`;
    it(`gives tfjs's scores to 1e-6: ${name}`, async () => {
      const data = synthetic(spec.task, 500, 11);
      const result = await trainMlp(spec, data, quiet);
      if (!result.ok) throw new Error(result.message);
      const rows = new Float32Array(data.validation.length * data.columns);
      data.validation.forEach((row, i) =>
        rows.set(data.x.subarray(row * data.columns, (row + 1) * data.columns), i * data.columns),
      );
      const scores = predictMlp(structuredClone(result.artifact), {
        data: rows,
        rows: data.validation.length,
        cols: data.columns,
      });
      expect(scores.length).toBe(result.scores.length);
      let worst = 0;
      scores.forEach((s, i) => (worst = Math.max(worst, Math.abs(s - (result.scores[i] ?? NaN)))));
      expect(worst).toBeLessThanOrEqual(1e-6);
      // The scores vary: a constant network would pass the comparison without proving anything.
      expect(Math.max(...scores) - Math.min(...scores)).toBeGreaterThan(0.05);
    });
  }

  for (const activation of ['relu', 'tanh'] as const) {
    for (const task of ['binary', 'regression'] as const) {
      it(`gives tfjs predict() on fresh rows, weights set by hand, to 1e-6: ${activation}, ${task}`, () => {
        const model = tf.sequential();
        model.add(tf.layers.dense({ units: 5, activation, inputShape: [3] }));
        model.add(tf.layers.dense({ units: 4, activation }));
        model.add(tf.layers.dense({ units: 1, activation: task === 'binary' ? 'sigmoid' : 'linear' }));
        const weights = model.getWeights().map((w, i) =>
          tf.tensor(
            Array.from({ length: w.size }, (_, k) => Math.sin(1.7 * k + i) * 0.9),
            w.shape,
          ),
        );
        model.setWeights(weights);
        const x = Float32Array.from({ length: 200 * 3 }, (_, k) => Math.cos(0.37 * k) * 3);
        const want = tf.tidy(() => {
          const out = model.predict(tf.tensor2d(x, [200, 3]));
          if (Array.isArray(out)) throw new Error('one output expected');
          return out.dataSync();
        });
        const layers = model.layers.map((layer) => {
          const [kernel, bias] = layer.getWeights();
          if (!kernel || !bias) throw new Error('dense layers hold weights');
          return {
            units: bias.shape[0] ?? 0,
            kernel: Array.from(kernel.dataSync()),
            bias: Array.from(bias.dataSync()),
          };
        });
        const got = predictMlp(
          { kind: 'mlp', inputs: 3, spec: { task, activation }, layers },
          { data: x, rows: 200, cols: 3 },
        );
        let worst = 0;
        got.forEach((s, i) => (worst = Math.max(worst, Math.abs(s - (want[i] ?? NaN)))));
        expect(worst).toBeLessThanOrEqual(1e-6);
        expect(new Set(got).size).toBeGreaterThan(100);
        tf.dispose(weights);
        model.dispose();
      });
    }
  }
});
