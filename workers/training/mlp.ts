import * as tf from '@tensorflow/tfjs';
import { holdout } from '../../src/ml/models';
import { mulberry32, mulberry32After, permutation } from '../../src/ml/models/prng';
import type { MlpHoldout } from '../../src/ml/models';
import type { MlpArtifact, MlpSpec, TrainProgressEvent } from './api';
import { Checkpoints, type CheckpointSink } from './mlp-checkpoint';
import { BatchMaker, disposeBatch, fill, upload } from './mlp-batches';
import { Net, type NetShape } from './mlp-net';

export interface MlpData {
  readonly x: Float32Array;
  readonly columns: number;
  readonly y: Float32Array;
  readonly train: Int32Array;
  readonly validation: Int32Array;
  /** k ≥ 3 when `y` holds class labels 0 … k − 1: a softmax output over k classes. */
  readonly classes?: number;
}

export interface MlpHooks {
  readonly runId: string;
  onEpoch(event: Extract<TrainProgressEvent, { type: 'epoch' }>): void;
  /** Checked after every batch: true stops training with a `cancelled` result. */
  cancelled(): boolean;
  /** Checkpoints every `everyEpochs` epochs (0: none) and before a divergence; `resume` continues one. */
  readonly checkpoints?: CheckpointSink;
}

export type MlpResult =
  | {
      readonly ok: true;
      readonly artifact: MlpArtifact;
      /** Per validation row: P(class 1), the prediction, or (k classes) k probabilities, row-major. */
      readonly scores: Float32Array;
      readonly trainScores: Float32Array;
      readonly stoppedEarly: boolean;
      readonly bestEpoch: number;
    }
  | { readonly ok: false; readonly code: 'diverged' | 'cancelled' | 'bad-input'; readonly message: string };

/** sklearn MLPClassifier's validation_fraction: the share of training rows early stopping holds out. */
export const HOLDOUT_FRACTION = 0.1;
/** How long an epoch may hold the thread before it yields, so that a cancel message gets through. */
const YIELD_EVERY_MS = 200;
/** Rows per forward pass when scoring: bounds the memory that scoring many rows takes. */
const PREDICT_CHUNK_ROWS = 65_536;

/**
 * Trains a dense network with Adam on mini-batches in a seeded order (seeded initialisers and
 * dropout too: same seed, data and backend, same model).
 *
 * Model selection never reads `data.validation`, the rows the run reports: with patience > 0,
 * early stopping holds out a seeded, stratified 10% of the training rows, stops when their loss
 * has not improved for `patience` epochs and restores the best epoch's weights; with patience 0
 * the network trains on every training row for every epoch and keeps the last weights. Each
 * epoch event's `validationLoss` is the holdout's loss, or (patience 0, where nothing is chosen)
 * the validation rows' loss, for the curve only.
 */
