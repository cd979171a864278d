import * as tf from '@tensorflow/tfjs';
import type { MlpCheckpoint, TensorData } from './api';
import type { Net } from './mlp-net';

/*
 * Checkpoints of a network in training (issue 18): every few epochs, the state a resumed run
 * needs to continue exactly as the uninterrupted one would have — the flat parameter vector,
 * Adam's step count and moments (without them the loss jumps), the best epoch so far and its
 * weights, and the loss curve. The epochs' shuffles and dropout masks are drawn again from the
 * seed (`mlp.ts`), so they are not stored.
 */

export interface CheckpointSink {
  /** A `periodic` checkpoint every this many epochs; 0: none. */
  readonly everyEpochs: number;
  /** The checkpoint of an interrupted run to continue from; its epochs are not trained again. */
  readonly resume: MlpCheckpoint | null;
  onCheckpoint(checkpoint: MlpCheckpoint, reason: 'periodic' | 'best'): void;
}

/** The best epoch's bookkeeping, as `mlp.ts`' BestEpoch keeps it. */
export interface BestState {
  epoch: number;
  loss: number;
  readonly params: tf.Tensor1D | null;
  keep(params: tf.Tensor1D): void;
}

type CurvePoint = MlpCheckpoint['curve'][number];

const DOES_NOT_FIT =
  'The saved checkpoint does not fit this network (it was saved by another version of Casebook, ' +
  'or for other settings): train the cell again from the start.';

export class Checkpoints {
  readonly #curve: CurvePoint[] = [];

  constructor(
    private readonly sink: CheckpointSink,
    private readonly epochs: number,
  ) {}

  /** Adds a finished epoch to the curve the checkpoints carry. */
  record(epoch: number, loss: number, validationLoss: number): void {
    this.#curve.push({ step: epoch, loss, validationLoss });
  }

  /** After `epoch`: a checkpoint when it is due (never after the last epoch: the run is done then). */
  async periodic(epoch: number, net: Net, optimizer: tf.Optimizer, best: BestState): Promise<void> {
    const every = this.sink.everyEpochs;
    if (every <= 0 || epoch % every !== 0 || epoch >= this.epochs) return;
    const [weights, state, bestWeights] = await Promise.all([
      tensorData('params', net.params),
      optimizerState(optimizer),
      bestData(best),
    ]);
    this.sink.onCheckpoint(
      {
        epoch,
        weights: [weights],
        optimizer: state,
        best: { epoch: best.epoch, loss: best.loss, weights: bestWeights },
        curve: [...this.#curve],
      },
      'periodic',
    );
  }

  /** Before a `diverged` failure: the best epoch's weights, the last finite state, as a 'best' checkpoint. */
  async divergedBest(best: BestState): Promise<void> {
    if (best.epoch === 0 || best.params === null) return;
    const weights = await bestData(best);
    this.sink.onCheckpoint(
      {
        epoch: best.epoch,
        weights,
        optimizer: [],
        best: { epoch: best.epoch, loss: best.loss, weights },
        curve: this.#curve.filter((p) => p.step <= best.epoch),
      },
      'best',
    );
  }

  /**
   * Puts a checkpoint into a fresh network, optimizer and best epoch; a message when it does not
   * fit them. A `best` checkpoint holds no optimizer state: Adam then starts afresh from its weights.
   */
  async restore(
    checkpoint: MlpCheckpoint,
    net: Net,
    optimizer: tf.Optimizer,
    best: BestState,
  ): Promise<string | null> {
    const size = net.params.size;
    const [params] = checkpoint.weights;
    const fits = (list: readonly TensorData[]) => list.every((t) => t.values.length === size);
    if (checkpoint.weights.length !== 1 || params === undefined || !fits(checkpoint.weights))
      return DOES_NOT_FIT;
    if (checkpoint.best.weights.length > 1 || !fits(checkpoint.best.weights)) return DOES_NOT_FIT;
    const [iterations, ...moments] = checkpoint.optimizer;
    if (iterations !== undefined && (moments.length !== 2 || !fits(moments))) return DOES_NOT_FIT;
    if (!(checkpoint.epoch >= 1 && checkpoint.epoch < this.epochs)) return DOES_NOT_FIT;

    const values = tf.tensor1d(params.values);
    net.params.assign(values);
    values.dispose();
    if (iterations !== undefined) {
      // Adam keys its moments by position; they are named after the variable they follow.
      const state = [
        { name: iterations.name, tensor: tf.tensor(iterations.values, [...iterations.shape]) },
        ...moments.map((m) => ({ name: net.params.name, tensor: tf.tensor1d(m.values) })),
      ];
      await optimizer.setWeights(state);
      tf.dispose(state.map((s) => s.tensor));
    }
    best.epoch = checkpoint.best.epoch;
    best.loss = checkpoint.best.loss;
    const [bestParams] = checkpoint.best.weights;
    if (bestParams !== undefined) {
      const kept = tf.tensor1d(bestParams.values);
      best.keep(kept);
      kept.dispose();
    }
    this.#curve.push(...checkpoint.curve);
    return null;
  }
}

/** Adam's state as data; the step count comes as a new scalar each time, which is freed here. */
async function optimizerState(optimizer: tf.Optimizer): Promise<TensorData[]> {
  const state = await optimizer.getWeights();
  try {
    return await Promise.all(state.map((w) => tensorData(w.name, w.tensor)));
  } finally {
    const [iterations] = state;
    if (iterations?.name === 'iter') iterations.tensor.dispose();
  }
}

async function bestData(best: BestState): Promise<TensorData[]> {
  return best.params === null ? [] : [await tensorData('best', best.params)];
}

async function tensorData(name: string, tensor: tf.Tensor): Promise<TensorData> {
  return { name, shape: [...tensor.shape], values: Float32Array.from(await tensor.data()) };
}
