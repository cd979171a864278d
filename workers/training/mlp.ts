import * as tf from '@tensorflow/tfjs';
import type { MlpArtifact, MlpCheckpoint, MlpSpec, TensorData, TrainEvent } from './api';
import { permutation, seededRandom } from './shuffle';

export interface MlpData {
  readonly x: Float32Array;
  readonly columns: number;
  readonly y: Float32Array;
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

export interface MlpHooks {
  readonly runId: string;
  onEpoch(event: Extract<TrainEvent, { type: 'epoch' }>): void;
  /** Checked after every batch: true stops training with a `cancelled` result. */
  cancelled(): boolean;
  /** Checkpoints every `everyEpochs` epochs (0: none) and before a divergence; `resume` continues one. */
  readonly checkpoints?: {
    readonly everyEpochs: number;
    readonly resume: MlpCheckpoint | null;
    onCheckpoint(checkpoint: MlpCheckpoint, reason: 'periodic' | 'best'): void;
  };
}

export type MlpResult =
  | {
      readonly ok: true;
      readonly artifact: MlpArtifact;
      readonly scores: Float32Array;
      readonly trainScores: Float32Array;
      readonly stoppedEarly: boolean;
      readonly bestEpoch: number;
    }
  | { readonly ok: false; readonly code: 'diverged' | 'cancelled'; readonly message: string };

/**
 * Trains a dense network with Adam on mini-batches in a seeded order. Every weight comes from
 * seeded initialisers, so the same seed, data and backend give the same model. The data are
 * uploaded once; batches are gathered on the device. Keeps the weights of the epoch with the
 * best validation loss (early stopping restores them), and stops on a loss that is not finite.
 */
export async function trainMlp(spec: MlpSpec, data: MlpData, hooks: MlpHooks): Promise<MlpResult> {
  const model = buildModel(spec, data.columns);
  const xAll = tf.tensor2d(data.x, [data.y.length, data.columns]);
  const yAll = tf.tensor2d(data.y, [data.y.length, 1]);
  const valIdx = tf.tensor1d(data.validation, 'int32');
  const random = seededRandom(spec.seed);
  let best = { loss: Infinity, epoch: 0, weights: snapshot(model) };
  const curve: Curve = [];
  const every = hooks.checkpoints?.everyEpochs ?? 0;
  try {
    const resume = hooks.checkpoints?.resume ?? null;
    if (resume) {
      disposeAll(best.weights);
      best = await restore(model, resume);
      curve.push(...resume.curve);
      // The shuffles of the epochs done, drawn again: the next epoch sees the order it would have.
      for (let epoch = 1; epoch <= resume.epoch; epoch++) permutation(data.train, random);
    }
    for (let epoch = (resume?.epoch ?? 0) + 1; epoch <= spec.epochs; epoch++) {
      const started = performance.now();
      const loss = await trainEpoch(
        model,
        xAll,
        yAll,
        permutation(data.train, random),
        spec.batchSize,
        hooks,
      );
      if (loss === 'cancelled') return { ok: false, code: 'cancelled', message: 'Training was cancelled.' };
      const validationLoss = await evaluateLoss(model, xAll, yAll, valIdx, spec);
      if (!Number.isFinite(loss) || !Number.isFinite(validationLoss)) {
        if (best.epoch > 0) await emitCheckpoint(hooks, model, best, curve, 'best');
        return diverged(epoch, best.epoch);
      }
      hooks.onEpoch({
        type: 'epoch',
        runId: hooks.runId,
        epoch,
        loss,
        validationLoss,
        epochMs: performance.now() - started,
      });
      curve.push({ step: epoch, loss, validationLoss });
      if (validationLoss < best.loss) {
        disposeAll(best.weights);
        best = { loss: validationLoss, epoch, weights: snapshot(model) };
      } else if (spec.patience > 0 && epoch - best.epoch >= spec.patience) {
        return await finish(model, best, data, xAll, spec, true);
      }
      if (every > 0 && epoch % every === 0 && epoch < spec.epochs) {
        await emitCheckpoint(hooks, model, best, curve, 'periodic');
      }
      await tf.nextFrame(); // lets `cancel` messages in between epochs
    }
    return await finish(model, best, data, xAll, spec, false);
  } finally {
    tf.dispose([xAll, yAll, valIdx, ...best.weights]);
    model.optimizer.dispose(); // Adam's moments: model.dispose() leaves them
    model.dispose();
  }
}

type Curve = { step: number; loss: number; validationLoss: number | null }[];
type Best = { loss: number; epoch: number; weights: tf.Tensor[] };

/**
 * The state a resumed run needs: the weights, Adam's step count and moments (without them the
 * loss jumps), and the best epoch so far. `best` (before a divergence): the best epoch's weights
 * as the weights, the last finite state the run had.
 */
async function emitCheckpoint(
  hooks: MlpHooks,
  model: tf.Sequential,
  best: Best,
  curve: Curve,
  reason: 'periodic' | 'best',
): Promise<void> {
  const sink = hooks.checkpoints;
  if (!sink) return;
  const bestWeights = await Promise.all(best.weights.map((w, i) => tensorData(`best/${i}`, w)));
  const weights =
    reason === 'best'
      ? bestWeights
      : await Promise.all(model.getWeights().map((w, i) => tensorData(`weight/${i}`, w)));
  const optimizer = reason === 'best' ? [] : await optimizerState(model);
  const epoch = reason === 'best' ? best.epoch : (curve.at(-1)?.step ?? 0);
  sink.onCheckpoint(
    {
      epoch,
      weights,
      optimizer,
      best: { epoch: best.epoch, loss: best.loss, weights: bestWeights },
      curve: curve.filter((p) => p.step <= epoch),
    },
    reason,
  );
}

/** Adam's state as data; the step count comes as a new scalar each time, which is freed here. */
async function optimizerState(model: tf.Sequential): Promise<TensorData[]> {
  const state = await model.optimizer.getWeights();
  try {
    return await Promise.all(state.map((w) => tensorData(w.name, w.tensor)));
  } finally {
    const [iterations] = state;
    if (iterations?.name === 'iter') iterations.tensor.dispose();
  }
}

async function tensorData(name: string, tensor: tf.Tensor): Promise<TensorData> {
  return { name, shape: [...tensor.shape], values: Float32Array.from(await tensor.data()) };
}

/** Puts a checkpoint's weights and optimizer state into a fresh model; returns its best epoch. */
async function restore(model: tf.Sequential, checkpoint: MlpCheckpoint): Promise<Best> {
  const toTensor = (t: TensorData): tf.Tensor => tf.tensor(t.values, [...t.shape], 'float32');
  const weights = checkpoint.weights.map(toTensor);
  model.setWeights(weights);
  tf.dispose(weights);
  // A `best` checkpoint holds no optimizer state: Adam then starts afresh from those weights.
  if (checkpoint.optimizer.length > 0) {
    const optimizer = checkpoint.optimizer.map((t) => ({ name: t.name, tensor: toTensor(t) }));
    await model.optimizer.setWeights(optimizer);
    tf.dispose(optimizer.map((w) => w.tensor));
  }
  const { best } = checkpoint;
  return { loss: best.loss, epoch: best.epoch, weights: best.weights.map(toTensor) };
}

function buildModel(spec: MlpSpec, inputs: number): tf.Sequential {
  const model = tf.sequential();
  const regularizer = spec.l2 > 0 ? tf.regularizers.l2({ l2: spec.l2 }) : undefined;
  spec.hidden.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        activation: spec.activation,
        kernelInitializer: tf.initializers.glorotUniform({ seed: spec.seed + i }),
        kernelRegularizer: regularizer,
        ...(i === 0 ? { inputShape: [inputs] } : {}),
      }),
    );
    if (spec.dropout > 0) model.add(tf.layers.dropout({ rate: spec.dropout, seed: spec.seed + 100 + i }));
  });
  model.add(
    tf.layers.dense({
      units: 1,
      activation: spec.task === 'binary' ? 'sigmoid' : 'linear',
      kernelInitializer: tf.initializers.glorotUniform({ seed: spec.seed + 99 }),
      kernelRegularizer: regularizer,
      ...(spec.hidden.length === 0 ? { inputShape: [inputs] } : {}),
    }),
  );
  model.compile({
    optimizer: tf.train.adam(spec.learningRate),
    loss: spec.task === 'binary' ? 'binaryCrossentropy' : 'meanSquaredError',
  });
  return model;
}

