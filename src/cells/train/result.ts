import type { BackendReport, TrainedArtifact } from '../../../workers/training/api';
import type {
  CrossValidation,
  CurvePoint,
  MetricValues,
  RunDetail,
  RunFields,
  RunRole,
} from '../../notebook/runs';
import type { Metric, Task } from '../../notebook/types';

// The shapes a run shares with its stored record live in notebook/runs.ts.
export type { CrossValidation, CurvePoint, MetricValues, RunDetail, RunRole };

/**
 * What a train cell's run shows while it trains: filled by the runner from the worker's events.
 * (The train cell's brief owns this file; see src/cells/README.md.)
 */
export interface TrainProgress {
  /** The model being trained, e.g. "Gradient-boosted trees (2 of 3)". */
  readonly label: string;
  /** Runs finished so far, and the total planned (models, trials and folds). */
  readonly done: number;
  readonly total: number;
  readonly backend: BackendReport | null;
  /** Loss per epoch or iteration of the model being trained. */
  readonly curve: readonly CurvePoint[];
}

/** A train cell's progress, as the runtime keeps it. */
export type TrainCellProgress = { readonly kind: 'train' } & TrainProgress;

/** One trained (or failed) model of a train cell's run. */
export interface RunRecord extends RunFields {
  /** Unique: a fresh id for every run, never reused. */
  readonly id: string;
  /** The fitted model, to store and to predict with; null for the rule and failed runs. */
  readonly model: TrainedArtifact | null;
  /** Scores of the validation rows, in the order of `TrainResult.validationRowIds`; null when failed. */
  readonly scores: Float32Array | null;
}

/**
 * Where a train cell's runs are kept. `saved`: trained now and stored; `restored`: the same
 * config trained on the same data before, its stored runs shown instead of training again;
 * `not-saved`: trained now, but storing failed (the runs live in this tab only; `message` says
 * why and what to do); `interrupted`: an interrupted batch shown until it is resumed.
 */
export type RunStorage =
  | { readonly state: 'saved'; readonly batchId: string; readonly trainedAt: string }
  | { readonly state: 'restored'; readonly batchId: string; readonly trainedAt: string }
  | { readonly state: 'not-saved'; readonly message: string }
  /** Stored as interrupted (the tab went away while it trained): shown, and Resume continues it. */
  | {
      readonly state: 'interrupted';
      readonly batchId: string;
      readonly trainedAt: string;
      readonly message: string;
    };

/** What a train cell's run produced. */
export interface TrainResult {
  /** The features table trained on. */
  readonly input: string;
  /** The predictions table written: run_id, run, role, row_id, truth, score (validation rows). */
  readonly output: string;
  readonly task: Task;
  /** The brief's metric and bar. */
  readonly metric: Metric;
  readonly bar: number | null;
  readonly featureNames: readonly string[];
  readonly rows: { readonly train: number; readonly validation: number };
  /** Multiclass: the class names (each run's scores hold one probability per class, in this order); null otherwise. */
  readonly classes: readonly string[] | null;
  /** `__row_id` of the validation rows, in the order of every run's `scores`. */
  readonly validationRowIds: Int32Array | Float64Array;
  /** The target of the validation rows (1 = positive class for binary), same order. */
  readonly validationTruth: Float32Array;
  /** SHA-256 (hex) of the split: every `__row_id` with its side, in row order. Same split, same hash. */
  readonly splitFingerprint: string;
  /** The TensorFlow.js backends this browser offers and the one `auto` picks. */
  readonly backends: BackendReport | null;
  readonly runs: readonly RunRecord[];
  /** The done model or trial run best on the brief's metric; null when none finished. */
  readonly best: string | null;
  readonly storage: RunStorage;
}

/** A train cell's run, as the runtime keeps it. */
export type TrainOutput = { readonly kind: 'train' } & TrainResult;