export async function trainMlp(spec: MlpSpec, data: MlpData, hooks: MlpHooks): Promise<MlpResult> {
  const shape = netShape(spec, data);
  const problem = targetProblem(data, shape);
  if (problem !== null) return { ok: false, code: 'bad-input', message: problem };
  let split: InnerSplit;
  try {
    split = innerSplit(spec, data, shape);
  } catch (e: unknown) {
    return { ok: false, code: 'bad-input', message: e instanceof Error ? e.message : String(e) };
  }
  const net = new Net(shape, spec.seed);
  const optimizer = tf.train.adam(spec.learningRate);
  const monitored = upload(data, split.holdout ?? data.validation, shape);
  // With checkpoints the best epoch's weights are kept even without early stopping: a diverged
  // run hands them over.
  const best = new BestEpoch(spec.patience, hooks.checkpoints !== undefined);
  const saver = hooks.checkpoints ? new Checkpoints(hooks.checkpoints, spec.epochs) : null;
  try {
    const resume = hooks.checkpoints?.resume ?? null;
    const done = resume?.epoch ?? 0;
    if (resume) {
      const problem = await saver?.restore(resume, net, optimizer, best);
      if (problem) return { ok: false, code: 'bad-input', message: problem };
    }
    const { hidden, dropout, batchSize } = spec;
    const settings = { output: shape.output, outputs: shape.outputs, hidden, dropout, batchSize };
    // A resumed run draws what the epochs done would have: their shuffles again, and its dropout
    // masks from where they were (each epoch draws one number per fitted row and hidden unit).
    const maskDraws = dropout > 0 ? done * split.fit.length * hidden.reduce((a, b) => a + b, 0) : 0;
    const batches = new BatchMaker(data, settings, mulberry32After(spec.seed + 100, maskDraws));
    const order = mulberry32(spec.seed);
    for (let epoch = 1; epoch <= done; epoch++) permutation(split.fit.length, order);
    for (let epoch = done + 1; epoch <= spec.epochs; epoch++) {
      const started = performance.now();
      const loss = await trainEpoch(net, optimizer, batches, shuffled(split.fit, order), spec, hooks);
      if (loss === 'cancelled') return { ok: false, code: 'cancelled', message: 'Training was cancelled.' };
      const validationLoss = await meanLoss(net, monitored);
      if (!Number.isFinite(loss) || !Number.isFinite(validationLoss)) {
        await saver?.divergedBest(best);
        return diverged(epoch, best.epoch);
      }
      const epochMs = performance.now() - started;
      hooks.onEpoch({ type: 'epoch', runId: hooks.runId, epoch, loss, validationLoss, epochMs });
      saver?.record(epoch, loss, validationLoss);
      if (best.record(epoch, validationLoss, net)) return await finish(net, spec, data, split, best, true);
      await saver?.periodic(epoch, net, optimizer, best);
      await tf.nextFrame(); // lets `cancel` messages in between epochs
    }
    return await finish(net, spec, data, split, best, false);
  } finally {
    tf.dispose([monitored.x, monitored.target]);
    best.dispose();
    optimizer.dispose();
    net.dispose();
  }
}

/** The rows in a seeded order (the same draws as shuffling them in place). */
function shuffled(rows: Int32Array, random: () => number): Int32Array {
  return permutation(rows.length, random).map((i) => rows[i] ?? 0);
}

/**
 * Early stopping's bookkeeping: the best epoch so far and, with patience > 0, its weights. With
 * `keepLast` (checkpoints on) and patience 0, the last epoch's weights: the last finite state.
 */
export class BestEpoch {
  epoch = 0;
  params: tf.Tensor1D | null = null;
  loss = Infinity;

  constructor(
    private readonly patience: number,
    private readonly keepLast = false,
  ) {}

  /** Records an epoch's holdout loss; true when early stopping says stop. */
  record(epoch: number, loss: number, net: Net): boolean {
    if (this.patience === 0) {
      this.epoch = epoch; // nothing is chosen: the last epoch stands
      this.loss = loss;
      if (this.keepLast) this.keep(net.params);
      return false;
    }
    if (loss < this.loss) {
      this.keep(net.params);
      this.loss = loss;
      this.epoch = epoch;
      return false;
    }
    return epoch - this.epoch >= this.patience;
  }

  /** Holds a copy of these weights as the best epoch's. */
  keep(params: tf.Tensor1D): void {
    this.params?.dispose();
    this.params = tf.clone(params);
  }

  dispose(): void {
    this.params?.dispose();
    this.params = null;
  }
}

function netShape(spec: MlpSpec, data: MlpData): NetShape {
  const classes = data.classes ?? 2;
  const output = spec.task === 'regression' ? 'linear' : classes > 2 ? 'softmax' : 'sigmoid';
  const outputs = output === 'softmax' ? classes : 1;
  return { inputs: data.columns, hidden: spec.hidden, outputs, activation: spec.activation, output };
}

/** Labels 0/1, or 0 … k − 1, on every row the run uses; regression targets are checked upstream. */
function targetProblem(data: MlpData, shape: NetShape): string | null {
  if (shape.output === 'linear') return null;
  const k = shape.output === 'softmax' ? shape.outputs : 2;
  for (const part of [data.train, data.validation]) {
    for (const row of part) {
      const v = data.y[row] ?? NaN;
      if (!(Number.isInteger(v) && v >= 0 && v < k)) {
        return `The target must be a class number from 0 to ${k - 1}; row ${row + 1} has ${v}.`;
      }
    }
  }
  return null;
}

interface InnerSplit {
  /** The rows the network trains on. */
  readonly fit: Int32Array;
  /** Early stopping's rows (a share of the training rows); null with patience 0. */
  readonly holdout: Int32Array | null;
  readonly stated: MlpHoldout | null;
}

