import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchMaker, disposeBatch } from './mlp-batches';
import { Net, type NetShape } from './mlp-net';
import { mulberry32 } from '../../src/ml/models/prng';

/**
 * The hand-written backpropagation against TensorFlow.js's own automatic differentiation of the
 * same loss (tf.grad through matMul, the activations, the dropout masks and the penalty).
 */
function reference(net: Net, x: tf.Tensor2D, target: tf.Tensor2D, masks: tf.Tensor2D[], l2: number) {
  const { shape } = net;
  const sizes = [shape.inputs, ...shape.hidden, shape.outputs];
  return (params: tf.Tensor): tf.Scalar => {
    let a: tf.Tensor = x;
    let at = 0;
    let penalty: tf.Tensor = tf.scalar(0);
    sizes.slice(1).forEach((units, i) => {
      const fanIn = sizes[i] ?? 0;
      const kernel = params.slice(at, fanIn * units).reshape([fanIn, units]);
      const bias = params.slice(at + fanIn * units, units);
      at += fanIn * units + units;
      penalty = tf.add(penalty, tf.sum(tf.square(kernel)));
      const z = tf.add(tf.matMul(a, kernel), bias);
      if (i === sizes.length - 2) {
        a = z;
        return;
      }
      const act = shape.activation === 'relu' ? tf.relu(z) : tf.tanh(z);
      const mask = masks[i];
      a = mask === undefined ? act : tf.mul(act, mask);
    });
    const rowLoss =
      shape.output === 'sigmoid'
        ? tf.sub(tf.softplus(a), tf.mul(target, a))
        : shape.output === 'linear'
          ? tf.square(tf.sub(a, target))
          : tf.sub(tf.logSumExp(a, 1), tf.sum(tf.mul(a, target), 1));
    return tf.add(tf.mean(rowLoss), tf.mul(l2, penalty));
  };
}

const CASES: { name: string; shape: Omit<NetShape, 'inputs'>; dropout: number; l2: number }[] = [
  {
    name: 'relu, sigmoid',
    shape: { hidden: [5, 4], outputs: 1, activation: 'relu', output: 'sigmoid' },
    dropout: 0,
    l2: 0,
  },
  {
    name: 'tanh, regression',
    shape: { hidden: [6], outputs: 1, activation: 'tanh', output: 'linear' },
    dropout: 0,
    l2: 0,
  },
  {
    name: 'relu, softmax over 4',
    shape: { hidden: [5, 3], outputs: 4, activation: 'relu', output: 'softmax' },
    dropout: 0,
    l2: 0,
  },
  {
    name: 'tanh, softmax, dropout and L2',
    shape: { hidden: [4, 3], outputs: 3, activation: 'tanh', output: 'softmax' },
    dropout: 0.3,
    l2: 0.01,
  },
  {
    name: 'relu, dropout and L2',
    shape: { hidden: [4, 3], outputs: 1, activation: 'relu', output: 'sigmoid' },
    dropout: 0.4,
    l2: 0.05,
  },
  {
    name: 'no hidden layer',
    shape: { hidden: [], outputs: 1, activation: 'relu', output: 'sigmoid' },
    dropout: 0,
    l2: 0,
  },
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Net.gradient (against tf.grad of the same loss)', () => {
  for (const { name, shape, dropout, l2 } of CASES) {
    it(name, () => {
      const random = mulberry32(3);
      const rows = 13;
      const columns = 4;
      const x = Float32Array.from({ length: rows * columns }, () => random() * 2 - 1);
      const k = shape.outputs;
      const y = Float32Array.from({ length: rows }, (_, i) =>
        shape.output === 'linear' ? random() * 3 : shape.output === 'softmax' ? i % k : i % 2,
      );
      const net = new Net({ ...shape, inputs: columns }, 5);
      const before = tf.memory().numTensors;
      const maker = new BatchMaker({ x, columns, y }, { ...shape, dropout, batchSize: 16 }, mulberry32(9));
      const batch = maker.batch(
        Int32Array.from({ length: rows }, (_, i) => rows - 1 - i),
        0,
      );
      const ours = net.gradient(batch, l2);
      const [expected, expectedLoss] = tf.tidy(() => {
        const lossOf = reference(
          net,
          batch.x,
          batch.target,
          batch.masks.map((m) => m.rows),
          l2,
        );
        return [tf.grad(lossOf)(net.params), lossOf(net.params)];
      });
      expect(ours.loss.dataSync()[0]).toBeCloseTo(expectedLoss.dataSync()[0] ?? NaN, 6);
      const got = ours.gradient.dataSync();
      const want = expected.dataSync();
      expect(got.length).toBe(want.length);
      want.forEach((w, i) => expect(Math.abs((got[i] ?? NaN) - w)).toBeLessThan(1e-6));
      // Dropout masks in both layouts agree.
      for (const m of batch.masks) {
        const transposed = tf.tidy(() => m.cols.transpose().dataSync());
        expect(Array.from(transposed)).toEqual(Array.from(m.rows.dataSync()));
      }
      tf.dispose([ours.loss, ours.gradient, expected, expectedLoss]);
      disposeBatch(batch);
      expect(tf.memory().numTensors).toBe(before);
      net.dispose();
    });
  }
});
