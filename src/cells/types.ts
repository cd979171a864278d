import type { Table } from 'apache-arrow';
import type { ColumnInfo } from '../data/catalog';
import type { SqlEngine } from '../data/engine';
import type { ImportRequest, ImportResult } from '../data/import';
import type { CleanStep, Recipe, StepReport } from '../data/clean';
import type { TargetSummary } from '../data/brief';
import type { ChartData, ChartSpec } from '../data/chart';
import type { TableProfile } from '../data/profile';
import type { AppError } from '../lib/errors';
import type { CaseId, CellId } from '../notebook/ids';
import type {
  InterruptedBatch,
  LiveBatch,
  MlpCheckpoint,
  RunBatch,
  RunBatchBundle,
  RunLineage,
} from '../notebook/runs';
import type { BriefConfig, CellConfigs, CellKind, CellOf } from '../notebook/types';
import type { BackendReport, TrainEvent, TrainRequest } from '../../workers/training/api';
import type { EvaluateResult } from './evaluate/result';
import type { FeaturesResult } from './features/result';
import type { TrainProgress, TrainResult } from './train/result';

export type { ColumnInfo };

/** A table or view a cell made. */
export interface TableResult {
  readonly table: string;
  readonly materialize: 'table' | 'view';
  readonly rowCount: number;
  readonly columns: readonly ColumnInfo[];
  /** Source cells: rows skipped as malformed, and a few reasons. */
  readonly skippedRows: number;
  readonly skippedSample: readonly string[];
  readonly notices: readonly string[];
}

/** What a run of a cell produced: kept in memory by the runtime, never saved with the document. */
export type CellOutput =
  | { readonly kind: 'none' }
  | ({ readonly kind: 'table' } & TableResult)
  | {
      readonly kind: 'clean';
      readonly result: TableResult;
      /** The query the output table was made from. */
      readonly sql: string;
      /** What each step did, in order (disabled steps included). */
      readonly reports: readonly StepReport[];
      /** The steps with the values impute steps learned in this run, for the runtime to save; null when none did. */
      readonly learnedSteps: readonly CleanStep[] | null;
    }
  | { readonly kind: 'profile'; readonly profile: TableProfile }
  | { readonly kind: 'chart'; readonly spec: ChartSpec; readonly data: ChartData }
  | { readonly kind: 'brief'; readonly summary: TargetSummary }
  | ({ readonly kind: 'features' } & FeaturesResult)
  | ({ readonly kind: 'train' } & TrainResult)
  | ({ readonly kind: 'evaluate' } & EvaluateResult);

/** What a running cell reports as it goes (shown live, never saved). */
export type CellProgress = { readonly kind: 'train' } & TrainProgress;

/** The state of a cell in this tab: never saved. */
export type CellStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'queued' }
  | { readonly state: 'running'; readonly startedAt: number; readonly progress?: CellProgress }
  | { readonly state: 'done'; readonly output: CellOutput; readonly durationMs: number }
  | { readonly state: 'error'; readonly error: AppError };

/** What running a cell may use. */
export interface RunContext {
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
  /** Shows how the run is going (training curves); the latest report replaces the one before. */
  report(progress: CellProgress): void;
}

/** The page's training worker, as runners use it (`src/training/client.ts`). */
export interface TrainingPort {
  backends(): Promise<BackendReport>;
  /** Resolves with the final event (`done` or `failed`); the request's arrays are transferred. */
  train(request: TrainRequest, onEvent: (event: TrainEvent) => void): Promise<TrainEvent>;
  cancel(runId: string): void;
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

/** What a cell's view may do: the runtime and the document store implement it. */
export interface CellHost<K extends CellKind> {
  readonly cell: CellOf<K>;
  readonly status: CellStatus;
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
  /** Imports a file into this source cell (hashes, stores and runs it). */
  importFile(file: File): void;
  /** Reads rows of a table for display, on the interactive lane. */
  readRows(table: string, offset: number, limit: number): Promise<Table>;
  /** The database, for what a view computes on demand (fitting a step, join diagnostics). */
  readonly engine: SqlEngine;
  /** Adds a cell below this one and returns its id. */
  addCellBelow<N extends CellKind>(kind: N, config: CellConfigs[N]): CellId;
  /** Adds cleaning steps for `table` to the clean cell below that cleans it, or to a new one. */
  addCleanSteps(table: string, recipes: readonly Recipe[]): CellId;
}

export type CellRunner<K extends CellKind> = (ctx: RunContext, cell: CellOf<K>) => Promise<CellOutput>;

export type { CellId };
