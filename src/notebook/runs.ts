import type { BackendReport, Coefficient, MlpArtifact, TrainedArtifact } from '../ml/models';
import type { FeatureSpec } from './feature-types';
import type { CaseId, CellId, RunId } from './ids';
import type { ModelSpec } from './model-types';
import type { TrainConfig } from './train-types';
import type { Baseline, Cell, Metric, Task } from './types';

/*
 * Training runs as they are stored: immutable records of what a train cell trained, with the
 * chain of cells that made its data. The train cell builds them (`cells/train/stored.ts`), the
 * storage keeps them (`storage/runs.ts`), the Runs view reads them. Types only.
 */

/** The backend a run trained on and why; a stored model; a named coefficient (src/ml/models). */
export type RunBackend = BackendReport;
export type StoredMlp = MlpArtifact;
export type StoredModel = TrainedArtifact;
export type { Coefficient };

/** One point of a loss curve: an epoch (MLP) or a boosting round / Newton step. */
export interface CurvePoint {
  readonly step: number;
  readonly loss: number;
  readonly validationLoss: number | null;
}

/**
 * `baseline`: the majority class / mean; `rule`: the brief's SQL rule (scored, not trained);
 * `model`: a model of the cell; `trial`: one point of a hyperparameter search.
 */
export type RunRole = 'baseline' | 'rule' | 'model' | 'trial';

/** Metrics on one set of rows; null where undefined (one class in the rows, say). */
export type MetricValues = Partial<Record<Metric, number | null>>;

/** k-fold cross-validation of one model on the training rows, on the brief's metric. */
export interface CrossValidation {
  readonly folds: number;
  readonly values: readonly (number | null)[];
  readonly mean: number | null;
  readonly std: number | null;
}

/** What people read of a fitted model besides its metrics. */
export interface RunDetail {
  /** Logistic / linear: by feature name, in column order. */
  readonly coefficients?: readonly Coefficient[];
  readonly intercept?: number;
  /** Decision tree: one rule per leaf. */
  readonly rules?: readonly string[];
  /** Boosting rounds kept. */
  readonly iterations?: number;
  /** MLP: early stopping and the epoch whose weights were kept. */
  readonly stoppedEarly?: boolean;
  readonly bestEpoch?: number;
}

/** One cell of the chain that made a run's training table, as it was when the run trained. */
export interface LineageLink {
  /** The cell as it was: kind, config (SQL, clean steps, feature spec, brief, source file and note) and reads. */
  readonly cell: Cell;
  /** The cell's fingerprint (kind, config, inputs' fingerprints), as the runtime computes staleness. */
  readonly fingerprint: string;
  /** The cells it reads from, in the order of its reads. */
  readonly upstream: readonly CellId[];
  /** Features cells: the spec as fitted on the training rows; null when not at hand. */
  readonly fitted: FeatureSpec | null;
  /** The query that made the cell's table where it is compiled (clean, features); null otherwise. */
  readonly sql: string | null;
}

/** The transitive upstream cells of a train cell, upstream first (graph order). */
export interface RunLineage {
  readonly links: readonly LineageLink[];
}

/** What of the brief a training depends on. */
export interface RunFraming {
  readonly task: Task;
  readonly metric: Metric;
  readonly bar: number | null;
  readonly baseline: Baseline;
}

/** The table a batch trained on. */
export interface TrainingData {
  /** The features table and the predictions table written. */
  readonly input: string;
  readonly output: string;
  /** SHA-256 (hex) of the features matrix, the target, the row ids, the split and the feature names. */
  readonly fingerprint: string;
  /** SHA-256 (hex) of the split alone (see `cells/train/input.ts`). */
  readonly splitFingerprint: string;
  readonly featureNames: readonly string[];
  readonly rows: { readonly train: number; readonly validation: number };
  /** Multiclass: the class names, class c is index c of the truth and of each row's k scores. */
  readonly classes?: readonly string[];
}

/**
 * One run of a train cell: every model it trained (bad ones too), with what they share. Written
 * once with its runs and never changed: tags, notes and hiding live in `RunNotes`.
 */
export interface RunBatch {
  readonly id: string;
  readonly caseId: CaseId;
  readonly cellId: CellId;
  /** The reuse key: SHA-256 of the train config, the brief's framing, the data and lineage fingerprints and the app version. */
  readonly key: string;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly appVersion: string;
  readonly config: TrainConfig;
  readonly framing: RunFraming;
  readonly lineage: RunLineage;
  readonly data: TrainingData;
  /** The TensorFlow.js backends the browser offered. */
  readonly backends: RunBackend | null;
  /** Its runs, in the order they trained. */
  readonly runIds: readonly RunId[];
  /** The done model or trial best on the brief's metric; null when none finished. */
  readonly best: RunId | null;
  /** `__row_id` of the validation rows, in the order of every run's scores. */
  readonly validationRowIds: Int32Array | Float64Array;
  /** The target of the validation rows (1 = positive class for binary), same order. */
  readonly validationTruth: Float32Array;
}

export type RunStatus = 'done' | 'failed' | 'cancelled' | 'interrupted';

