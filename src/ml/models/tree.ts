import { FitLoop } from './progress';
import { partition, presort, type SortedRows, type Split } from './tree-build';
import type { DenseMatrix, FitOptions, Task } from './types';
import { checkBinaryTarget, checkFeatures, checkInteger, checkShape, checkTargetFinite } from './validate';

/**
 * A CART decision tree: binary classification with Gini impurity, regression with squared
 * error. Exact splits at midpoints between consecutive distinct values (as scikit-learn), found
 * on per-feature presorted row orders that are stably partitioned at each split, so a level
 * costs O(rows × features). Deterministic: features are tried in column order and the first
 * best split wins (scikit-learn shuffles features, so ties may resolve differently).
 * Nodes are stored in preorder; a leaf has feature -1.
 */
export interface TreeNodes {
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly right: number[];
  /** Positive rate (classification) or mean (regression) of the training rows in the node. */
  readonly value: number[];
  readonly count: number[];
  /** Gini impurity 2p(1-p) or variance of the node's training rows. */
  readonly impurity: number[];
}

export interface TreeModel {
  readonly kind: 'tree';
  readonly format: 1;
  readonly task: Task;
  readonly nFeatures: number;
  readonly maxDepth: number | null;
  readonly minSamplesLeaf: number;
  readonly nodes: TreeNodes;
  /** Weighted impurity decrease per feature, summing to 1 (0 everywhere for a single leaf). */
  readonly featureImportance: number[];
}

export interface TreeOptions extends FitOptions {
  readonly task: Task;
  /** Default: no limit (scikit-learn's default); a baseline tree wants 3–5. */
  readonly maxDepth?: number | null;
  readonly minSamplesLeaf?: number;
  readonly minSamplesSplit?: number;
}

interface Build extends SortedRows {
  readonly y: Float32Array;
  readonly minSamplesLeaf: number;
}

/** The split maximising sL²/nL + sR²/nR, which minimises both weighted Gini (0/1 y) and SSE. */
function bestSplit(build: Build, start: number, end: number, total: number): Split | null {
  const { x, y, sorted, minSamplesLeaf } = build;
  const n = end - start;
  let best = -Infinity;
  let split: Split | null = null;
  for (let f = 0; f < x.cols; f++) {
    const order = sorted[f];
    if (order === undefined) continue;
    let sumLeft = 0;
    for (let k = start; k < end - 1; k++) {
      const row = order[k] ?? 0;
      sumLeft += y[row] ?? 0;
      const nLeft = k - start + 1;
      if (n - nLeft < minSamplesLeaf) break;
      const value = x.data[row * x.cols + f] ?? 0;
      const next = x.data[(order[k + 1] ?? 0) * x.cols + f] ?? 0;
      if (nLeft < minSamplesLeaf || value === next) continue;
      const sumRight = total - sumLeft;
      const proxy = (sumLeft * sumLeft) / nLeft + (sumRight * sumRight) / (n - nLeft);
      if (proxy > best) {
        best = proxy;
        split = { feature: f, threshold: value / 2 + next / 2 };
      }
    }
  }
  return split;
}

function nodeStats(build: Build, start: number, end: number): { sum: number; impurity: number } {
  const order = build.rowsOrder;
  let sum = 0;
  let sumSq = 0;
  for (let k = start; k < end; k++) {
    const v = build.y[order[k] ?? 0] ?? 0;
    sum += v;
    sumSq += v * v;
  }
  const n = end - start;
  const mean = sum / n;
  return { sum, impurity: Math.max(0, sumSq / n - mean * mean) };
}

interface Pending {
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly parent: number;
  readonly side: 'left' | 'right';
}

function emptyNodes(): TreeNodes {
  return { feature: [], threshold: [], left: [], right: [], value: [], count: [], impurity: [] };
}

