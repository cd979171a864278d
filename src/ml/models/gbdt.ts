import { binMatrix, fitBinThresholds, missingPerFeature } from './gbdt-binning';
import { earlyStoppingSettings, holdout, shouldStop, takeRows } from './gbdt-early-stopping';
import { growTree, type GrowerContext, type GrownTree } from './gbdt-grower';
import { HistogramPool, histogramSize, type HistogramInput } from './gbdt-histogram';
import {
  baselineMulticlass,
  baselineRaw,
  meanLoss,
  meanLossMulticlass,
  updateGradients,
  updateGradientsMulticlass,
} from './gbdt-loss';
import { addTree } from './gbdt-predict';
import type {
  GbdtHoldout,
  GbdtModel,
  GbdtMulticlassModel,
  GbdtMulticlassOptions,
  GbdtOptions,
  GbdtParams,
  GbdtSingleModel,
  GbdtSingleOptions,
  GbdtTree,
} from './gbdt-types';
import { ModelError } from './errors';
import { FitLoop } from './progress';
import type { DenseMatrix } from './types';
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
 * (binary log-loss, or k classes with one tree per class per iteration and the softmax loss) and
 * HistGradientBoostingRegressor (squared error), with the same defaults. NaN features are binned
 * apart and each split learns which side they go to.
 */
export type * from './gbdt-types';
export { predictGbdt, predictGbdtRaw } from './gbdt-predict';

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

/** The task's loss: how many trees an iteration grows, the start, the gradients and the loss. */
interface Objective {
  readonly treesPerIteration: number;
  readonly constantHessian: boolean;
  /** Classes to stratify the early-stopping holdout by; null: not stratified. */
  readonly strata: number | null;
  baseline(y: Float32Array): number[];
  /** Writes the gradients and hessians (class-major) and returns the mean loss at `raw`. */
  gradients(y: Float32Array, raw: Float64Array, g: Float32Array, h: Float32Array): number;
  loss(y: Float32Array, raw: Float64Array): number;
}

function objective(options: GbdtOptions): Objective {
  if (options.task === 'multiclass') {
    const k = options.classes.length;
    return {
      treesPerIteration: k,
      constantHessian: false,
      strata: k,
      baseline: (y) => baselineMulticlass(y, k),
      gradients: (y, raw, g, h) => updateGradientsMulticlass(y, raw, k, g, h),
      loss: (y, raw) => meanLossMulticlass(y, raw, k),
    };
  }
  const { task } = options;
  return {
    treesPerIteration: 1,
    constantHessian: task === 'regression',
    strata: task === 'classification' ? 2 : null,
    baseline: (y) => [baselineRaw(task, y)],
    gradients: (y, raw, g, h) => updateGradients(task, y, raw, g, h),
    loss: (y, raw) => meanLoss(task, y, raw),
  };
}

/** Labels 0 … k − 1, each present: a class without training rows could never be predicted. */
function checkClassLabels(y: Float32Array, classes: readonly string[]): void {
  if (classes.length < 3) {
    throw new ModelError(
      'bad-option',
      `Multiclass boosting needs at least 3 classes; got ${classes.length}. Two classes are a binary task.`,
    );
  }
  const counts = new Float64Array(classes.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i] ?? NaN;
    if (!Number.isInteger(v) || v < 0 || v >= classes.length) {
      throw new ModelError(
        'bad-target',
        `The target must be a class number from 0 to ${classes.length - 1}; row ${i + 1} has ${v}.`,
      );
    }
    counts[v] = (counts[v] ?? 0) + 1;
  }
  const missing = classes.filter((_, c) => counts[c] === 0);
  if (missing.length > 0) {
    throw new ModelError(
      'bad-target',
      `The class${missing.length > 1 ? 'es' : ''} ${missing.map((c) => `'${c}'`).join(', ')} ` +
        'have no training rows: a model cannot learn a class it never sees. Merge rare classes in a clean cell, or check the filter and the split.',
    );
  }
}

function validate(x: DenseMatrix, y: Float32Array, options: GbdtOptions): void {
  checkShape(x, y);
  if (options.task === 'multiclass') checkClassLabels(y, options.classes);
  else if (options.task === 'classification') checkBinaryTarget(y);
  else checkTargetFinite(y);
  checkFeatures(x, 'Gradient-boosted trees', true, options.featureNames);
}

