/*
 * The training worker's interface: the only thing `src/` imports from `workers/` (types only).
 *
 * A run sends its data once: `load` transfers the matrix and the targets, which stay in the worker
 * for every model, trial and fold of the run; each `train` names the dataset and the rows to fit
 * and to score; `release` frees it at the end of the run (or on cancel). `train` resolves with the
 * final event (`done` or `failed`); the callback carries progress only, and every progress event
 * of a run has reached the page before `train` resolves.
 *
 * Expected failures come back as `failed` events with a code; comlink loses error subclasses,
 * so a throw across the boundary is a bug.
 */
import type {
  BackendReport,
  BaselineModel,
  Coefficient,
  GbdtModel,
  LinearModel,
  LogisticModel,
  MlpArtifact,
  MulticlassBaselineModel,
  MulticlassLogisticModel,
  MulticlassTreeModel,
  TreeModel,
} from '../../src/ml/models';
import type { BackendChoice, ModelSpec } from '../../src/ml/models/specs';
import type { Calibration } from '../../src/training/calibration';

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
} from '../../src/ml/models/specs';
export type { BackendReport, Coefficient, MlpArtifact, TrainedArtifact } from '../../src/ml/models';
export type { Calibration, CalibrationEntry } from '../../src/training/calibration';

/** A run's training data, sent once; it stays in the worker until `release(datasetId)`. */
export interface TrainingDataset {
  /** Chosen by the caller, unique among the datasets loaded at a time (a UUID). */
  readonly datasetId: string;
  /** Row-major features, rows × columns, already encoded and scaled. Transferred, not copied. */
  readonly x: Float32Array;
  /** One target per row (multiclass: the class index into `classes`). Transferred. */
  readonly y: Float32Array;
  /** Multiclass: the k ≥ 3 class names, class c is label c; absent for binary and regression. */
  readonly classes?: readonly string[];
  readonly columns: number;
  /** One name per column: used in messages, rules and coefficients. */
  readonly featureNames: readonly string[];
}

/** One model to train on rows of a loaded dataset. */
export interface TrainRequest {
  readonly runId: string;
  readonly datasetId: string;
  readonly spec: ModelSpec;
  /** Row numbers (0-based, into the dataset) of the training and validation rows. Transferred. */
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
  readonly curve: readonly {
    readonly step: number;
    readonly loss: number;
    readonly validationLoss: number | null;
  }[];
}

/** What `done` carries for each kind: the stored artifact and what people read of it. */
export type TrainedModel =
  | {
      readonly kind: 'mlp';
      readonly artifact: MlpArtifact;
      readonly stoppedEarly: boolean;
      readonly bestEpoch: number;
    }
  | { readonly kind: 'baseline'; readonly artifact: BaselineModel | MulticlassBaselineModel }
  | {
      readonly kind: 'logistic';
      readonly artifact: LogisticModel | MulticlassLogisticModel;
      /** In column order; `artifact.intercept` is the intercept. Multiclass: per class, then column. */
      readonly coefficients: readonly Coefficient[];
    }
  | { readonly kind: 'linear'; readonly artifact: LinearModel; readonly coefficients: readonly Coefficient[] }
  | {
      readonly kind: 'tree';
      readonly artifact: TreeModel | MulticlassTreeModel;
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
   * (binary), the predicted value (regression), or (multiclass) k probabilities per row,
   * row-major, in the order of the dataset's `classes`.
   */
  readonly scores: Float32Array;
  /** Scores of the training rows, in the order of `train`, same convention: for overfit checks. */
  readonly trainScores: Float32Array;
  readonly backend: BackendReport;
  /**
   * The model's fit alone, in ms, as the worker timed it: not copying its rows, nor scoring them
   * (the network: its epochs, each with its validation loss). What a backtest sums as its parts.
   */
  readonly fitMs: number;
} & TrainedModel;

export type FailureCode = 'diverged' | 'cancelled' | 'bad-input' | 'backend' | 'out-of-memory' | 'internal';

export interface FailedEvent {
  readonly type: 'failed';
  readonly runId: string;
  readonly code: FailureCode;
  readonly message: string;
}

/** What the progress callback carries while a model trains. */
export type TrainProgressEvent =
  /** The backend it trains on (again, after a lost WebGPU device moved it). */
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
    };

/** How a training ends: what `train` resolves with. */
export type TrainOutcome = DoneEvent | FailedEvent;

export type TrainEvent = TrainProgressEvent | TrainOutcome;

export interface TrainingApi {
  /**
   * Backends that initialise here, and the one `auto` would choose. With `measure`, `auto` is
   * calibrated first (about 2 s) when no calibration is held; without, an unmeasured device says so.
   */
  backends(measure?: boolean): Promise<BackendReport>;
  /** This device's calibration key, and the calibration the worker holds for it (null: none). */
  calibrationState(): Promise<{ key: string; held: Calibration | null }>;
  /** Holds a calibration the page kept; false (nothing held) when it is another device's. */
  useCalibration(calibration: Calibration): Promise<boolean>;
  /** Measures the backends now (about 2 s), holds and returns the result: "measure again". */
  calibrate(): Promise<Calibration>;
  /** How many calibrations this worker measured. */
  calibrations(): number;
  /** Keeps a run's data for the `train` calls that name it; its arrays are transferred. */
  load(dataset: TrainingDataset): Promise<void>;
  /**
   * Trains one model on rows of a loaded dataset. Progress goes to `onProgress` (a comlink
   * proxy); resolves with the final event once every progress event has been handled. A dataset
   * that is not loaded (released, or the worker was restarted) is a `failed` event.
   */
  train(request: TrainRequest, onProgress: (event: TrainProgressEvent) => void): Promise<TrainOutcome>;
  cancel(runId: string): void;
  /** Frees a dataset; unknown ids are ignored. */
  release(datasetId: string): void;
}

/**
 * What a training worker started in test mode also answers (its name holds `test-hooks`: the
 * page's `?test-hooks`, src/app/test-hooks.ts); any other worker refuses the call. For e2e tests
 * of what no user action can do.
 */
export interface TrainingTestApi {
  /**
   * Destroys the WebGPU device training uses (`GPUDevice.destroy()`: a real loss, which the worker
   * cannot tell from a driver reset). False when TensorFlow.js is not on WebGPU.
   */
  loseDevice(): boolean;
}
