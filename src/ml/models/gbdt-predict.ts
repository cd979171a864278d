import { assertNever } from '../../lib/errors';
import { sigmoid, softmaxRows } from './gbdt-loss';
import type { GbdtModel, GbdtTree } from './gbdt-types';
import type { DenseMatrix } from './types';

/** Leaf value of one tree for the row at `offset` of `data`. */
function treeValue(tree: GbdtTree, data: Float32Array, offset: number): number {
  let node = 0;
  for (let f = tree.feature[0] ?? -1; f >= 0; f = tree.feature[node] ?? -1) {
    const v = data[offset + f] ?? 0;
    const goLeft = Number.isNaN(v) ? tree.missingLeft[node] === true : v <= (tree.threshold[node] ?? 0);
    node = (goLeft ? tree.left[node] : tree.right[node]) ?? 0;
  }
  return tree.value[node] ?? 0;
}

/** Adds one tree's values to `raw` (one class's slice of raw scores, for k classes). */
export function addTree(tree: GbdtTree, x: DenseMatrix, raw: Float64Array): void {
  for (let i = 0; i < x.rows; i++) raw[i] = (raw[i] ?? 0) + treeValue(tree, x.data, i * x.cols);
}

/**
 * Raw scores: log-odds for binary classification, the prediction itself for regression; for k
 * classes, class-major (class c of row i at c × rows + i), before the softmax.
 */
export function predictGbdtRaw(model: GbdtModel, x: DenseMatrix): Float64Array {
  if (model.task !== 'multiclass') {
    const raw = new Float64Array(x.rows).fill(model.baseline);
    for (const tree of model.trees) addTree(tree, x, raw);
    return raw;
  }
  const k = model.classes.length;
  const raw = new Float64Array(x.rows * k);
  model.baseline.forEach((b, c) => raw.fill(b, c * x.rows, (c + 1) * x.rows));
  for (const round of model.trees) {
    round.forEach((tree, c) => addTree(tree, x, raw.subarray(c * x.rows, (c + 1) * x.rows)));
  }
  return raw;
}

/**
 * Probability of class 1 (binary) or the predicted value (regression), one per row; for k
 * classes, one probability per class, row-major (row i's class c at i × k + c), in the order of
 * `model.classes`, as scikit-learn's predict_proba.
 */
export function predictGbdt(model: GbdtModel, x: DenseMatrix): Float64Array {
  const raw = predictGbdtRaw(model, x);
  switch (model.task) {
    case 'classification':
      return raw.map(sigmoid);
    case 'regression':
      return raw;
    case 'multiclass':
      return softmaxRows(raw, x.rows, model.classes.length);
    default:
      return assertNever(model);
  }
}
