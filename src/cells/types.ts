import type { EvaluationRecord } from '../notebook/evaluations';
import type { Table } from 'apache-arrow';
import type { ColumnInfo, TableResult } from '../data/catalog';
import type { SqlEngine } from '../data/engine';
import type { ImportRequest, ImportResult } from '../data/import';
import type { Recipe } from '../data/clean';
import type { AppError } from '../lib/errors';
import type { CaseId, CellId, RunId } from '../notebook/ids';
import type { ModelBundle } from '../notebook/bundle/types';
import type { ModelStage, VersionState } from '../notebook/registry';
import type { FoundRun, StoredExplanation } from '../notebook/explanations';
import type {
  InterruptedBatch,
  LiveBatch,
  MlpCheckpoint,
  RunBatch,
  RunBatchBundle,
  RunLineage,
} from '../notebook/runs';
import type { BriefConfig, CellConfigs, CellKind, CellOf } from '../notebook/types';
import type {
  BackendReport,
  TrainingDataset,
  TrainOutcome,
  TrainProgressEvent,
  TrainRequest,
} from '../../workers/training/api';

export type { ColumnInfo, TableResult };

/**
 * The state of a cell in this tab: never saved. `O`: what a run of its kind produces (kept in
 * memory by the runtime); `P`: what a running cell of its kind reports as it goes.
 */
export type CellStatus<O = unknown, P = unknown> =
  | { readonly state: 'idle' }
  | { readonly state: 'queued' }
  | { readonly state: 'running'; readonly startedAt: number; readonly progress?: P }
  | { readonly state: 'done'; readonly output: O; readonly durationMs: number }
  | { readonly state: 'error'; readonly error: AppError };

/** A file being imported into a cell: hashed and stored before the cell runs. */
export interface ImportProgress {
  readonly name: string;
  readonly bytesRead: number;
  readonly sizeBytes: number;
}

/** What running a cell may use; `P`: what it reports as it goes. */
export interface RunContext<P = never> {
  readonly engine: SqlEngine;
  /** The bytes of an imported file, by SHA-256. */
  loadBlob(sha256: string): Promise<Blob>;
  importSource(request: ImportRequest): Promise<ImportResult>;
  readonly signal: AbortSignal;
  /** The case's brief (its first brief cell), or null when it has none. */
  readonly brief: BriefConfig | null;
  /** The training worker. */
  readonly training: TrainingPort;
  /** Where a train cell's runs are kept. */
  readonly runs: RunsPort;
  /** The case's model registry, read by a score cell. */
  readonly models: ModelsPort;
  /** Shows how the run is going (training curves); the latest report replaces the one before. */
  report(progress: P): void;
}

/**
 * The page's training worker, as runners use it (`src/training/client.ts`): a run loads its data
 * once, trains any number of models on rows of it, and releases it when it ends or is cancelled.
 */
export interface TrainingPort {
  /** With `measure`, `auto` is calibrated first (about 2 s) on a device not calibrated yet. */
  backends(options?: { readonly measure?: boolean }): Promise<BackendReport>;
  /** Its `x` and `y` are transferred (empty here afterwards). */
  load(dataset: TrainingDataset): Promise<void>;
  /** Progress to `onProgress`; resolves with the final event (`done` or `failed`); row arrays are transferred. */
  train(request: TrainRequest, onProgress: (event: TrainProgressEvent) => void): Promise<TrainOutcome>;
  cancel(runId: string): void;
  release(datasetId: string): void;
}

/**
 * Where a train cell's runs are kept: the runtime implements it over storage, so that runners
 * never import storage. Records are immutable: there is no update.
 */
export interface RunsPort {
  readonly caseId: CaseId;
  /** The app's version, part of the reuse key and stamped on every run. */
  readonly appVersion: string;
  /** The chain of cells this cell reads from, as the case stands now (with fitted specs). */
  lineage(): RunLineage;
  /**
   * The run the case's evaluate cell of `predictions` picks as its model (its "Model" setting), as
   * the case stands now: the first such cell that picks one; null when none does (the chosen model
   * is then the batch's best run).
   */
  pickedRun(predictions: string): string | null;
  /** The newest complete batch this cell saved under `key`, with its runs and artifacts; null when none. */
  find(key: string): Promise<RunBatchBundle | null>;
  /**
   * Saves a batch with its runs and artifacts in one transaction; rejects with an AppError ('quota'
   * when full). `replacing`: it resumed the interrupted batch of the same id, which it replaces.
   */
  save(bundle: RunBatchBundle, options?: { replacing?: boolean }): Promise<void>;
  /** The newest interrupted batch this cell saved under `key`; null when none. */
  findInterrupted(key: string): Promise<InterruptedBatch | null>;
  /** True when this run was started by Resume: an interrupted batch is continued, not only shown. */
  readonly resume: boolean;
  /**
   * Starts the record of a batch about to train (after waiting for training in other tabs to
   * finish: one tab trains at a time). While it is open, a crash leaves the batch as interrupted.
   */
  journal(batch: RunBatch, signal: AbortSignal): Promise<JournalPort>;
  /** Any stored run of this case, with its batch and artifact; null when it is not stored. */
  findRun(runId: RunId): Promise<FoundRun | null>;
  /** An explain cell's part stored under `key`; null when none. */
  findExplanation(key: string): Promise<StoredExplanation | null>;
  /** Stores an explain cell's part (a key stored already is kept). */
  saveExplanation(record: StoredExplanation): Promise<void>;
  /** Stores an evaluation record; resolves with the record stored under its id (the first one). */
  saveEvaluation(record: EvaluationRecord): Promise<EvaluationRecord>;
}

