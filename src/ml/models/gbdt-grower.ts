import type { Binned } from './gbdt-binning';
import {
  buildHistogram,
  buildRootHistogram,
  type HistogramPool,
  subtractHistogram,
  type Histogram,
  type HistogramInput,
} from './gbdt-histogram';
import { findNodeSplit, leafValue, type NodeSums, type SplitInfo, type SplitParams } from './gbdt-split';

/**
 * Grows one tree best-first, as scikit-learn 1.2's TreeGrower: the splittable leaf with the
 * largest gain splits next until max_leaf_nodes leaves exist; a child with fewer than
 * 2 × min_samples_leaf rows, or at max_depth, stays a leaf. The smaller child's histogram is
 * built from its rows, the larger one's by subtraction from the parent.
 */
export interface GrownTree {
  readonly feature: number[];
  /** Split bin (for binned data) and raw threshold: x ≤ threshold goes left. */
  readonly bin: number[];
  readonly threshold: number[];
  readonly missingLeft: boolean[];
  readonly left: number[];
  readonly right: number[];
  /** Leaf value, already multiplied by the learning rate; 0 on internal nodes. */
  readonly value: number[];
  readonly count: number[];
  readonly gain: number[];
}

/** What every tree of a fit shares: the binned data, settings and scratch, sized once per fit. */
export interface GrowerContext {
  readonly binned: Binned;
  readonly split: SplitParams;
  readonly thresholds: readonly (readonly number[])[];
  readonly missingBin: number;
  readonly maxLeafNodes: number;
  readonly maxDepth: number | null;
  readonly learningRate: number;
  readonly pool: HistogramPool;
  /** Row indices, partitioned in place so that every node owns a contiguous slice. */
  readonly samples: Int32Array;
  readonly scratch: Int32Array;
  /** Scratch of missingBin + 1 entries: which side each bin goes to in the split being made. */
  readonly goesLeft: Uint8Array;
}

interface GrowNode {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly sums: NodeSums;
  readonly value: number;
  hist: Histogram | null;
  split: SplitInfo | null;
}

class Grower {
  readonly tree: GrownTree = {
    feature: [],
    bin: [],
    threshold: [],
    missingLeft: [],
    left: [],
    right: [],
    value: [],
    count: [],
    gain: [],
  };
  private readonly splittable: GrowNode[] = [];
  readonly leaves: GrowNode[] = [];

  constructor(
    private readonly ctx: GrowerContext,
    private readonly input: HistogramInput,
  ) {}

  node(start: number, end: number, depth: number, sums: NodeSums, value: number): GrowNode {
    const t = this.tree;
    const id = t.feature.length;
    t.feature.push(-1);
    t.bin.push(0);
    t.threshold.push(0);
    t.missingLeft.push(false);
    t.left.push(-1);
    t.right.push(-1);
    t.value.push(0);
    t.count.push(end - start);
    t.gain.push(0);
    return { id, start, end, depth, sums, value, hist: null, split: null };
  }

  release(node: GrowNode): void {
    this.ctx.pool.give(node.hist);
    node.hist = null;
  }

  finalize(node: GrowNode): void {
    this.release(node);
    this.leaves.push(node);
  }

  computeSplitAndPush(node: GrowNode): void {
    node.split = node.hist === null ? null : findNodeSplit(node.hist, node.sums, this.ctx.split);
    if (node.split === null) this.finalize(node);
    else this.splittable.push(node);
  }

  /** The splittable node with the largest gain; ties go to the one pushed first. */
  popBest(): GrowNode | undefined {
    let bestAt = -1;
    let bestGain = -Infinity;
    this.splittable.forEach((n, i) => {
      const gain = n.split?.gain ?? -Infinity;
      if (gain > bestGain) [bestAt, bestGain] = [i, gain];
    });
    return bestAt < 0 ? undefined : this.splittable.splice(bestAt, 1)[0];
  }

  /** Stable partition of the node's rows; returns how many go left. */
  partition(node: GrowNode, split: SplitInfo): number {
    const { samples, scratch, binned, missingBin, goesLeft } = this.ctx;
    const { bins } = binned;
    const column = split.feature * binned.rows;
    // Bin → 1 (left) or 0 (right), so that the loop below has no branch to mispredict.
    for (let b = 0; b < goesLeft.length; b++) goesLeft[b] = b <= split.bin ? 1 : 0;
    goesLeft[missingBin] = split.missingLeft ? 1 : 0;
    let l = node.start;
    let nRight = 0;
    for (let k = node.start; k < node.end; k++) {
      const row = samples[k] ?? 0;
      const left = goesLeft[bins[column + row] ?? 0] ?? 0;
      // Write both places, advance one.
      samples[l] = row;
      scratch[nRight] = row;
      l += left;
      nRight += 1 - left;
    }
    samples.set(scratch.subarray(0, nRight), l);
    return l - node.start;
  }