/** What a run is, in a train cell's result and in storage alike. */
export interface RunFields {
  /** For people: "Logistic regression (C = 1)", "Search gbdt: trial 3 of 8". */
  readonly label: string;
  readonly role: RunRole;
  /** Runs of one hyperparameter search share a group label; null otherwise. */
  readonly group: string | null;
  /** The spec trained, task filled in; null for the rule baseline. */
  readonly spec: ModelSpec | null;
  /** A trial's values of the searched parameters. */
  readonly params: Readonly<Record<string, number>> | null;
  /**
   * `interrupted`: the tab crashed, reloaded or closed while it trained (found at the next start);
   * its curve is what was trained, and Resume continues from its last checkpoint.
   */
  readonly status: RunStatus;
  /** Why it failed, for people; null when done. */
  readonly message: string | null;
  readonly backend: RunBackend | null;
  readonly durationMs: number;
  /** Every metric of the task, on the validation rows (threshold 0.5 where one is needed). */
  readonly metrics: MetricValues;
  /** The brief's metric on the training rows: a large gap to validation is overfitting. */
  readonly trainMetric: number | null;
  readonly cv: CrossValidation | null;
  readonly curve: readonly CurvePoint[];
  readonly detail: RunDetail;
}

/** One trained (or failed) model: what is listed and compared. The model and scores are apart, in `RunArtifact`. */
export interface StoredRun extends RunFields {
  readonly id: RunId;
  readonly batchId: string;
  /** Its position in the batch. */
  readonly index: number;
  /** ISO 8601. */
  readonly startedAt: string;
}

/** The heavy part of a run, in its own table so that listing runs stays cheap. */
export interface RunArtifact {
  readonly runId: RunId;
  /** The fitted model; null for the rule and failed runs. */
  readonly model: StoredModel | null;
  /** Scores of the validation rows, in the order of the batch's `validationRowIds`; null when failed. */
  readonly scores: Float32Array | null;
}

/**
 * A batch with its runs and their artifacts, as saved and restored together. Restored, it holds
 * the runs still kept, in the order they trained: `batch.runIds` also lists the ones deleted for
 * good (each has a `RunDeletion`), so that a batch stays what it was and what remains stays valid.
 */
export interface RunBatchBundle {
  readonly batch: RunBatch;
  readonly runs: readonly StoredRun[];
  readonly artifacts: readonly RunArtifact[];
}

/**
 * That a run of a batch was deleted for good, and when: ids only, nothing of the run. Written
 * when a run is deleted and its batch keeps others; removed with the batch's last run.
 */
export interface RunDeletion {
  readonly runId: RunId;
  readonly batchId: string;
  readonly caseId: CaseId;
  /** ISO 8601. */
  readonly deletedAt: string;
}

/** What people add to a run afterwards: the one mutable record about it. */
export interface RunNotes {
  readonly runId: RunId;
  readonly tags: readonly string[];
  readonly note: string;
  /** ISO time it was hidden ("deleted"); null while shown. */
  readonly hiddenAt: string | null;
  readonly updatedAt: string;
}

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;
export const MAX_NOTE_LENGTH = 10_000;

/** A tensor as plain data: what a checkpoint holds of each weight. */
export interface TensorData {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/**
 * A network in training, every few epochs (the worker's `MlpCheckpoint`): the weights, Adam's
 * state (its step count and moments: resuming without them makes the loss jump), and the best
 * epoch so far with its weights, so that a resumed run ends exactly as an uninterrupted one.
 */
export interface MlpCheckpoint {
  /** Epochs done. */
  readonly epoch: number;
  /** `model.getWeights()`, in that order. */
  readonly weights: readonly TensorData[];
  /** `optimizer.getWeights()`: the step count first, then the moments. */
  readonly optimizer: readonly TensorData[];
  readonly best: { readonly epoch: number; readonly loss: number; readonly weights: readonly TensorData[] };
  /** The curve of the epochs done. */
  readonly curve: readonly CurvePoint[];
}

/**
 * A run's checkpoint as stored. `periodic`: the latest, every few epochs, for Resume; `best`: a
 * diverged run's best weights, kept with it.
 */
export interface RunCheckpoint {
  readonly runId: RunId;
  readonly batchId: string;
  readonly savedAt: string;
  readonly reason: 'periodic' | 'best';
  readonly checkpoint: MlpCheckpoint;
}

/**
 * A batch while it trains, rewritten as it goes: the batch as it will be saved (its `runIds`
 * are those finished), the finished runs with their artifacts, and the run in training with its
 * curve so far. A tab that starts and finds one whose `lock` nobody holds saves it as an
 * interrupted batch (see storage's `TrainingJournal`).
 */
export interface LiveBatch {
  readonly batch: RunBatch;
  readonly runs: readonly StoredRun[];
  readonly artifacts: readonly RunArtifact[];
  /** The run in training (status is what it gets if interrupted); null between runs. */
  readonly current: StoredRun | null;
  /** The Web Lock the training tab holds (`navigator.locks`): free once that tab is gone. */
  readonly lock: string;
  readonly updatedAt: string;
}

/** An interrupted batch, its interrupted run, and the checkpoint to resume it from (null: train it again). */
export interface InterruptedBatch {
  readonly bundle: RunBatchBundle;
  readonly run: StoredRun;
  readonly checkpoint: RunCheckpoint | null;
}
