import { ModelError } from './errors';
import type { DenseMatrix } from './types';

/**
 * A dense network trained by TensorFlow.js, as plain data: the training worker's `MlpArtifact`
 * (workers/training/api.ts) has this shape, and so does a model bundle's network. Scoring it
 * needs no TensorFlow.js: `predictMlp` below runs the forward pass in plain TypeScript, so a
 * bundle scores in the page, in a worker and in Node alike.
 */
export interface MlpLayer {
  readonly units: number;
  /** inputs × units, row-major: the weight from input k to unit u is `kernel[k * units + u]`. */
  readonly kernel: readonly number[];
  readonly bias: readonly number[];
}

export interface MlpModel {
  readonly kind: 'mlp';
  readonly inputs: number;
  /** What the forward pass needs of the spec it was trained with. */
  readonly spec: { readonly task: 'binary' | 'regression'; readonly activation: 'relu' | 'tanh' };
  /**
   * The hidden layers, then the output layer: one unit, or for a classifier of k classes k units
   * (softmax). Dropout layers hold no weights.
   */
  readonly layers: readonly MlpLayer[];
}

/** What is wrong with a network's shapes, or null: each layer must take the previous one's units. */
export function mlpShapeProblem(model: MlpModel): string | null {
  if (!Number.isInteger(model.inputs) || model.inputs < 1) return 'inputs should be a whole number ≥ 1';
  if (model.layers.length === 0) return 'layers should hold at least the output layer';
  let fanIn = model.inputs;
  for (const [i, layer] of model.layers.entries()) {
    if (!Number.isInteger(layer.units) || layer.units < 1) return `layers[${i}].units should be ≥ 1`;
    if (layer.kernel.length !== fanIn * layer.units)
      return `layers[${i}].kernel should hold ${fanIn} × ${layer.units} weights, not ${layer.kernel.length}`;
    if (layer.bias.length !== layer.units)
      return `layers[${i}].bias should hold ${layer.units} values, not ${layer.bias.length}`;
    if (![...layer.kernel, ...layer.bias].every(Number.isFinite))
      return `layers[${i}] holds a weight that is not a finite number`;
    fanIn = layer.units;
  }
  if (model.spec.task === 'regression')
    return fanIn === 1 ? null : 'the last layer of a regression network should have one unit';
  return fanIn === 1 || fanIn >= 3
    ? null
    : 'the last layer should have one unit (two classes), or one per class for three or more';
}

function logistic(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** How many numbers the network gives per row: 1, or k class probabilities (a softmax output). */
export function mlpOutputs(model: MlpModel): number {
  return model.layers[model.layers.length - 1]?.units ?? 1;
}

/**
 * Scores rows with a stored network: the probability of class 1 (binary), the predicted value
 * (regression), or for k classes k probabilities per row, row-major (softmax). The forward pass is computed in doubles; TensorFlow.js computes in float32, so
 * the two agree to about 1e-7 (checked against tfjs in workers/training/mlp-predict.test.ts).
 */
export function predictMlp(model: MlpModel, x: DenseMatrix): Float64Array {
  const problem = mlpShapeProblem(model);
  if (problem !== null) throw new ModelError('bad-artifact', `This network cannot be used: ${problem}.`);
  if (x.cols !== model.inputs) {
    throw new ModelError('shape', `The network expects ${model.inputs} features; the data has ${x.cols}.`);
  }
  const widest = Math.max(model.inputs, ...model.layers.map((l) => l.units));
  let current = new Float64Array(widest);
  let next = new Float64Array(widest);
  const width = mlpOutputs(model);
  const out = new Float64Array(x.rows * width);
  const relu = model.spec.activation === 'relu';
  const last = model.layers.length - 1;
  for (let r = 0; r < x.rows; r++) {
    for (let k = 0; k < model.inputs; k++) current[k] = x.data[r * x.cols + k] ?? NaN;
    let fanIn = model.inputs;
    for (let l = 0; l <= last; l++) {
      const { units, kernel, bias } = model.layers[l] ?? { units: 0, kernel: [], bias: [] };
      for (let u = 0; u < units; u++) {
        let sum = bias[u] ?? 0;
        for (let k = 0; k < fanIn; k++) sum += (current[k] ?? 0) * (kernel[k * units + u] ?? 0);
        // `sum < 0 ? 0 : sum` keeps a NaN, as tfjs's relu does: a bad input never scores quietly.
        next[u] = l === last ? sum : relu ? (sum < 0 ? 0 : sum) : Math.tanh(sum);
      }
      [current, next] = [next, current];
      fanIn = units;
    }
    if (width > 1) softmaxInto(current, width, out, r * width);
    else {
      const z = current[0] ?? NaN;
      out[r] = model.spec.task === 'binary' ? logistic(z) : z;
    }
  }
  return out;
}

function softmaxInto(z: Float64Array, k: number, out: Float64Array, at: number): void {
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, z[c] ?? NaN);
  let sum = 0;
  for (let c = 0; c < k; c++) sum += Math.exp((z[c] ?? NaN) - max);
  for (let c = 0; c < k; c++) out[at + c] = Math.exp((z[c] ?? NaN) - max) / sum;
}
