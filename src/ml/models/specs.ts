/*
 * What a model is asked to be: its kind, its hyperparameters and, for the network, the
 * TensorFlow.js backend. Plain JSON, stored in the document (`notebook/model-types.ts` re-exports
 * them), read by the training worker and kept in each fitted artifact.
 */

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;

/**
 * The task as the rest of the app names it (the case brief): `binary` scores are the
 * probability of class 1, `regression` scores the predicted value. The TypeScript models call
 * `binary` 'classification' in their artifacts.
 */
export type TrainTask = 'binary' | 'regression';

/** A neural network; no hidden layers is logistic (or linear) regression trained by gradient descent. */
export interface MlpSpec {
  readonly kind: 'mlp';
  readonly task: TrainTask;
  readonly hidden: readonly number[];
  readonly activation: 'relu' | 'tanh';
  readonly dropout: number;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
  /** Stop when the validation loss has not improved for this many epochs; 0 for never. */
  readonly patience: number;
  /** L2 penalty on the weights. */
  readonly l2: number;
  readonly seed: number;
}

/** The training positive rate (binary) or mean (regression) for every row: the floor to beat. */
export interface BaselineSpec {
  readonly kind: 'baseline';
  readonly task: TrainTask;
  readonly seed: number;
}

/** L2 logistic regression (binary only), scikit-learn's objective; Newton steps, at most 100. */
export interface LogisticSpec {
  readonly kind: 'logistic';
  /** Inverse regularisation strength, as scikit-learn's `C` (default there: 1). */
  readonly C: number;
  readonly seed: number;
}

/** Least squares (regression only). */
export interface LinearSpec {
  readonly kind: 'linear';
  /** Ridge penalty; 0 is ordinary least squares (scikit-learn's `Ridge` default: 1). */
  readonly alpha: number;
  readonly seed: number;
}

/** One CART decision tree (Gini / squared error); its rules come back as text. */
export interface TreeSpec {
  readonly kind: 'tree';
  readonly task: TrainTask;
  /** null: no limit (scikit-learn's default); 3–5 gives rules a person can read. */
  readonly maxDepth: number | null;
  /** scikit-learn's default: 1. */
  readonly minSamplesLeaf: number;
  readonly seed: number;
}

/** Histogram gradient-boosted trees after scikit-learn's HistGradientBoosting (255 bins). */
export interface GbdtSpec {
  readonly kind: 'gbdt';
  readonly task: TrainTask;
  /** scikit-learn's defaults: 0.1, 100, 31, null, 20, 0. */
  readonly learningRate: number;
  readonly maxIter: number;
  readonly maxLeafNodes: number;
  readonly maxDepth: number | null;
  readonly minSamplesLeaf: number;
  /** L2 penalty on leaf values (`l2_regularization`). */
  readonly l2: number;
  /**
   * Holds out 10% of the training rows (stratified, seeded) and stops after 10 rounds without
   * improving their loss by 1e-7: scikit-learn's settings, which it turns on by itself above
   * 10,000 rows; here it is the caller's choice.
   */
  readonly earlyStopping: boolean;
  readonly seed: number;
}

export type ModelSpec = MlpSpec | BaselineSpec | LogisticSpec | LinearSpec | TreeSpec | GbdtSpec;
export type ModelKind = ModelSpec['kind'];
