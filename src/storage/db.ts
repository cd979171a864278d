import Dexie, { type EntityTable, type Table } from 'dexie';
import type { EvaluationRecord } from '../notebook/evaluations';
import type { ExportRecord } from '../notebook/exports';
import type { ModelVersion, StageEvent, StoredBundle } from '../notebook/registry';
import type { StoredExplanation } from '../notebook/explanations';
import type {
  LiveBatch,
  RunArtifact,
  RunBatch,
  RunCheckpoint,
  RunDeletion,
  RunNotes,
  StoredRun,
} from '../notebook/runs';

export interface CaseRecord {
  readonly id: string;
  readonly title: string;
  readonly updatedAt: string;
  /** ISO time of a soft delete; null while the case is live. Undo clears it. */
  readonly deletedAt: string | null;
  /** Bumped on every save: a tab holding an older rev may not overwrite newer work. */
  readonly rev: number;
  /** The document as saved; always loaded through `restoreCase(migrateCase(doc))`. */
  readonly doc: unknown;
}

export interface BlobRecord {
  readonly sha256: string;
  readonly blob: Blob;
  readonly sizeBytes: number;
  readonly storedAt: string;
}

export interface SessionRecord {
  readonly key: string;
  readonly value: unknown;
}

/**
 * A table a cell made, kept so that reopening the case does not rebuild it (table-cache.ts). A
 * cache: losing it loses nothing saved. The Parquet bytes are in `tableCacheData`, so that listing
 * what the cache holds stays cheap.
 */
export interface TableCacheRecord {
  /** The cell's fingerprint with the app's version: what made the table. */
  readonly key: string;
  readonly caseId: string;
  readonly cellId: string;
  readonly table: string;
  readonly sizeBytes: number;
  readonly storedAt: string;
  /** Epoch milliseconds of the last read or write: eviction goes least recently used first. */
  readonly usedAt: number;
  /** What the runtime needs beside the bytes (the columns' types, the cell's output); validated there. */
  readonly meta: unknown;
}

export interface TableCacheDataRecord {
  readonly key: string;
  readonly parquet: Blob;
}

/** The backend calibration of one device (calibrations.ts); `value` is validated by its reader. */
export interface CalibrationRecord {
  /** The device key: adapter, browser, TensorFlow.js version. */
  readonly key: string;
  readonly measuredAt: string;
  readonly value: unknown;
}

export interface DbOptions {
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
}

/**
 * The IndexedDB schema.
 *
 * A shipped `version(n)` is never edited or removed: a schema change is a new `version(n + 1)`
 * with an `.upgrade()`, and a fixture of each past version stays in the tests.
 *
 * `deletedAt` is null for live cases; IndexedDB does not index null, so `where('deletedAt')` sees
 * only deleted cases (what purging needs) and live cases are found by filtering.
 */
