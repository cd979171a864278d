import type { FitOptions, Task } from './types';

/**
 * The stored shapes of the gradient-boosted trees (see gbdt.ts): plain JSON, read back through
 * artifact.ts's parseModel.
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

/** What every boosted model holds, whatever its task. */
export interface GbdtCommon {
  readonly kind: 'gbdt';
  readonly format: 1;
  readonly nFeatures: number;
  readonly params: GbdtParams;
  /** Total split gain per feature (over every class's trees), summing to 1. */
  readonly featureImportance: number[];
  /** Mean training loss after each iteration. */
  readonly trainLoss: number[];
  /** Per iteration, from the holdout; null without early stopping. */
  readonly validationLoss: number[] | null;
  /** The early-stopping holdout; null without early stopping. Absent in models stored before it. */
  readonly holdout: GbdtHoldout | null;
}

/** Binary log-loss or squared error: one tree per iteration. */
export interface GbdtSingleModel extends GbdtCommon {
  readonly task: Task;
  /** Raw score before any tree: log-odds of the training positive rate, or the training mean. */
  readonly baseline: number;
  readonly trees: GbdtTree[];
}

/** k ≥ 3 classes, softmax (categorical cross-entropy) loss: one tree per class per iteration. */
export interface GbdtMulticlassModel extends GbdtCommon {
  readonly task: 'multiclass';
  /** Class names; class c is label c in training and column c of the probabilities. */
  readonly classes: string[];
  /** Raw score per class before any tree: the symmetric logit of the training class shares. */
  readonly baseline: number[];
  /** trees[iteration][class]. */
  readonly trees: GbdtTree[][];
}

export type GbdtModel = GbdtSingleModel | GbdtMulticlassModel;

interface GbdtOptionsBase extends FitOptions, Partial<GbdtParams> {
  /** Off by default; sklearn turns it on by itself above 10,000 rows, we never do. */
  readonly earlyStopping?: EarlyStopping | false;
}

export interface GbdtSingleOptions extends GbdtOptionsBase {
  readonly task: Task;
}

export interface GbdtMulticlassOptions extends GbdtOptionsBase {
  readonly task: 'multiclass';
  /** The class names; y holds label c for class classes[c]. At least 3. */
  readonly classes: readonly string[];
}

export type GbdtOptions = GbdtSingleOptions | GbdtMulticlassOptions;
