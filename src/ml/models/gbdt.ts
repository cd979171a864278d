import { binMatrix, fitBinThresholds, missingPerFeature } from './gbdt-binning';
import { growTree, type GrowerContext, type GrownTree } from './gbdt-grower';
import { HistogramPool, histogramSize } from './gbdt-histogram';
import { baselineRaw, meanLoss, sigmoid, updateGradients } from './gbdt-loss';
import {
  earlyStoppingSettings,
  holdout,
  shouldStop,
  takeRows,
  type EarlyStoppingSettings,
} from './gbdt-early-stopping';
import { ModelError } from './errors';
import { FitLoop } from './progress';
import type { DenseMatrix, FitOptions, Task } from './types';
import {
  checkBinaryTarget,
  checkFeatures,
  checkInteger,
  checkPositive,
  checkShape,
  checkTargetFinite,
} from './validate';

/**
 * Histogram-based gradient-boosted trees after scikit-learn 1.2's HistGradientBoostingClassifier
 * (binary log-loss) and HistGradientBoostingRegressor (squared error), with the same defaults.
 * NaN features are binned apart and each split learns which side they go to.
 */
export interface GbdtTree {
  readonly feature: number[];
  /** x ≤ threshold goes left; Number.MAX_VALUE marks a split that sends only NaN right. */
  readonly threshold: number[];
  readonly missingLeft: boolean[];
  readonly left: number[];
  readonly right: number[];
  readonly value: number[];
  readonly count: number[];
}

export interface EarlyStopping {
  readonly validationFraction?: number;
  readonly nIterNoChange?: number;
  readonly tol?: number;
}

export interface GbdtParams {
  readonly learningRate: number;
  readonly maxIter: number;
  readonly maxLeafNodes: number;
  readonly minSamplesLeaf: number;
  readonly l2Regularization: number;
  readonly maxDepth: number | null;
  readonly maxBins: number;
}

/**
 * The inner validation split early stopping chose the number of trees on: carved, seeded, from
 * the rows the model was fitted on (stratified by class for classification), never from rows its
 * metrics are reported on. What a run states about its model selection.
 */
export interface GbdtHoldout {
  /** Share of the fitted rows held out (scikit-learn's validation_fraction). */
  readonly fraction: number;
  readonly seed: number;
  readonly stratified: boolean;
  /** Rows the trees were grown on, and rows held out to stop on. */
  readonly trainRows: number;
  readonly validationRows: number;
  readonly nIterNoChange: number;
  readonly tol: number;
}

export interface GbdtModel {
  readonly kind: 'gbdt';
  readonly format: 1;
  readonly task: Task;
  readonly nFeatures: number;
  readonly params: GbdtParams;
  /** Raw score before any tree: log-odds of the training positive rate, or the training mean. */
  readonly baseline: number;
  readonly trees: GbdtTree[];
  /** Total split gain per feature, summing to 1. */
  readonly featureImportance: number[];
  readonly trainLoss: number[];
  /** Per iteration, from the holdout; null without early stopping. */
  readonly validationLoss: number[] | null;
  /** The early-stopping holdout; null without early stopping. Absent in models stored before it. */
  readonly holdout: GbdtHoldout | null;
}

export interface GbdtOptions extends FitOptions, Partial<GbdtParams> {
  readonly task: Task;
  /** Off by default; sklearn turns it on by itself above 10,000 rows, we never do. */
  readonly earlyStopping?: EarlyStopping | false;
}

const DEFAULTS: GbdtParams = {
  learningRate: 0.1,
  maxIter: 100,
  maxLeafNodes: 31,
  minSamplesLeaf: 20,
  l2Regularization: 0,
  maxDepth: null,
  maxBins: 255,
};