export class CasebookDb extends Dexie {
  cases!: EntityTable<CaseRecord, 'id'>;
  /** File bytes in their own table, so that listing cases stays cheap. */
  blobs!: EntityTable<BlobRecord, 'sha256'>;
  session!: EntityTable<SessionRecord, 'key'>;
  /** Immutable: one row per run of a train cell (what its runs share: lineage, data, key). */
  runBatches!: EntityTable<RunBatch, 'id'>;
  /** Immutable: one row per trained model, light enough to list. */
  runs!: EntityTable<StoredRun, 'id'>;
  /** Immutable: the model and validation scores of each run, apart so that listing stays cheap. */
  runArtifacts!: EntityTable<RunArtifact, 'runId'>;
  /** The one mutable record about a run: tags, note, hidden. */
  runNotes!: EntityTable<RunNotes, 'runId'>;
  /** Batches in training, rewritten as they go: what a crash leaves to be marked interrupted. */
  liveBatches!: Table<LiveBatch, string>;
  /** The latest checkpoint of a network in training (and a diverged one's best), by run. */
  checkpoints!: EntityTable<RunCheckpoint, 'runId'>;
  /** Immutable: the model registry's versions (v1, v2, … per case). */
  modelVersions!: EntityTable<ModelVersion, 'id'>;
  /** Immutable: each version's bundle file, apart so that listing versions stays cheap. */
  modelBundles!: EntityTable<StoredBundle, 'versionId'>;
  /** Append-only: the stage history of each case's versions. */
  stageEvents!: EntityTable<StageEvent, 'id'>;
  /** Written once per key: what explain cells computed for stored runs. */
  explanations!: EntityTable<StoredExplanation, 'key'>;
  /** Immutable: which runs of a batch were deleted for good (ids only), so that the rest stays a valid batch. */
  runDeletions!: EntityTable<RunDeletion, 'runId'>;
  /** Immutable: one row per exported file (report, workspace, model bundle): what, when, its SHA-256. */
  exports!: EntityTable<ExportRecord, 'id'>;
  /** A cache: the tables cells made, by fingerprint (see table-cache.ts). */
  tableCache!: EntityTable<TableCacheRecord, 'key'>;
  /** The cached tables' Parquet bytes, apart so that listing the cache stays cheap. */
  tableCacheData!: EntityTable<TableCacheDataRecord, 'key'>;
  /** Immutable: what evaluate cells judged of stored runs (id: a hash of what it says). */
  evaluations!: EntityTable<EvaluationRecord, 'id'>;
  /** A cache: the training backend's calibration, one row per device (calibrations.ts). */
  calibrations!: EntityTable<CalibrationRecord, 'key'>;

  constructor(name = 'casebook', options: DbOptions = {}) {
    // Chrome's default durability is 'relaxed': a crash may lose a write the UI called saved. Dexie 4
    // takes durability only here, for the whole database (`db.transaction()` has no per-call option),
    // so every transaction is strict; session writes are small and pay little for it.
    super(name, { ...options, chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      cases: 'id, updatedAt, deletedAt',
      blobs: 'sha256',
      session: 'key',
    });
    // Version 2 adds the runs of train cells. New tables only: nothing of version 1 changes, so
    // there is nothing to upgrade (db.test.ts opens a frozen version-1 database with it).
    this.version(2).stores({
      runBatches: 'id, caseId, [caseId+cellId+key]',
      runs: 'id, batchId',
      runArtifacts: 'runId',
      runNotes: 'runId',
    });
    // Version 3 adds the model registry, the lineage of deletions and exports, and what training
    // leaves behind while it runs (issue 18: a crash, a reload or a closed tab marks the run
    // interrupted; Resume continues from its checkpoint). New tables only, so nothing to upgrade
    // (migrations.test.ts migrates frozen exports of versions 1, 2 and 3). The unique compound
    // indexes make a second "v2" of a case, or a second event 7, fail in IndexedDB itself,
    // whatever the code above them does. `*caseIds` and `*runIds` are multi-entry: an export is
    // found by any case or run it holds.
    this.version(3).stores({
      modelVersions: 'id, caseId, &[caseId+version]',
      modelBundles: 'versionId',
      stageEvents: 'id, versionId, &[caseId+seq]',
      runDeletions: 'runId, batchId, caseId',
      exports: 'id, sha256, *caseIds, *runIds',
      liveBatches: 'batch.id, batch.caseId',
      checkpoints: 'runId, batchId',
    });
    // Version 4 adds explain cells' results, by run (deleting a run for good deletes them). A new
    // table only: nothing to upgrade.
    this.version(4).stores({
      explanations: 'key, runId',
    });
    // Version 5 adds evaluations as lineage records (issue 22; found by case and by run) and the
    // table cache (issue 21): reopening a case registers the tables its cells
    // made instead of rebuilding them. New tables only: nothing to upgrade. Written with relaxed
    // durability (table-cache.ts), unlike everything else here.
    this.version(5).stores({
      tableCache: 'key, caseId, usedAt',
      tableCacheData: 'key',
      evaluations: 'id, caseId, runId',
    });
    // Version 6 adds the training backend's calibration per device (issue 21: `auto` trains on the
    // backend measured fastest here). A new table only: nothing to upgrade. Not case data: no
    // purge, export or import touches it.
    this.version(6).stores({
      calibrations: 'key',
    });
  }
}