/**
 * The case's model registry as runners read it: the runtime implements it over storage, so that
 * runners never import storage. Read only: versions are promoted and staged in the Models view.
 */
export interface ModelsPort {
  /** The case's versions with their current stages, oldest first. */
  versions(): Promise<readonly VersionState[]>;
  /** A version's bundle, read back strictly; rejects with an AppError when it is not stored or refused. */
  bundle(versionId: string): Promise<ModelBundle>;
}

/** Who makes a change to the registry and why: it records both with every stage. */
export interface ModelWords {
  readonly by: string;
  readonly why: string;
}

/**
 * The case's model registry as a cell's view changes it: the Models view's own promote and stage
 * changes (src/app/models), so that a version promoted from a cell records what one promoted in
 * Models records.
 */
export interface ModelActions {
  /** The case's versions with their current stages, oldest first. */
  versions(): Promise<readonly VersionState[]>;
  /**
   * The same, as the runtime last read them (after every promote, stage change or bundle import
   * in this tab, and before each run): reactive, so a view that lists versions follows a change
   * made in another cell or the Models view without running again.
   */
  readonly known: readonly VersionState[];
  /** Registers a stored run as the case's next version, a candidate, with the evaluation that judged it in this tab. */
  promote(runId: RunId, words: ModelWords): Promise<{ readonly version: number }>;
  /** Moves version number `version` to `stage` (making one champion retires the one before). */
  setStage(version: number, stage: ModelStage, words: ModelWords): Promise<void>;
}

/** The record of a batch in training (storage's TrainingJournal, behind the tab's lock). */
export interface JournalPort {
  /** The batch as it stands: its finished runs and the run starting now. Written at once. */
  write(state: Pick<LiveBatch, 'batch' | 'runs' | 'artifacts' | 'current'>): void;
  /** The run in training, again, with its curve so far: written at most about once a second. */
  progress(state: Pick<LiveBatch, 'batch' | 'runs' | 'artifacts' | 'current'>): void;
  /** Keeps a network's checkpoint (the latest replaces the one before). */
  checkpoint(runId: string, batchId: string, reason: 'periodic' | 'best', checkpoint: MlpCheckpoint): void;
  /** Stops writing and waits for the writes in flight: call it before saving the batch. */
  settle(): Promise<void>;
  /** Training ended; `discard`: nothing of it is kept (the batch was not saved). Releases the lock. */
  close(outcome: 'saved' | 'discard'): Promise<void>;
}

/**
 * What a cell's view may do: the runtime and the document store implement it. `O` and `P`: what
 * a run of the kind produces and reports (its status is the cell's own).
 */
export interface CellHost<K extends CellKind, O = unknown, P = unknown> {
  readonly cell: CellOf<K>;
  readonly status: CellStatus<O, P>;
  /** The case's brief (its first brief cell), or null. */
  readonly brief: BriefConfig | null;
  readonly stale: boolean;
  /** Tables and their columns, for completion. */
  readonly schema: ReadonlyMap<string, readonly ColumnInfo[]>;
  update(patch: Partial<CellConfigs[K]>): void;
  run(): void;
  /** Runs the cell to continue its interrupted training (train cells). */
  resume(): void;
  cancel(): void;
  /** Imports a file into this cell (hashes, stores and runs it); for kinds that take a file. */
  importFile(file: File): void;
  /** The file being imported into this cell, while it is hashed and stored; undefined when none. */
  readonly importing: ImportProgress | undefined;
  /** Reads rows of a table for display, on the interactive lane. */
  readRows(table: string, offset: number, limit: number): Promise<Table>;
  /** The database, for what a view computes on demand (fitting a step, join diagnostics). */
  readonly engine: SqlEngine;
  /** Adds a cell below this one and returns its id. */
  addCellBelow<N extends CellKind>(kind: N, config: CellConfigs[N]): CellId;
  /** Adds cleaning steps for `table` to the clean cell below that cleans it, or to a new one. */
  addCleanSteps(table: string, recipes: readonly Recipe[]): CellId;
  /** The case's model registry: promote a run, move a version's stage. */
  readonly models: ModelActions;
  /** Calibrates `auto`'s backend choice again (about 2 s) and says what it picks now. */
  measureBackends(): Promise<BackendReport>;
}

/** How a cell of kind `K` runs: what it produces (`O`) and reports as it goes (`P`). */
export type CellRunner<K extends CellKind, O, P = never> = (
  ctx: RunContext<P>,
  cell: CellOf<K>,
) => Promise<O>;

export type { CellId };
