import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { mulberry32, permutation } from '../../../src/ml/models/prng';
import { BatchMaker, disposeBatch, upload } from '../mlp-batches';
import { Net } from '../mlp-net';

/*
 * Issue 21 item 4: where one epoch of the bench's MLP goes, phase by phase, on tfjs-backend-wasm
 * (SIMD, one thread) in Node: MLP [64, 32], batch 1,024, 200,000 × 32 rows, the 10,000-row
 * validation loss after the epoch, as `trainMlp` does it. Run by hand:
 *   CASEBOOK_PROFILE=1 npx vitest run workers/training/profile/mlp-epoch.profile.test.ts
 */

const ROWS = 200_000;
const VALIDATION = 10_000;
const COLUMNS = 32;
const BATCH = 1_024;

function data() {
  const random = mulberry32(42);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const n = ROWS + VALIDATION;
  const x = new Float32Array(n * COLUMNS);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = -0.5;
    for (let j = 0; j < COLUMNS; j++) {
      const v = normal();
      x[i * COLUMNS + j] = v;
      z += ((j % 3 === 0 ? 1 : -0.5) * v) / Math.sqrt(1 + j);
    }
    y[i] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x, y, columns: COLUMNS };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

describe.skipIf(process.env['CASEBOOK_PROFILE'] !== '1')('MLP epoch profile', () => {
  it('times each phase of an epoch on wasm', async () => {
    const dist = fileURLToPath(
      new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url),
    );
    setWasmPaths(dist);
    await tf.setBackend('wasm');
    console.log(
      `backend ${tf.getBackend()}, simd ${String(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))}`,
    );
    const rows = data();
    const train = Int32Array.from({ length: ROWS }, (_, i) => i);
    const validation = Int32Array.from({ length: VALIDATION }, (_, i) => ROWS + i);
    const shape = {
      inputs: COLUMNS,
      hidden: [64, 32],
      outputs: 1,
      activation: 'relu',
      output: 'sigmoid',
    } as const;
    const net = new Net(shape, 0);
    const optimizer = tf.train.adam(0.001);
    const monitored = upload(rows, validation, shape);
    const batches = new BatchMaker(
      rows,
      { output: 'sigmoid', outputs: 1, hidden: [64, 32], dropout: 0, batchSize: BATCH },
      mulberry32(1),
    );
    const order = mulberry32(0);
    for (let epoch = 1; epoch <= 3; epoch++) {
      const t = {
        shuffle: 0,
        batch: 0,
        gradient: 0,
        adam: 0,
        lossSum: 0,
        dispose: 0,
        read: 0,
        validation: 0,
      };
      const t0 = performance.now();
      let s = performance.now();
      const perm = permutation(train.length, order).map((i) => train[i] ?? 0);
      t.shuffle += performance.now() - s;
      let total: tf.Scalar = tf.scalar(0);
      for (let start = 0; start < perm.length; start += BATCH) {
        s = performance.now();
        const batch = batches.batch(perm, start);
        t.batch += performance.now() - s;
        s = performance.now();
        const { loss, gradient } = net.gradient(batch, 0);
        t.gradient += performance.now() - s;
        s = performance.now();
        optimizer.applyGradients([{ name: net.params.name, tensor: gradient }]);
        t.adam += performance.now() - s;
        s = performance.now();
        const sum = tf.add<tf.Scalar>(total, loss);
        tf.dispose([total, loss, gradient]);
        total = sum;
        t.lossSum += performance.now() - s;
        s = performance.now();
        disposeBatch(batch);
        t.dispose += performance.now() - s;
      }
      s = performance.now();
      await total.data();
      total.dispose();
      t.read += performance.now() - s;
      s = performance.now();
      const v = tf.tidy(() => net.lossSum(net.logits(monitored.x), monitored.target));
      await v.data();
      v.dispose();
      t.validation += performance.now() - s;
      const all = performance.now() - t0;
      console.log(
        `epoch ${epoch}: ${fmt(all)} = ${Object.entries(t)
          .map(([k, ms]) => `${k} ${fmt(ms)}`)
          .join(', ')}; other ${fmt(all - Object.values(t).reduce((a, b) => a + b, 0))}`,
      );
    }
    // The step's parts: forward only (logits of a batch), and the whole gradient.
    const batch = batches.batch(train, 0);
    const time = (f: () => void, n = 50) => {
      const s = performance.now();
      for (let i = 0; i < n; i++) f();
      return (performance.now() - s) / n;
    };
    const forward = time(() => tf.tidy(() => net.logits(batch.x)).dispose());
    const gradient = time(() =>
      tf
        .tidy(() => {
          const g = net.gradient(batch, 0);
          return [g.loss, g.gradient];
        })
        .forEach((x) => x.dispose()),
    );
    const mm = (a: [number, number], b: [number, number]) => {
      const A = tf.randomNormal<tf.Rank.R2>(a);
      const B = tf.randomNormal<tf.Rank.R2>(b);
      const ms = time(() => tf.matMul(A, B).dispose(), 100);
      tf.dispose([A, B]);
      return ms;
    };
    console.log(
      `per batch: forward ${fmt(forward)}, gradient (forward + backward) ${fmt(gradient)}; ` +
        `matMul 1024×32·32×64 ${fmt(mm([1024, 32], [32, 64]))}, 64×1024·1024×32 ${fmt(mm([64, 1024], [1024, 32]))}, ` +
        `32×1024·1024×64 ${fmt(mm([32, 1024], [1024, 64]))}, 1024×64·64×32 ${fmt(mm([1024, 64], [64, 32]))}`,
    );
    const flops = 2 * BATCH * (32 * 64 + 64 * 32 + 32) * 3;
    console.log(
      `~${(flops / 1e6).toFixed(1)} MFLOP per step (forward + 2 backward products): ${(flops / (gradient * 1e6)).toFixed(2)} GFLOPS at the gradient's pace`,
    );
    // Kernel by kernel, one Adam step (tf.profile times each kernel as it runs).
    const STEPS = 20;
    const profile = await tf.profile(() => {
      for (let i = 0; i < STEPS; i++) {
        const g = net.gradient(batch, 0);
        optimizer.applyGradients([{ name: net.params.name, tensor: g.gradient }]);
        tf.dispose([g.loss, g.gradient]);
      }
    });
    const byName = new Map<string, { n: number; ms: number }>();
    for (const k of profile.kernels) {
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      // Products by shape: which of them take the time.
      const name = k.name === 'BatchMatMul' ? `BatchMatMul ${JSON.stringify(k.inputShapes)}` : k.name;
      const e = byName.get(name) ?? { n: 0, ms: 0 };
      byName.set(name, { n: e.n + 1 / STEPS, ms: e.ms + ms / STEPS });
    }
    const kernelMs = [...byName.values()].reduce((a, e) => a + e.ms, 0);
    console.log(
      `one step (mean of ${STEPS}): ${profile.kernels.length / STEPS} kernels, ${fmt(kernelMs)} in kernels; ` +
        [...byName.entries()]
          .sort((a, b) => b[1].ms - a[1].ms)
          .map(([name, e]) => `${name} ×${Math.round(e.n)} ${fmt(e.ms)}`)
          .join(', '),
    );
    disposeBatch(batch);
    tf.dispose([monitored.x, monitored.target]);
    net.dispose();
    optimizer.dispose();
  }, 300_000);
});