  recordSplit(node: GrowNode, split: SplitInfo, left: GrowNode, right: GrowNode): void {
    const t = this.tree;
    const f = split.feature;
    const thresholds = this.ctx.thresholds[f] ?? [];
    t.feature[node.id] = f;
    t.bin[node.id] = split.bin;
    // The last non-missing bin is a "split on NaN": every number goes left.
    t.threshold[node.id] = thresholds[split.bin] ?? Number.MAX_VALUE;
    // A feature with no NaN in training sends NaN to the larger child at predict time (as sklearn).
    const hasMissing = this.ctx.split.hasMissing[f] === 1;
    t.missingLeft[node.id] = hasMissing ? split.missingLeft : left.end - left.start > right.end - right.start;
    t.left[node.id] = left.id;
    t.right[node.id] = right.id;
    t.gain[node.id] = split.gain;
  }

  splitNext(node: GrowNode, split: SplitInfo): void {
    const nLeft = this.partition(node, split);
    const depth = node.depth + 1;
    const l2 = this.ctx.split.l2;
    const left = this.node(node.start, node.start + nLeft, depth, split.left, leafValue(split.left, l2));
    const right = this.node(node.start + nLeft, node.end, depth, split.right, leafValue(split.right, l2));
    this.recordSplit(node, split, left, right);
    const nLeaves = this.leaves.length + this.splittable.length + 2;
    if (nLeaves >= this.ctx.maxLeafNodes) {
      this.finalize(left);
      this.finalize(right);
      for (const open of this.splittable) this.finalize(open);
      this.splittable.length = 0;
    } else if (this.ctx.maxDepth !== null && depth >= this.ctx.maxDepth) {
      this.finalize(left);
      this.finalize(right);
    } else {
      this.splitChildren(node, left, right);
    }
    this.release(node);
  }

  splitChildren(parent: GrowNode, left: GrowNode, right: GrowNode): void {
    const minRows = 2 * this.ctx.split.minSamplesLeaf;
    const leftOpen = left.end - left.start >= minRows;
    const rightOpen = right.end - right.start >= minRows;
    if (!leftOpen) this.finalize(left);
    if (!rightOpen) this.finalize(right);
    if ((!leftOpen && !rightOpen) || parent.hist === null) return;
    const leftSmaller = left.end - left.start < right.end - right.start;
    const small = leftSmaller ? left : right;
    const large = leftSmaller ? right : left;
    small.hist = this.ctx.pool.take();
    buildHistogram(this.input, this.ctx.samples, small.start, small.end, small.hist);
    large.hist = this.ctx.pool.take();
    subtractHistogram(parent.hist, small.hist, large.hist);
    if (leftOpen) this.computeSplitAndPush(left);
    else this.release(left);
    if (rightOpen) this.computeSplitAndPush(right);
    else this.release(right);
  }

  grow(root: GrowNode): void {
    const p = this.ctx.split;
    if (root.end - root.start < 2 * p.minSamplesLeaf || root.sums.hessian < p.minHessianToSplit) {
      this.finalize(root);
    } else {
      root.hist = this.ctx.pool.take();
      buildRootHistogram(this.input, root.hist);
      this.computeSplitAndPush(root);
    }
    for (let node = this.popBest(); node !== undefined; node = this.popBest()) {
      if (node.split !== null) this.splitNext(node, node.split);
    }
  }
}

function rootSums(input: HistogramInput): NodeSums {
  const { gradients, hessians, constantHessian } = input;
  let gradient = 0;
  let hessian = 0;
  for (let i = 0; i < gradients.length; i++) gradient += gradients[i] ?? 0;
  if (constantHessian) hessian = gradients.length;
  else for (let i = 0; i < hessians.length; i++) hessian += hessians[i] ?? 0;
  return { gradient, hessian, count: gradients.length };
}

/**
 * Grows a tree on the gradients of `input` (one class's, for k classes) and adds its leaf values
 * to `raw` (that class's raw scores) for the training rows.
 */
export function growTree(ctx: GrowerContext, input: HistogramInput, raw: Float64Array): GrownTree {
  const n = ctx.binned.rows;
  for (let i = 0; i < n; i++) ctx.samples[i] = i;
  const grower = new Grower(ctx, input);
  // The root's own value is 0 in sklearn: it only matters when the root stays a leaf.
  grower.grow(grower.node(0, n, 0, rootSums(input), 0));
  for (const leaf of grower.leaves) {
    const value = leaf.value * ctx.learningRate;
    grower.tree.value[leaf.id] = value;
    for (let k = leaf.start; k < leaf.end; k++) {
      const row = ctx.samples[k] ?? 0;
      raw[row] = (raw[row] ?? 0) + value;
    }
  }
  return grower.tree;
}
