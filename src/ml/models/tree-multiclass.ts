import { FitLoop } from './progress';
import { partition, presort, type SortedRows, type Split } from './tree-build';
import type { ClassProbabilities, DenseMatrix, FitOptions } from './types';
import { checkFeatures, checkInteger, checkMulticlassTarget, checkShape } from './validate';

/**
 * A CART classification tree over k classes with Gini impurity, split for split as scikit-learn
 * 1.2.1's DecisionTreeClassifier(criterion='gini', max_features=None) on float32 data: a node is a
 * leaf when it is pure (Gini ≤ float64 eps), too small or at max_depth; split points lie between
 * values more than 1e-7 apart (sklearn's FEATURE_THRESHOLD), at the midpoint x/2 + next/2 (the
 * lower value if the midpoint rounds up to the upper); the proxy improvement −n_R·Gini_R − n_L·Gini_L
 * is computed with sklearn's operations. Features are tried in column order and the first best
 * split wins; sklearn shuffles the features (random_state), so only exact ties between features
 * (duplicated or complementary one-hot columns) may resolve differently. Binary targets keep
 * tree.ts, whose numbers this file does not touch.
 */
export interface MulticlassTreeNodes {
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly right: number[];
  /** Class shares of the node's training rows: node i's are value[i·k … i·k + k − 1]. */
  readonly value: number[];
  readonly count: number[];
  /** Gini impurity 1 − Σ p². */
  readonly impurity: number[];
}

export interface MulticlassTreeModel {
  readonly kind: 'tree-multiclass';
  readonly format: 1;
  readonly nFeatures: number;
  readonly classes: string[];
  readonly maxDepth: number | null;
  readonly minSamplesLeaf: number;
  readonly nodes: MulticlassTreeNodes;
  /** Weighted Gini decrease per feature, summing to 1 (0 everywhere for a single leaf). */
  readonly featureImportance: number[];
}

export interface MulticlassTreeOptions extends FitOptions {
  /** The class names; y holds indices into them (see ../metrics/classes.ts). */
  readonly classes: readonly string[];
  readonly maxDepth?: number | null;
  readonly minSamplesLeaf?: number;
  readonly minSamplesSplit?: number;
}

/** scikit-learn's tree/_splitter.pyx FEATURE_THRESHOLD and tree/_tree.pyx EPSILON. */
const FEATURE_THRESHOLD = 1e-7;
const EPSILON = 2.220446049250313e-16;

interface Build extends SortedRows {
  readonly y: Float32Array;
  readonly k: number;
  readonly minSamplesLeaf: number;
  readonly left: Float64Array;
  readonly right: Float64Array;
}

const gini = (sq: number, n: number): number => 1 - sq / (n * n);

function classCounts(build: Build, start: number, end: number): Float64Array {
  const counts = new Float64Array(build.k);
  for (let p = start; p < end; p++) {
    const c = build.y[build.rowsOrder[p] ?? 0] ?? 0;
    counts[c] = (counts[c] ?? 0) + 1;
  }
  return counts;
}

function squares(counts: Float64Array): number {
  let sq = 0;
  for (const v of counts) sq += v * v;
  return sq;
}

interface Candidate {
  readonly split: Split;
  readonly proxy: number;
}

/** The best split of one feature's slice that beats `best` (a proxy), or null. */
function scanFeature(
  build: Build,
  f: number,
  start: number,
  end: number,
  counts: Float64Array,
  best: number,
): Candidate | null {
  const { x, y, minSamplesLeaf, left, right } = build;
  const order = build.sorted[f] ?? new Int32Array(0);
  const at = (p: number): number => x.data[(order[p] ?? 0) * x.cols + f] ?? 0;
  if (at(end - 1) <= at(start) + FEATURE_THRESHOLD) return null;
  const n = end - start;
  left.fill(0);
  right.set(counts);
  let sqLeft = 0;
  let sqRight = squares(counts);
  let found: Candidate | null = null;
  for (let p = start + 1; p < end; p++) {
    const c = y[order[p - 1] ?? 0] ?? 0;
    sqLeft += 2 * (left[c] ?? 0) + 1;
    left[c] = (left[c] ?? 0) + 1;
    sqRight -= 2 * (right[c] ?? 0) - 1;
    right[c] = (right[c] ?? 0) - 1;
    const nLeft = p - start;
    if (n - nLeft < minSamplesLeaf) break;
    const lower = at(p - 1);
    const upper = at(p);
    if (nLeft < minSamplesLeaf || upper <= lower + FEATURE_THRESHOLD) continue;
    const proxy = -(n - nLeft) * gini(sqRight, n - nLeft) - nLeft * gini(sqLeft, nLeft);
    if (proxy > (found?.proxy ?? best)) {
      const midpoint = lower / 2 + upper / 2;
      const threshold = midpoint === upper || !Number.isFinite(midpoint) ? lower : midpoint;
      found = { split: { feature: f, threshold }, proxy };
    }
  }
  return found;
}

