// @tensorflow/tfjs-node as the MLP's peer, when someone has installed it. It is no dependency:
// its install script downloads libtensorflow from storage.googleapis.com, which fails offline.
import { readFileSync } from 'node:fs';
import { median } from './common.mjs';

const NOT_INSTALLED =
  'not installable here: `npm install @tensorflow/tfjs-node` runs a script that downloads ' +
  'libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz from storage.googleapis.com (getaddrinfo ENOTFOUND offline)';

/** The MLP of `spec` trained by TensorFlow.js in Node; `module` is for trying the code on plain tfjs. */
export async function tfjsNodePeer(dataPath, shape, spec, module = '@tensorflow/tfjs-node') {
  let tf;
  try {
    tf = await import(module);
  } catch (e) {
    if (e?.code === 'ERR_MODULE_NOT_FOUND') return { available: false, reason: NOT_INSTALLED };
    return { available: false, reason: `installed but does not load: ${e?.message ?? String(e)}` };
  }
  const { rows, columns, trainRows } = shape;
  const all = new Float32Array(readFileSync(dataPath).buffer.slice(0));
  const part = (from, to) => [
    tf.tensor2d(all.subarray(from * columns, to * columns), [to - from, columns]),
    tf.tensor2d(all.subarray(rows * columns + from, rows * columns + to), [to - from, 1]),
  ];
  const [x, y] = part(0, trainRows);
  const validation = part(trainRows, rows);
  const model = tf.sequential();
  spec.hidden.forEach((units, i) =>
    model.add(tf.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [columns] } : {}) })),
  );
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.adam(spec.learningRate), loss: 'binaryCrossentropy' });
  const epochsMs = [];
  let started = 0;
  await model.fit(x, y, {
    batchSize: spec.batchSize,
    epochs: spec.epochs,
    shuffle: true,
    validationData: validation,
    verbose: 0,
    callbacks: {
      onEpochBegin: () => {
        started = performance.now();
      },
      onEpochEnd: () => {
        epochsMs.push(performance.now() - started);
      },
    },
  });
  tf.dispose([x, y, ...validation]);
  model.dispose();
  return { available: true, backend: tf.getBackend(), epochMs: median(epochsMs), epochsMs };
}