/** One pass over the training rows; the mean batch loss, or 'cancelled'. */
async function trainEpoch(
  model: tf.Sequential,
  xAll: tf.Tensor2D,
  yAll: tf.Tensor2D,
  order: Int32Array,
  batchSize: number,
  hooks: MlpHooks,
): Promise<number | 'cancelled'> {
  let total = 0;
  let batches = 0;
  for (let start = 0; start < order.length; start += batchSize) {
    const idx = tf.tensor1d(order.subarray(start, start + batchSize), 'int32');
    const xb = tf.gather(xAll, idx);
    const yb = tf.gather(yAll, idx);
    const loss = await model.trainOnBatch(xb, yb);
    tf.dispose([idx, xb, yb]);
    const value = Array.isArray(loss) ? (loss[0] ?? NaN) : loss;
    if (!Number.isFinite(value)) return NaN;
    total += value;
    batches += 1;
    if (hooks.cancelled()) return 'cancelled';
  }
  return batches === 0 ? NaN : total / batches;
}

/**
 * The loss on the validation rows, without the regularisation term. Read asynchronously: a
 * synchronous read stalls WebGPU (and on some adapters loses the device).
 */
async function evaluateLoss(
  model: tf.Sequential,
  xAll: tf.Tensor2D,
  yAll: tf.Tensor2D,
  valIdx: tf.Tensor1D,
  spec: MlpSpec,
): Promise<number> {
  const loss = tf.tidy(() => {
    // tfjs predicts 32 rows at a time unless told: large batches, or scoring dwarfs training.
    const pred = model.predict(tf.gather(xAll, valIdx), { batchSize: PREDICT_CHUNK_ROWS });
    if (Array.isArray(pred)) throw new Error('a one-output model predicted several tensors');
    const truth = tf.gather(yAll, valIdx);
    return spec.task === 'binary'
      ? tf.metrics.binaryCrossentropy(truth, pred).mean()
      : tf.losses.meanSquaredError(truth, pred);
  });
  try {
    return (await loss.data())[0] ?? NaN;
  } finally {
    loss.dispose();
  }
}