function growerContext(
  x: DenseMatrix,
  params: GbdtParams,
  constantHessian: boolean,
  seed: number,
): GrowerContext {
  const missingBin = params.maxBins;
  const thresholds = fitBinThresholds(x, params.maxBins, seed);
  const binned = binMatrix(x, thresholds, missingBin);
  const stride = params.maxBins + 1;
  return {
    binned,
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

/** One class's slice of a class-major array. */
function slice(a: Float64Array, c: number, rows: number): Float64Array {
  return a.subarray(c * rows, (c + 1) * rows);
}

function slice32(a: Float32Array, c: number, rows: number): Float32Array {
  return a.subarray(c * rows, (c + 1) * rows);
}

/** The rows held out for early stopping, their raw scores (class-major) and scores so far. */
interface HeldOut {
  readonly x: DenseMatrix;
  readonly y: Float32Array;
  readonly raw: Float64Array;
  readonly scores: number[];
}

/** Everything a fit allocates, once: gradients, raw scores and their per-class views. */
interface Boosting {
  readonly objective: Objective;
  readonly ctx: GrowerContext;
  readonly train: { x: DenseMatrix; y: Float32Array };
  readonly baseline: number[];
  readonly gradients: Float32Array;
  readonly hessians: Float32Array;
  readonly raw: Float64Array;
  /** Per class: its gradients for the grower and its slice of `raw`. */
  readonly perClass: { input: HistogramInput; raw: Float64Array }[];
  readonly val: HeldOut | null;
  readonly holdout: GbdtHoldout | null;
  readonly rounds: GbdtTree[][];
  readonly gains: Float64Array;
  readonly trainLoss: number[];
  readonly validationLoss: number[];
}

interface Split {
  readonly rows: { readonly train: Int32Array; readonly validation: Int32Array };
  readonly stated: GbdtHoldout;
}

function split(y: Float32Array, options: GbdtOptions, strata: number | null): Split | null {
  const { seed = 0 } = options;
  const settings = options.earlyStopping ? earlyStoppingSettings(options.earlyStopping) : null;
  if (settings === null) return null;
  const rows = holdout(y, strata, settings.validationFraction, seed);
  const stated: GbdtHoldout = {
    fraction: settings.validationFraction,
    seed,
    stratified: strata !== null,
    trainRows: rows.train.length,
    validationRows: rows.validation.length,
    nIterNoChange: settings.nIterNoChange,
    tol: settings.tol,
  };
  return { rows, stated };
}

function prepare(x: DenseMatrix, y: Float32Array, options: GbdtOptions, params: GbdtParams): Boosting {
  const obj = objective(options);
  const heldOut = split(y, options, obj.strata);
  const train = heldOut === null ? { x, y } : takeRows(x, y, heldOut.rows.train);
  // The holdout must leave every class in the training part.
  if (heldOut !== null) validate(train.x, train.y, options);
  const baseline = obj.baseline(train.y);
  const n = train.x.rows;
  const k = obj.treesPerIteration;
  const gradients = new Float32Array(k * n);
  const hessians = new Float32Array(k * n);
  const raw = new Float64Array(k * n);
  baseline.forEach((b, c) => raw.fill(b, c * n, (c + 1) * n));
  const ctx = growerContext(train.x, params, obj.constantHessian, options.seed ?? 0);
  const ordered = { gradients: new Float32Array(n), hessians: new Float32Array(n) };
  const perClass = baseline.map((_, c) => ({
    input: {
      binned: ctx.binned,
      stride: params.maxBins + 1,
      gradients: slice32(gradients, c, n),
      hessians: slice32(hessians, c, n),
      constantHessian: obj.constantHessian,
      ordered,
    },
    raw: slice(raw, c, n),
  }));
  let val: HeldOut | null = null;
  if (heldOut !== null) {
    const v = takeRows(x, y, heldOut.rows.validation);
    const valRaw = new Float64Array(k * v.x.rows);
    baseline.forEach((b, c) => valRaw.fill(b, c * v.x.rows, (c + 1) * v.x.rows));
    val = { ...v, raw: valRaw, scores: [-obj.loss(v.y, valRaw)] };
  }
  return {
    objective: obj,
    ctx,
    train,
    baseline,
    gradients,
    hessians,
    raw,
    perClass,
    val,
    holdout: heldOut?.stated ?? null,
    rounds: [],
    gains: new Float64Array(x.cols),
    trainLoss: [],
    validationLoss: [],
  };
}

function compact(tree: GrownTree): GbdtTree {
  const { feature, threshold, missingLeft, left, right, value, count } = tree;
  return { feature, threshold, missingLeft, left, right, value, count };
}

/** One boosting round (a tree per class) on gradients already computed. */
function boostOnce(b: Boosting): void {
  const round = b.perClass.map(({ input, raw }) => {
    const grown = growTree(b.ctx, input, raw);
    grown.gain.forEach((g, node) => {
      const f = grown.feature[node] ?? -1;
      if (f >= 0) b.gains[f] = (b.gains[f] ?? 0) + g;
    });
    return compact(grown);
  });
  b.rounds.push(round);
  const { val } = b;
  if (val === null) return;
  round.forEach((tree, c) => addTree(tree, val.x, slice(val.raw, c, val.x.rows)));
  const lossVal = b.objective.loss(val.y, val.raw);
  b.validationLoss.push(lossVal);
  val.scores.push(-lossVal);
}

export async function fitGbdt(
  x: DenseMatrix,
  y: Float32Array,
  options: GbdtMulticlassOptions,
): Promise<GbdtMulticlassModel>;
export async function fitGbdt(
  x: DenseMatrix,
  y: Float32Array,
  options: GbdtSingleOptions,
): Promise<GbdtSingleModel>;
export async function fitGbdt(x: DenseMatrix, y: Float32Array, options: GbdtOptions): Promise<GbdtModel>;
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
  for (let iteration = 1; iteration <= params.maxIter; iteration++) {
    // The gradient pass also yields the loss after the previous round: report it then.
    const lossSoFar = b.objective.gradients(b.train.y, b.raw, b.gradients, b.hessians);
    if (iteration > 1) await report(iteration - 1, lossSoFar);
    boostOnce(b);
    if (b.val !== null && settings !== null && shouldStop(b.val.scores, settings)) break;
  }
  await report(b.rounds.length, b.objective.loss(b.train.y, b.raw));
  const total = b.gains.reduce((s, g) => s + g, 0);
  const common = {
    kind: 'gbdt',
    format: 1,
    nFeatures: x.cols,
    params,
    featureImportance: Array.from(b.gains, (g) => (total > 0 ? g / total : 0)),
    trainLoss: b.trainLoss,
    validationLoss: b.val === null ? null : b.validationLoss,
    holdout: b.holdout,
  } as const;
  if (options.task === 'multiclass') {
    return {
      ...common,
      task: 'multiclass',
      classes: [...options.classes],
      baseline: b.baseline,
      trees: b.rounds,
    };
  }
  return { ...common, task: options.task, baseline: b.baseline[0] ?? 0, trees: b.rounds.flat() };
}
