/*
 * The training worker's interface: the only thing `src/` imports from `workers/` (types only).
 * Expected failures come back as `failed` events with a code; comlink loses error subclasses,
 * so a throw across the boundary is a bug.
 */

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;

export interface BackendReport {
  /** The backend the model trained on. */
  readonly backend: BackendName;
  /** Why it was chosen, or why a preferred one was not, for people. */
  readonly reason: string;
  /** Backends this browser offers, in the order they are tried. */
  readonly available: readonly BackendName[];
}

/** A neural network; no hidden layers is logistic (or linear) regression trained by gradient descent. */
export interface MlpSpec {
  readonly kind: 'mlp';
  readonly task: 'binary' | 'regression';
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

export interface TrainRequest {
  readonly runId: string;
  readonly spec: MlpSpec;
  /** Row-major features, rows × columns, already encoded and scaled. Transferred, not copied. */
  readonly x: Float32Array;
  readonly columns: number;
  readonly y: Float32Array;
  /** Row numbers of the training and validation rows. */
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly backend: BackendChoice;
}

export type TrainEvent =
  | { readonly type: 'started'; readonly runId: string; readonly backend: BackendReport }
  | {
      readonly type: 'epoch';
      readonly runId: string;
      readonly epoch: number;
      readonly loss: number;
      readonly validationLoss: number;
      readonly epochMs: number;
    }
  | {
      readonly type: 'done';
      readonly runId: string;
      /** Scores of the validation rows, in the order of `validation`. */
      readonly scores: Float32Array;
      readonly artifact: MlpArtifact;
      readonly stoppedEarly: boolean;
      readonly bestEpoch: number;
      readonly backend: BackendReport;
    }
  | {
      readonly type: 'failed';
      readonly runId: string;
      readonly code: 'diverged' | 'cancelled' | 'bad-input' | 'backend' | 'out-of-memory' | 'internal';
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

export interface TrainingApi {
  /** Backends that initialise here, and the one `auto` would choose. */
  backends(): Promise<BackendReport>;
  /** Trains; events arrive through `onEvent` (a comlink proxy). Resolves with the last event. */
  train(request: TrainRequest, onEvent: (event: TrainEvent) => void): Promise<TrainEvent>;
  cancel(runId: string): void;
}