function resolveParams(options: GbdtOptions): GbdtParams {
  const p: GbdtParams = {
    learningRate: options.learningRate ?? DEFAULTS.learningRate,
    maxIter: options.maxIter ?? DEFAULTS.maxIter,
    maxLeafNodes: options.maxLeafNodes ?? DEFAULTS.maxLeafNodes,
    minSamplesLeaf: options.minSamplesLeaf ?? DEFAULTS.minSamplesLeaf,
    l2Regularization: options.l2Regularization ?? DEFAULTS.l2Regularization,
    maxDepth: options.maxDepth ?? DEFAULTS.maxDepth,
    maxBins: options.maxBins ?? DEFAULTS.maxBins,
  };
  checkPositive(p.learningRate, 'learningRate');
  checkInteger(p.maxIter, 'maxIter', 1);
  checkInteger(p.maxLeafNodes, 'maxLeafNodes', 2);
  checkInteger(p.minSamplesLeaf, 'minSamplesLeaf', 1);
  checkPositive(p.l2Regularization, 'l2Regularization', true);
  if (p.maxDepth !== null) checkInteger(p.maxDepth, 'maxDepth', 1);
  if (!Number.isInteger(p.maxBins) || p.maxBins < 2 || p.maxBins > 255) {
    throw new ModelError('bad-option', `maxBins must be an integer from 2 to 255; got ${p.maxBins}.`);
  }
  return p;
}

function growerContext(x: DenseMatrix, params: GbdtParams, task: Task, seed: number): GrowerContext {
  const missingBin = params.maxBins;
  const thresholds = fitBinThresholds(x, params.maxBins, seed);
  const binned = binMatrix(x, thresholds, missingBin);
  const stride = params.maxBins + 1;
  const constantHessian = task === 'regression';
  return {
    binned,
    histogram: {
      binned,
      stride,
      gradients: new Float32Array(x.rows),
      hessians: new Float32Array(x.rows),
      constantHessian,
      ordered: { gradients: new Float32Array(x.rows), hessians: new Float32Array(x.rows) },
    },
    split: {
      stride,
      nBinsNonMissing: Int32Array.from(thresholds, (t) => t.length + 1),
      hasMissing: missingPerFeature(binned, missingBin),
      constantHessian,
      minSamplesLeaf: params.minSamplesLeaf,
      minHessianToSplit: 1e-3,
      l2: params.l2Regularization,
    },
    thresholds,
    missingBin,
    maxLeafNodes: params.maxLeafNodes,
    maxDepth: params.maxDepth,
    learningRate: params.learningRate,
    pool: new HistogramPool(histogramSize(x.cols, stride)),
    samples: new Int32Array(x.rows),
    scratch: new Int32Array(x.rows),
    goesLeft: new Uint8Array(missingBin + 1),
  };
}

function compact(tree: GrownTree): GbdtTree {
  const { feature, threshold, missingLeft, left, right, value, count } = tree;
  return { feature, threshold, missingLeft, left, right, value, count };
}

function validate(x: DenseMatrix, y: Float32Array, options: GbdtOptions): void {
  checkShape(x, y);
  if (options.task === 'classification') checkBinaryTarget(y);
  else checkTargetFinite(y);
  checkFeatures(x, 'Gradient-boosted trees', true, options.featureNames);
}

/** The training and (with early stopping) validation rows, raw scores and the losses so far. */
interface Boosting {
  readonly task: Task;
  readonly ctx: GrowerContext;
  readonly train: { x: DenseMatrix; y: Float32Array };
  readonly raw: Float64Array;
  readonly val: { x: DenseMatrix; y: Float32Array; raw: Float64Array; scores: number[] } | null;
  readonly trees: GbdtTree[];
  readonly gains: Float64Array;
  readonly trainLoss: number[];
  readonly validationLoss: number[];
}