function snapshot(model: tf.Sequential): tf.Tensor[] {
  return model.getWeights().map((w) => w.clone());
}

function disposeAll(tensors: tf.Tensor[]): void {
  tf.dispose(tensors);
}

function diverged(epoch: number, bestEpoch: number): MlpResult {
  return {
    ok: false,
    code: 'diverged',
    message:
      `The loss stopped being a number at epoch ${epoch} (best epoch so far: ${bestEpoch}). ` +
      'Lower the learning rate, check the features for extreme values, or standardise them.',
  };
}

/** Rows per prediction call: bounds the device memory that scoring many rows takes. */
const PREDICT_CHUNK_ROWS = 65_536;

/** Scores the given rows in chunks, on the device. */
async function predictRows(model: tf.Sequential, xAll: tf.Tensor2D, rows: Int32Array): Promise<Float32Array> {
  const out = new Float32Array(rows.length);
  for (let start = 0; start < rows.length; start += PREDICT_CHUNK_ROWS) {
    const chunk = rows.subarray(start, start + PREDICT_CHUNK_ROWS);
    const scores = tf.tidy(() => {
      const pred = model.predict(tf.gather(xAll, tf.tensor1d(chunk, 'int32')), {
        batchSize: PREDICT_CHUNK_ROWS,
      });
      if (Array.isArray(pred)) throw new Error('a one-output model predicted several tensors');
      return pred.reshape([-1]);
    });
    out.set(await scores.data(), start);
    scores.dispose();
  }
  return out;
}

async function finish(
  model: tf.Sequential,
  best: { epoch: number; weights: tf.Tensor[] },
  data: MlpData,
  xAll: tf.Tensor2D,
  spec: MlpSpec,
  stoppedEarly: boolean,
): Promise<MlpResult> {
  model.setWeights(best.weights);
  disposeAll(best.weights);
  return {
    ok: true,
    artifact: await toArtifact(model, spec, data.columns),
    scores: await predictRows(model, xAll, data.validation),
    trainScores: await predictRows(model, xAll, data.train),
    stoppedEarly,
    bestEpoch: best.epoch,
  };
}

async function toArtifact(model: tf.Sequential, spec: MlpSpec, inputs: number): Promise<MlpArtifact> {
  const layers: { units: number; kernel: number[]; bias: number[] }[] = [];
  for (const layer of model.layers) {
    const [kernel, bias] = layer.getWeights();
    if (!kernel || !bias) continue; // dropout layers hold no weights
    layers.push({
      units: bias.shape[0] ?? 0,
      kernel: Array.from(await kernel.data()),
      bias: Array.from(await bias.data()),
    });
  }
  return { kind: 'mlp', spec, inputs, layers };
}
