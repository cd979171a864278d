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

/** The best candidate so far, in scalars: scan runs for every bin of every feature of every node. */
class Best {
  gain = -1;
  feature = -1;
  bin = 0;
  missingLeft = false;
  /** Sums of the side the scan accumulated (left when scanning left to right, else right). */
  gradient = 0;
  hessian = 0;
  count = 0;

  reset(): void {
    this.gain = -1;
    this.feature = -1;
  }

  copy(from: Best): void {
    this.gain = from.gain;
    this.feature = from.feature;
    this.bin = from.bin;
    this.missingLeft = from.missingLeft;
    this.gradient = from.gradient;
    this.hessian = from.hessian;
    this.count = from.count;
  }

  toSplit(node: NodeSums): SplitInfo | null {
    if (this.feature < 0) return null;
    const near = { gradient: this.gradient, hessian: this.hessian, count: this.count };
    const far = {
      gradient: node.gradient - this.gradient,
      hessian: node.hessian - this.hessian,
      count: node.count - this.count,
    };
    const { gain, feature, bin, missingLeft } = this;
    return missingLeft
      ? { gain, feature, bin, missingLeft, left: far, right: near }
      : { gain, feature, bin, missingLeft, left: near, right: far };
  }
}

/**
 * One scan over a feature's bins. Left to right accumulates bins 0..b into the left child
 * (missing rows go right); right to left accumulates bins b+1.. into the right child (missing
 * rows go left).
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
      best.gain = gain;
      best.feature = f;
      best.bin = bin;
      best.missingLeft = !leftToRight;
      best.gradient = g;
      best.hessian = h;
      best.count = c;
    }
  }
}

export function findNodeSplit(hist: Histogram, node: NodeSums, p: SplitParams): SplitInfo | null {
  const chosen = new Best();
  const best = new Best();
  for (let f = 0; f < p.nBinsNonMissing.length; f++) {
    best.reset();
    scan(hist, f, node, p, true, best);
    if (p.hasMissing[f] === 1) scan(hist, f, node, p, false, best);
    if (best.feature >= 0 && (chosen.feature < 0 || best.gain > chosen.gain)) chosen.copy(best);
  }
  return chosen.toSplit(node);
}