function prepare(
  x: DenseMatrix,
  y: Float32Array,
  options: GbdtOptions,
  params: GbdtParams,
): Boosting & { baseline: number; holdout: GbdtHoldout | null } {
  const { task, seed = 0 } = options;
  const settings = options.earlyStopping ? earlyStoppingSettings(options.earlyStopping) : null;
  const split = settings === null ? null : holdout(task, y, settings.validationFraction, seed);
  const stated: GbdtHoldout | null =
    settings === null || split === null
      ? null
      : {
          fraction: settings.validationFraction,
          seed,
          stratified: task === 'classification',
          trainRows: split.train.length,
          validationRows: split.validation.length,
          nIterNoChange: settings.nIterNoChange,
          tol: settings.tol,
        };
  const train = split === null ? { x, y } : takeRows(x, y, split.train);
  // The holdout must leave both classes in the training part.
  if (split !== null && task === 'classification') checkBinaryTarget(train.y);
  const baseline = baselineRaw(task, train.y);
  const heldOut = split === null ? null : takeRows(x, y, split.validation);
  const valRaw = heldOut === null ? null : new Float64Array(heldOut.x.rows).fill(baseline);
  const val =
    heldOut === null || valRaw === null
      ? null
      : { ...heldOut, raw: valRaw, scores: [-meanLoss(task, heldOut.y, valRaw)] };
  return {
    task,
    baseline,
    holdout: stated,
    ctx: growerContext(train.x, params, task, seed),
    train,
    raw: new Float64Array(train.x.rows).fill(baseline),
    val,
    trees: [],
    gains: new Float64Array(x.cols),
    trainLoss: [],
    validationLoss: [],
  };
}

/** One boosting round on gradients already computed; returns true when early stopping says to stop. */
function boostOnce(b: Boosting, settings: EarlyStoppingSettings | null): boolean {
  const { ctx, raw } = b;
  const grown = growTree(ctx, raw);
  const tree = compact(grown);
  b.trees.push(tree);
  grown.gain.forEach((g, node) => {
    const f = grown.feature[node] ?? -1;
    if (f >= 0) b.gains[f] = (b.gains[f] ?? 0) + g;
  });
  if (b.val === null || settings === null) return false;
  addTree(tree, b.val.x, b.val.raw);
  const lossVal = meanLoss(b.task, b.val.y, b.val.raw);
  b.validationLoss.push(lossVal);
  b.val.scores.push(-lossVal);
  return shouldStop(b.val.scores, settings);
}

export async function fitGbdt(x: DenseMatrix, y: Float32Array, options: GbdtOptions): Promise<GbdtModel> {
  validate(x, y, options);
  const params = resolveParams(options);
  const settings = options.earlyStopping ? earlyStoppingSettings(options.earlyStopping) : null;
  const loop = new FitLoop(options);
  const b = prepare(x, y, options, params);
  const report = async (iteration: number, loss: number): Promise<void> => {
    b.trainLoss.push(loss);
    await loop.step(iteration, loss);
  };
  const { gradients, hessians } = b.ctx.histogram;
  for (let iteration = 1; iteration <= params.maxIter; iteration++) {
    // The gradient pass also yields the loss after the previous round: report it then.
    const lossSoFar = updateGradients(b.task, b.train.y, b.raw, gradients, hessians);
    if (iteration > 1) await report(iteration - 1, lossSoFar);
    if (boostOnce(b, settings)) break;
  }
  await report(b.trees.length, meanLoss(b.task, b.train.y, b.raw));
  const total = b.gains.reduce((s, g) => s + g, 0);
  return {
    kind: 'gbdt',
    format: 1,
    task: b.task,
    nFeatures: x.cols,
    params,
    baseline: b.baseline,
    trees: b.trees,
    featureImportance: Array.from(b.gains, (g) => (total > 0 ? g / total : 0)),
    trainLoss: b.trainLoss,
    validationLoss: b.val === null ? null : b.validationLoss,
    holdout: b.holdout,
  };
}

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

function addTree(tree: GbdtTree, x: DenseMatrix, raw: Float64Array): void {
  for (let i = 0; i < x.rows; i++) raw[i] = (raw[i] ?? 0) + treeValue(tree, x.data, i * x.cols);
}

/** Raw scores: log-odds for classification, the prediction itself for regression. */
export function predictGbdtRaw(model: GbdtModel, x: DenseMatrix): Float64Array {
  const raw = new Float64Array(x.rows).fill(model.baseline);
  for (const tree of model.trees) addTree(tree, x, raw);
  return raw;
}

/** Probability of class 1 (classification) or the predicted value (regression). */
export function predictGbdt(model: GbdtModel, x: DenseMatrix): Float64Array {
  const raw = predictGbdtRaw(model, x);
  return model.task === 'classification' ? raw.map(sigmoid) : raw;
}
