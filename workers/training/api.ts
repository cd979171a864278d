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

export type {
  BackendChoice,
  BackendName,
  BaselineSpec,
  GbdtSpec,
  LinearSpec,
  LogisticSpec,
  MlpSpec,
  ModelKind,
  ModelSpec,
  TrainTask,
  TreeSpec,
} from '../../src/notebook/model-types';
import type { BackendName, MlpSpec, ModelSpec, BackendChoice } from '../../src/notebook/model-types';

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
  /**
   * `mlp` only: a `checkpoint` event every `everyEpochs` epochs (0: none), and the checkpoint of
   * an interrupted run to continue from (its epochs are not trained again). Absent: neither.
   */
  readonly checkpoints?: { readonly everyEpochs: number; readonly resume: MlpCheckpoint | null };
}

/** A tensor as plain data (`notebook/runs`' TensorData). */
export interface TensorData {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** A network in training: what Resume needs to continue exactly (`notebook/runs`' MlpCheckpoint). */
export interface MlpCheckpoint {
  readonly epoch: number;
  readonly weights: readonly TensorData[];
  /** Adam's step count, then its first and second moments. */
  readonly optimizer: readonly TensorData[];
  readonly best: { readonly epoch: number; readonly loss: number; readonly weights: readonly TensorData[] };
  readonly curve: readonly { readonly step: number; readonly loss: number; readonly validationLoss: number | null }[];
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
  /**
   * `mlp` with `checkpoints`: `periodic` every few epochs; `best` before a `diverged` failure,
   * holding the best epoch's weights (the run keeps them).
   */
  | {
      readonly type: 'checkpoint';
      readonly runId: string;
      readonly reason: 'periodic' | 'best';
      readonly checkpoint: MlpCheckpoint;
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
  /**
   * Trains; every event, the last (`done` or `failed`) included, arrives through `onEvent` (a
   * comlink proxy). Resolves with the last event's type only: the event itself, with its scores
   * and model, crosses once, on the events' port, after every event before it.
   */
  train(request: TrainRequest, onEvent: (event: TrainEvent) => void): Promise<TrainEvent['type']>;
  cancel(runId: string): void;
}
