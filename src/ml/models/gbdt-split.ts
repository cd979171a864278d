import type { Histogram } from './gbdt-histogram';

/**
 * Best split of a node from its histogram, as scikit-learn 1.2's Splitter: the gain is
 * G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) (written as loss differences, in sklearn's order of
 * operations so that ties break the same way); splits that leave fewer than min_samples_leaf
 * rows or less than min_hessian_to_split hessian on a side are skipped. Missing values go right
 * when scanning bins left to right, left when scanning right to left (done only for features
 * that had missing values in training).
 */
export interface SplitParams {
  readonly stride: number;
  readonly nBinsNonMissing: Int32Array;
  readonly hasMissing: Uint8Array;
  readonly constantHessian: boolean;
  readonly minSamplesLeaf: number;
  readonly minHessianToSplit: number;
  readonly l2: number;
}

export interface NodeSums {
  readonly gradient: number;
  readonly hessian: number;
  readonly count: number;
}

export interface SplitInfo {
  readonly gain: number;
  readonly feature: number;
  /** Rows with bin ≤ this go left (missing rows follow `missingLeft`). */
  readonly bin: number;
  readonly missingLeft: boolean;
  readonly left: NodeSums;
  readonly right: NodeSums;
}

/** sklearn's compute_node_value (no monotonic bounds). */
export function leafValue(sums: NodeSums, l2: number): number {
  return -sums.gradient / (sums.hessian + l2 + 1e-15);
}

/** sklearn's _loss_from_value(compute_node_value(g, h), g). */
function lossOf(g: number, h: number, l2: number): number {
  return g * (-g / (h + l2 + 1e-15));
}

interface Best {
  gain: number;
  split: SplitInfo | null;
}

/**
 * One scan over a feature's bins. Left to right accumulates bins 0..b into the left child
 * (missing rows go right); right to left accumulates bins b+1.. into the right child (missing
 * rows go left). Scalars only in the loop: it runs for every bin of every feature of every node.
 */
function scan(
  hist: Histogram,
  f: number,
  node: NodeSums,
  p: SplitParams,
  leftToRight: boolean,
  best: Best,
): void {
  const nonMissing = p.nBinsNonMissing[f] ?? 0;
  const base = f * p.stride * 3;
  const { l2, minSamplesLeaf, minHessianToSplit, constantHessian } = p;
  const parentLoss = lossOf(node.gradient, node.hessian, l2);
  const last = leftToRight ? nonMissing - 1 + (p.hasMissing[f] ?? 0) : nonMissing - 1;
  let g = 0;
  let h = 0;
  let c = 0;
  for (let step = 0; step < last; step++) {
    const bin = leftToRight ? step : nonMissing - 2 - step;
    const at = base + (leftToRight ? bin : bin + 1) * 3;
    g += hist[at] ?? 0;
    c += hist[at + 2] ?? 0;
    h += constantHessian ? (hist[at + 2] ?? 0) : (hist[at + 1] ?? 0);
    const gFar = node.gradient - g;
    const hFar = node.hessian - h;
    const cFar = node.count - c;
    if (c < minSamplesLeaf) continue;
    if (cFar < minSamplesLeaf) break;
    if (h < minHessianToSplit) continue;
    if (hFar < minHessianToSplit) break;
    const gain = leftToRight
      ? parentLoss - lossOf(g, h, l2) - lossOf(gFar, hFar, l2)
      : parentLoss - lossOf(gFar, hFar, l2) - lossOf(g, h, l2);
    if (gain > best.gain && gain > 0) {
      const near = { gradient: g, hessian: h, count: c };
      const far = { gradient: gFar, hessian: hFar, count: cFar };
      best.gain = gain;
      best.split = leftToRight
        ? { gain, feature: f, bin, missingLeft: false, left: near, right: far }
        : { gain, feature: f, bin, missingLeft: true, left: far, right: near };
    }
  }
}

export function findNodeSplit(hist: Histogram, node: NodeSums, p: SplitParams): SplitInfo | null {
  let chosen: SplitInfo | null = null;
  for (let f = 0; f < p.nBinsNonMissing.length; f++) {
    const best: Best = { gain: -1, split: null };
    scan(hist, f, node, p, true, best);
    if (p.hasMissing[f] === 1) scan(hist, f, node, p, false, best);
    if (best.split !== null && (chosen === null || best.split.gain > chosen.gain)) chosen = best.split;
  }
  return chosen;
}
