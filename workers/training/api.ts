/*
 * The training worker's interface: the only thing `src/` imports from `workers/` (types only).
 * Expected failures come back as `failed` events with a code; comlink loses error subclasses,
 * so a throw across the boundary is a bug.
 */
import type {
  BaselineModel,
  GbdtModel,
  LinearModel,
  LogisticModel,
  ModelArtifact,
  TreeModel,
} from '../../src/ml/models';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;

export interface BackendReport {
  /**
   * The backend the model trained on. The TypeScript models (every kind but `mlp`) always say
   * `cpu`: they run in plain JavaScript in the worker, whatever `TrainRequest.backend` asks.
   */
  readonly backend: BackendName;
  /** Why it was chosen, or why a preferred one was not, for people. */
  readonly reason: string;
  /** Backends this browser offers, in the order they are tried (`['cpu']` for TypeScript models). */
  readonly available: readonly BackendName[];
}

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

export interface TrainRequest {
  readonly runId: string;
  readonly spec: ModelSpec;
  /** Row-major features, rows × columns, already encoded and scaled. Transferred, not copied. */
  readonly x: Float32Array;
  readonly columns: number;
  /** One name per column: used in messages, rules and coefficients. */
  readonly featureNames: readonly string[];
  readonly y: Float32Array;
  /** Row numbers of the training and validation rows. */
  readonly train: Int32Array;
  readonly validation: Int32Array;
  /** The TensorFlow.js backend for `mlp`; the other kinds ignore it. */
  readonly backend: BackendChoice;
}

/** A fitted coefficient of a linear or logistic model, by feature name. */
export interface Coefficient {
  readonly feature: string;
  readonly value: number;
}

/** What `done` carries for each kind: the stored artifact and what people read of it. */
export type TrainedModel =
  | {
      readonly kind: 'mlp';
      readonly artifact: MlpArtifact;
      readonly stoppedEarly: boolean;
      readonly bestEpoch: number;
    }
  | { readonly kind: 'baseline'; readonly artifact: BaselineModel }
  | {
      readonly kind: 'logistic';
      readonly artifact: LogisticModel;
      /** In column order; `artifact.intercept` is the intercept. */
      readonly coefficients: readonly Coefficient[];
    }
  | { readonly kind: 'linear'; readonly artifact: LinearModel; readonly coefficients: readonly Coefficient[] }
  | {
      readonly kind: 'tree';
      readonly artifact: TreeModel;
      /** One rule per leaf, left to right: "tenure ≤ 17.5 and … → rate 0.52 (n=1,234)". */
      readonly treeRules: readonly string[];
    }
  | {
      readonly kind: 'gbdt';
      readonly artifact: GbdtModel;
      /** Boosting rounds kept (fewer than `maxIter` when early stopping stopped it). */
      readonly iterations: number;
    };

export type DoneEvent = {
  readonly type: 'done';
  readonly runId: string;
  /**
   * Scores of the validation rows, in the order of `validation`: the probability of class 1
   * (binary) or the predicted value (regression).
   */
  readonly scores: Float32Array;
  /** Scores of the training rows, in the order of `train`, same convention: for overfit checks. */
  readonly trainScores: Float32Array;
  readonly backend: BackendReport;
} & TrainedModel;

export type FailureCode = 'diverged' | 'cancelled' | 'bad-input' | 'backend' | 'out-of-memory' | 'internal';

export type TrainEvent =
  | { readonly type: 'started'; readonly runId: string; readonly backend: BackendReport }
  /** After each epoch of the `mlp`. */
  | {
      readonly type: 'epoch';
      readonly runId: string;
      readonly epoch: number;
      readonly loss: number;
      readonly validationLoss: number;
      readonly epochMs: number;
    }
  /** After each iteration of the iterative TypeScript models (logistic: Newton step, gbdt: round). */
  | {
      readonly type: 'progress';
      readonly runId: string;
      /** 1-based. */
      readonly iteration: number;
      /** The training objective, mean per row. */
      readonly loss: number;
      /** Since the fit started. */
      readonly elapsedMs: number;
    }
  | DoneEvent
  | {
      readonly type: 'failed';
      readonly runId: string;
      readonly code: FailureCode;
      readonly message: string;
    };

/** A trained network as plain data: stored with its run, reloaded to predict. */
export interface MlpArtifact {
  readonly kind: 'mlp';
  readonly spec: MlpSpec;
  readonly inputs: number;
  /** Per layer: the kernel (inputs × units, row-major) and the bias. */
  readonly layers: readonly { readonly units: number; readonly kernel: number[]; readonly bias: number[] }[];
}

/** Any stored model the worker trains. */
export type TrainedArtifact = MlpArtifact | ModelArtifact;

export interface TrainingApi {
  /** Backends that initialise here, and the one `auto` would choose. */
  backends(): Promise<BackendReport>;
  /** Trains; events arrive through `onEvent` (a comlink proxy). Resolves with the last event. */
  train(request: TrainRequest, onEvent: (event: TrainEvent) => void): Promise<TrainEvent>;
  cancel(runId: string): void;
}