function bestSplit(build: Build, start: number, end: number, counts: Float64Array): Split | null {
  let split: Split | null = null;
  let best = -Infinity;
  for (let f = 0; f < build.x.cols; f++) {
    const found = scanFeature(build, f, start, end, counts, best);
    if (found !== null) ({ split, proxy: best } = found);
  }
  return split;
}

function prepare(x: DenseMatrix, y: Float32Array, options: MulticlassTreeOptions): Build {
  checkShape(x, y);
  checkMulticlassTarget(y, options.classes);
  checkFeatures(x, 'A decision tree', false, options.featureNames);
  const minSamplesLeaf = options.minSamplesLeaf ?? 1;
  checkInteger(minSamplesLeaf, 'minSamplesLeaf', 1);
  const k = options.classes.length;
  return { ...presort(x), y, k, minSamplesLeaf, left: new Float64Array(k), right: new Float64Array(k) };
}

interface Pending {
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly parent: number;
  readonly side: 'left' | 'right';
}

function addNode(nodes: MulticlassTreeNodes, counts: Float64Array, n: number, impurity: number): number {
  nodes.feature.push(-1);
  nodes.threshold.push(0);
  nodes.left.push(-1);
  nodes.right.push(-1);
  for (const v of counts) nodes.value.push(v / n);
  nodes.count.push(n);
  nodes.impurity.push(impurity);
  return nodes.feature.length - 1;
}

export async function fitMulticlassTree(
  x: DenseMatrix,
  y: Float32Array,
  options: MulticlassTreeOptions,
): Promise<MulticlassTreeModel> {
  const build = prepare(x, y, options);
  const maxDepth = options.maxDepth ?? null;
  if (maxDepth !== null) checkInteger(maxDepth, 'maxDepth', 0);
  const minSamplesSplit = options.minSamplesSplit ?? 2;
  checkInteger(minSamplesSplit, 'minSamplesSplit', 2);
  const loop = new FitLoop(options);
  const nodes: MulticlassTreeNodes = {
    feature: [],
    threshold: [],
    left: [],
    right: [],
    value: [],
    count: [],
    impurity: [],
  };
  const gains = new Float64Array(x.cols);
  const stack: Pending[] = [{ start: 0, end: x.rows, depth: 0, parent: -1, side: 'left' }];
  for (let task = stack.pop(); task !== undefined; task = stack.pop()) {
    await loop.tick();
    const { start, end, depth } = task;
    const n = end - start;
    const counts = classCounts(build, start, end);
    const impurity = gini(squares(counts), n);
    const id = addNode(nodes, counts, n, impurity);
    if (task.parent >= 0) nodes[task.side][task.parent] = id;
    const leaf =
      (maxDepth !== null && depth >= maxDepth) ||
      n < minSamplesSplit ||
      n < 2 * build.minSamplesLeaf ||
      impurity <= EPSILON;
    const split = leaf ? null : bestSplit(build, start, end, counts);
    if (split === null) continue;
    const nLeft = partition(build, start, end, split);
    nodes.feature[id] = split.feature;
    nodes.threshold[id] = split.threshold;
    const childImpurity = (from: number, to: number): number =>
      (to - from) * gini(squares(classCounts(build, from, to)), to - from);
    gains[split.feature] =
      (gains[split.feature] ?? 0) +
      n * impurity -
      childImpurity(start, start + nLeft) -
      childImpurity(start + nLeft, end);
    stack.push({ start: start + nLeft, end, depth: depth + 1, parent: id, side: 'right' });
    stack.push({ start, end: start + nLeft, depth: depth + 1, parent: id, side: 'left' });
  }
  const totalGain = gains.reduce((a, b) => a + b, 0);
  return {
    kind: 'tree-multiclass',
    format: 1,
    nFeatures: x.cols,
    classes: [...options.classes],
    maxDepth,
    minSamplesLeaf: build.minSamplesLeaf,
    nodes,
    featureImportance: Array.from(gains, (g) => (totalGain > 0 ? g / totalGain : 0)),
  };
}

/** The leaf a row falls into (NaN goes right, as it fails "≤ threshold"). */
export function multiclassTreeLeaf(
  nodes: MulticlassTreeNodes,
  data: Float32Array,
  rowOffset: number,
): number {
  let node = 0;
  for (let feature = nodes.feature[0] ?? -1; feature >= 0; feature = nodes.feature[node] ?? -1) {
    const goLeft = (data[rowOffset + feature] ?? 0) <= (nodes.threshold[node] ?? 0);
    node = (goLeft ? nodes.left[node] : nodes.right[node]) ?? 0;
  }
  return node;
}

/** The class shares of each row's leaf (sklearn's predict_proba). */
export function predictMulticlassTree(model: MulticlassTreeModel, x: DenseMatrix): ClassProbabilities {
  const k = model.classes.length;
  const out = new Float64Array(x.rows * k);
  for (let i = 0; i < x.rows; i++) {
    const leaf = multiclassTreeLeaf(model.nodes, x.data, i * x.cols);
    for (let c = 0; c < k; c++) out[i * k + c] = model.nodes.value[leaf * k + c] ?? 0;
  }
  return { data: out, rows: x.rows, classes: k };
}