function addNode(nodes: TreeNodes, value: number, count: number, impurity: number): number {
  nodes.feature.push(-1);
  nodes.threshold.push(0);
  nodes.left.push(-1);
  nodes.right.push(-1);
  nodes.value.push(value);
  nodes.count.push(count);
  nodes.impurity.push(impurity);
  return nodes.feature.length - 1;
}

function prepare(x: DenseMatrix, y: Float32Array, options: TreeOptions): Build {
  checkShape(x, y);
  if (options.task === 'classification') checkBinaryTarget(y);
  else checkTargetFinite(y);
  checkFeatures(x, 'A decision tree', false, options.featureNames);
  const minSamplesLeaf = options.minSamplesLeaf ?? 1;
  checkInteger(minSamplesLeaf, 'minSamplesLeaf', 1);
  return { ...presort(x), y, minSamplesLeaf };
}

export async function fitTree(x: DenseMatrix, y: Float32Array, options: TreeOptions): Promise<TreeModel> {
  const build = prepare(x, y, options);
  const maxDepth = options.maxDepth ?? null;
  if (maxDepth !== null) checkInteger(maxDepth, 'maxDepth', 0);
  const minSamplesSplit = Math.max(options.minSamplesSplit ?? 2, 2 * build.minSamplesLeaf);
  const impurityScale = options.task === 'classification' ? 2 : 1; // Gini of 0/1 labels = 2 × variance
  const loop = new FitLoop(options);
  const nodes = emptyNodes();
  const gains = new Float64Array(x.cols);
  const stack: Pending[] = [{ start: 0, end: x.rows, depth: 0, parent: -1, side: 'left' }];
  for (let task = stack.pop(); task !== undefined; task = stack.pop()) {
    await loop.tick();
    const { start, end, depth } = task;
    const { sum, impurity } = nodeStats(build, start, end);
    const id = addNode(nodes, sum / (end - start), end - start, impurity * impurityScale);
    if (task.parent >= 0) nodes[task.side][task.parent] = id;
    const canSplit =
      (maxDepth === null || depth < maxDepth) && end - start >= minSamplesSplit && impurity > 1e-12;
    const split = canSplit ? bestSplit(build, start, end, sum) : null;
    if (split === null) continue;
    const nLeft = partition(build, start, end, split);
    nodes.feature[id] = split.feature;
    nodes.threshold[id] = split.threshold;
    const childImpurity = (from: number, to: number): number =>
      (to - from) * nodeStats(build, from, to).impurity;
    const decrease =
      (end - start) * impurity - childImpurity(start, start + nLeft) - childImpurity(start + nLeft, end);
    gains[split.feature] = (gains[split.feature] ?? 0) + decrease;
    stack.push({ start: start + nLeft, end, depth: depth + 1, parent: id, side: 'right' });
    stack.push({ start, end: start + nLeft, depth: depth + 1, parent: id, side: 'left' });
  }
  const totalGain = gains.reduce((a, b) => a + b, 0);
  return {
    kind: 'tree',
    format: 1,
    task: options.task,
    nFeatures: x.cols,
    maxDepth,
    minSamplesLeaf: build.minSamplesLeaf,
    nodes,
    featureImportance: Array.from(gains, (g) => (totalGain > 0 ? g / totalGain : 0)),
  };
}

/** The leaf each row falls into (NaN goes right, as it fails "≤ threshold"). */
export function treeLeaf(nodes: TreeNodes, data: Float32Array, rowOffset: number): number {
  let node = 0;
  for (let feature = nodes.feature[0] ?? -1; feature >= 0; feature = nodes.feature[node] ?? -1) {
    const goLeft = (data[rowOffset + feature] ?? 0) <= (nodes.threshold[node] ?? 0);
    node = (goLeft ? nodes.left[node] : nodes.right[node]) ?? 0;
  }
  return node;
}

export function predictTree(model: TreeModel, x: DenseMatrix): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) out[i] = model.nodes.value[treeLeaf(model.nodes, x.data, i * x.cols)] ?? 0;
  return out;
}