function innerSplit(spec: MlpSpec, data: MlpData, shape: NetShape): InnerSplit {
  if (spec.patience === 0) return { fit: data.train, holdout: null, stated: null };
  const strata = shape.output === 'linear' ? null : shape.output === 'softmax' ? shape.outputs : 2;
  const y = Float32Array.from(data.train, (row) => data.y[row] ?? 0);
  const parts = holdout(y, strata, HOLDOUT_FRACTION, spec.seed);
  const fit = Int32Array.from(parts.train, (k) => data.train[k] ?? 0);
  const held = Int32Array.from(parts.validation, (k) => data.train[k] ?? 0);
  const stated = {
    fraction: HOLDOUT_FRACTION,
    seed: spec.seed,
    stratified: strata !== null,
    trainRows: fit.length,
    validationRows: held.length,
  };
  return { fit, holdout: held, stated };
}

/** One pass over the rows in `order`; the mean batch loss, read once at the end, or 'cancelled'. */
async function trainEpoch(
  net: Net,
  optimizer: tf.Optimizer,
  batches: BatchMaker,
  order: Int32Array,
  spec: MlpSpec,
  hooks: MlpHooks,
): Promise<number | 'cancelled'> {
  let total: tf.Scalar = tf.scalar(0);
  let count = 0;
  let lastYield = performance.now();
  try {
    for (let start = 0; start < order.length; start += spec.batchSize) {
      const batch = batches.batch(order, start);
      const loss = net.trainStep(batch, optimizer, spec.l2);
      disposeBatch(batch);
      const sum = tf.add<tf.Scalar>(total, loss);
      tf.dispose([total, loss]);
      total = sum;
      count += 1;
      if (hooks.cancelled()) return 'cancelled';
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
    }
    return count === 0 ? NaN : ((await total.data())[0] ?? NaN) / count;
  } finally {
    total.dispose();
  }
}

/**
 * Mean loss per row over resident rows, without the penalty. Read asynchronously: a
 * synchronous read stalls WebGPU (and on some adapters loses the device).
 */
async function meanLoss(net: Net, rows: { x: tf.Tensor2D; target: tf.Tensor2D }): Promise<number> {
  const n = rows.x.shape[0];
  let total = 0;
  for (let start = 0; start < n; start += PREDICT_CHUNK_ROWS) {
    const size = Math.min(PREDICT_CHUNK_ROWS, n - start);
    const sum = tf.tidy(() =>
      net.lossSum(
        net.logits(rows.x.slice([start, 0], [size, -1])),
        rows.target.slice([start, 0], [size, -1]),
      ),
    );
    total += (await sum.data())[0] ?? NaN;
    sum.dispose();
  }
  return total / n;
}

/** Scores the given rows in chunks, copied from the resident rows: one value or k per row. */
async function predictRows(net: Net, data: MlpData, rows: Int32Array): Promise<Float32Array> {
  const { columns } = data;
  const width = net.shape.outputs;
  const out = new Float32Array(rows.length * width);
  const buffer = new Float32Array(Math.min(rows.length, PREDICT_CHUNK_ROWS) * columns);
  for (let start = 0; start < rows.length; start += PREDICT_CHUNK_ROWS) {
    const chunk = rows.subarray(start, start + PREDICT_CHUNK_ROWS);
    fill(data, chunk, buffer);
    const scores = tf.tidy(() =>
      net.predict(tf.tensor2d(buffer.subarray(0, chunk.length * columns), [chunk.length, columns])),
    );
    out.set(await scores.data(), start * width);
    scores.dispose();
  }
  return out;
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

async function finish(
  net: Net,
  spec: MlpSpec,
  data: MlpData,
  split: InnerSplit,
  best: BestEpoch,
  stoppedEarly: boolean,
): Promise<MlpResult> {
  // Early stopping restores the best epoch's weights; without it, the last epoch's stay.
  if (best.params !== null) net.params.assign(best.params);
  const artifact: MlpArtifact = {
    kind: 'mlp',
    spec,
    inputs: data.columns,
    layers: await net.toLayers(),
    holdout: split.stated,
  };
  return {
    ok: true,
    artifact,
    scores: await predictRows(net, data, data.validation),
    trainScores: await predictRows(net, data, data.train),
    stoppedEarly,
    bestEpoch: best.epoch,
  };
}
