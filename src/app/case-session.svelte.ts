import { SvelteMap } from 'svelte/reactivity';
import type { SqlEngine } from '../data/engine';
import { sha256OfBlob } from '../data/file-hash';
import { importSource, inspectFile, type ImportRequest } from '../data/import';
import { readParquetBrowser } from '../data/parquet';
import { AppError, errorMessage, toAppError } from '../lib/errors';
import { SerialQueue } from '../lib/serial';
import { mergeCases, same, type Conflict } from '../notebook/merge';
import type { ImportProgress, ModelWords } from '../cells/types';
import { briefOf } from '../notebook/brief';
import { cellTitle } from '../notebook/cell';
import { cellOutput, transitiveDownstream } from '../notebook/graph';
import type { CellId } from '../notebook/ids';
import { asCellId, newCellId } from '../notebook/ids';
import * as ops from '../notebook/ops';
import { addCleanSteps } from '../notebook/clean-steps';
import { EditHistory } from '../notebook/history';
import type { Recipe } from '../notebook/clean-types';
import type { Case, CellConfigs, CellKind, ReportSettings } from '../notebook/types';
import { Runtime } from '../runtime/runtime.svelte';
import type { RunCounters } from '../runtime/counters';
import type { TableCachePort } from '../runtime/table-cache';
import { spawnTestWorker, TrainingClient, type BackendReport } from '../training/client';
import { SaveQueue } from '../storage/save-queue';
import { SAVED, afterEdit, afterFailure, afterSaved, type SaveStatus } from './save-status';
import type { ExportLog } from '../storage/exports';
import type { EvaluationLog } from '../storage/evaluations';
import type { RunStore } from '../storage/runs';
import type { ModelRegistry } from '../storage/registry';
import type { ModelStage, ModelVersion } from '../notebook/registry';
import type { RunId } from '../notebook/ids';
import { promoteRun } from './models/promote';
import { changeStage, versionIdOf } from './models/stage';
import type { Workspace } from '../storage/workspace';
import { reproduceRun, type Reproduction } from '../cells/train/reproduce';
import type { ExportRecorder } from '../notebook/exports';
import type { RunBatch, StoredRun } from '../notebook/runs';
import type { Toasts } from './toasts.svelte';
import { runRepository } from './run-repository';
import { exportRecorder } from './exports';
import { APP_VERSION } from './version';

const SAVE_DELAY_MS = 300;
/** A failed save is tried again after 1 s, then 2, 4, 8, and every 10 s until it works. */
const SAVE_RETRY_MS = 1_000;
export const SAVE_MAX_RETRY_MS = 10_000;

export type SaveState = SaveStatus['state'];

/**
 * One open case: the document (saved, debounced), its runtime (never saved), and the edits a
 * person can make. Every edit goes through a pure operation of `notebook/ops`.
 */
/** Where a case's cancelled cells are kept between reloads (the workspace's session store). */
export function heldCellsKey(caseId: string): string {
  return `held-cells:${caseId}`;
}

/**
 * Where the cells on screen are kept between reloads: the notebook scrolls back to them, and the
 * reopened case builds them first (`Runtime.setVisible`).
 */
export function viewCellsKey(caseId: string): string {
  return `view-cells:${caseId}`;
}

/** The held (or viewed) cells as stored: a list of cell ids; anything else reads as none. */
export function parseHeldCells(value: unknown): CellId[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').map(asCellId) : [];
}

export class CaseSession {
  doc: Case;
  /** The save status and, after a failed save, its reason: kept until a save succeeds (the banner). */
  saveStatus = $state<SaveStatus>(SAVED);
  /** Whether an edit can be taken back, or made again (the toolbar's Undo and Redo). */
  canUndo = $state(false);
  canRedo = $state(false);
  readonly #history = new EditHistory();
  /** Files being hashed and stored, by cell: bytes read so far. */
  readonly importing = new SvelteMap<CellId, ImportProgress>();
  readonly runtime: Runtime;
  /** The cells on screen when the case was last left: the notebook scrolls back to them once. */
  readonly viewAtOpen: readonly CellId[];
  readonly engine: SqlEngine;
  #rev: number;
  /** The stored copy at `#rev`: what this tab's unsaved edits are relative to (journal merges). */
  #base: Case;
  readonly #queue: SaveQueue<Case>;
  /** Saves and adoptions of another tab's copy, one at a time. */
  readonly #storage = new SerialQueue();
  readonly #announce: (rev: number) => void;
  readonly #onConflicts: (conflicts: readonly Conflict[]) => void;
  readonly #workspace: Workspace;
  readonly #toasts: Toasts;
  readonly #readsTimers = new Map<CellId, ReturnType<typeof setTimeout>>();
  readonly #training: TrainingClient;
  /** The case's brief (its first brief cell), or null. */
  readonly brief = $derived.by(() => briefOf(this.doc.cells));
  /**
   * Records an exported file in the lineage (its SHA-256, size and what it held) and returns the
   * record: the report calls it, and so does the model bundle's export (`{ kind: 'model-bundle' }`).
   */
  readonly recordExport: ExportRecorder;

  constructor(
    doc: Case,
    rev: number,
    deps: {
      workspace: Workspace;
      engine: SqlEngine;
      toasts: Toasts;
      onSaved?: () => void;
      /** Tells the other tabs that this case was saved at `rev` (`tab-channel.ts`). */
      announce?: (rev: number) => void;
      /** This tab's edits that another tab's save changed too: theirs is kept, these are offered. */
      onConflicts?: (conflicts: readonly Conflict[]) => void;
      /** Cells the user cancelled before a reload (`heldCellsKey`): they stay cancelled. */
      held?: readonly CellId[];
      /** The cells on screen when the case was last left (`viewCellsKey`): shown and built first. */
      view?: readonly CellId[];
      /** Where cells' tables are kept between opens (none: every open rebuilds them). */
      tableCache?: TableCachePort;
      counters?: RunCounters;
      /** e2e tests (`?test-hooks`): the training worker answers `loseTrainingDevice`. */
      testHooks?: boolean;
    },
  ) {
    this.doc = $state.raw(doc);
    this.#rev = rev;
    this.#base = doc;
    this.#workspace = deps.workspace;
    this.#toasts = deps.toasts;
    // The worker starts on first use; the calibration of `auto` is kept per device across visits.
    this.#training = new TrainingClient(
      deps.testHooks === true ? spawnTestWorker : undefined,
      deps.workspace.calibrations,
    );
    this.#announce = deps.announce ?? (() => undefined);
    this.#onConflicts = deps.onConflicts ?? (() => undefined);
    this.recordExport = exportRecorder({ log: deps.workspace.exports, appVersion: APP_VERSION });
    this.#queue = new SaveQueue<Case>((value) => this.#storage.run(() => this.#saveNow(value)), {
      delayMs: SAVE_DELAY_MS,
      retryMs: SAVE_RETRY_MS,
      maxRetryMs: SAVE_MAX_RETRY_MS,
      // A banner (`SaveBanner.svelte`) shows it until a save succeeds, not a toast that can be closed.
      onError: (e) => {
        this.saveStatus = afterFailure(e);
      },
      onSaved: () => {
        this.saveStatus = afterSaved(this.#queue.pending);
        deps.onSaved?.();
      },
    });
    const engine = deps.engine;
    this.engine = engine;
    this.viewAtOpen = deps.view ?? [];
    this.runtime = new Runtime({
      engine,
      loadBlob: async (sha256) => {
        const blob = await this.#workspace.getBlob(sha256);
        if (!blob) {
          throw new AppError('storage', 'The file of this source is missing from storage. Import it again.');
        }
        return blob;
      },
      importSource: (request: ImportRequest) =>
        importSource({ engine, readParquet: readParquetBrowser }, request),
      getCase: () => this.doc,
      setReads: (id, reads) => this.edit((c, now) => ops.setReads(c, id, reads, now), false),
      saveLearned: (id, kind, patch) =>
        this.edit((c, now) => ops.updateConfig(c, id, kind, patch, now), false),
      training: this.#training,
      runs: runRepository(this.#workspace, (e) =>
        this.#toasts.show('error', `Could not record the training in progress: ${errorMessage(e)}`),
      ),
      models: this.#workspace.registry,
      appVersion: APP_VERSION,
      held: {
        initial: deps.held ?? [],
        save: (ids) => void this.#workspace.setSession(heldCellsKey(doc.id), ids).catch(() => undefined),
      },
      view: {
        initial: deps.view ?? [],
        save: (ids) => void this.#workspace.setSession(viewCellsKey(doc.id), ids).catch(() => undefined),
      },
      ...(deps.tableCache ? { tableCache: deps.tableCache } : {}),
      ...(deps.counters ? { counters: deps.counters } : {}),
    });
    // The versions a view lists are there before any cell runs (a safe start runs none).
    void this.runtime.refreshModels();
  }

  /**
   * Applies a pure edit and schedules the save. `undo`: the part it changes, so that edits of one
   * part in quick succession are one undo step (null: a step of its own; false: not the person's
   * edit, e.g. what the runtime learned, and never undone by itself).
   */
  edit(operation: (c: Case, now: string) => Case, undo: string | null | false = null): void {
    const before = this.doc;
    this.doc = operation(before, new Date().toISOString());
    if (undo !== false && this.doc !== before) {
      this.#history.record(before, undo, Date.now());
      this.#historyChanged();
    }
    this.saveStatus = afterEdit(this.saveStatus);
    this.#queue.schedule(this.doc);
  }

  /** Takes the last edit back (Ctrl+Z outside a text field). */
  undo(): void {
    this.#travel(this.#history.undo(this.doc));
  }

  /** Makes the last undone edit again (Ctrl+Shift+Z or Ctrl+Y). */
  redo(): void {
    this.#travel(this.#history.redo(this.doc));
  }

  /**
   * Puts the document back to `target` (a copy from the history). A cell that goes away drops its
   * table, as a delete does; a cell that comes back is run again with what is stale, as Undo of a
   * delete does; a query that changed is parsed again for the tables it reads.
   */
  #travel(target: Case | null): void {
    if (target === null) return;
    this.#replace({ ...target, updatedAt: new Date().toISOString() });
    this.#historyChanged();
    this.saveStatus = afterEdit(this.saveStatus);
    this.#queue.schedule(this.doc);
  }

  /** Puts `next` in place of the document, and tells the runtime what went, came back or changed. */
  #replace(next: Case): void {
    const before = this.doc;
    const kept = new Set(next.cells.map((c) => c.id));
    const gone = before.cells
      .filter((c) => !kept.has(c.id))
      .map((c) => ({ cell: c, readers: transitiveDownstream(this.runtime.graph, c.id) }));
    const had = new Map(before.cells.map((c) => [c.id, c]));
    this.doc = next;
    for (const { cell, readers } of gone) void this.runtime.removeCell(cell.id, cellOutput(cell), readers);
    for (const cell of this.doc.cells) {
      const was = had.get(cell.id);
      const sql = ops.parsedSql(cell);
      if (was && sql !== null && sql !== ops.parsedSql(was)) this.#scheduleReads(cell.id);
    }
    if (this.doc.cells.some((c) => !had.has(c.id))) void this.runtime.resume();
  }

  #historyChanged(): void {
    this.canUndo = this.#history.canUndo;
    this.canRedo = this.#history.canRedo;
  }

  /** Where saving stands: 'saved', 'pending' or 'error' (`saveStatus` holds the error). */
  get saveState(): SaveState {
    return this.saveStatus.state;
  }

  /** Writes what is pending now (also the banner's "Try again"); a failure goes to `saveStatus`. */
  flush(): Promise<void> {
    return this.#queue.flush();
  }

  /**
   * Writes `value`. When another tab saved since (a 'conflict'), its copy is read, this tab's
   * edits are merged onto it (`#rebase`) and the merge is written: an edit in a stale tab is
   * never dropped, and never written over the newer work either.
   */
  async #saveNow(value: Case): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.#rev = await this.#workspace.saveCase(value, this.#rev);
        this.#base = value;
        this.#announce(this.#rev);
        return;
      } catch (e: unknown) {
        if (!(e instanceof AppError && e.code === 'conflict') || attempt >= 3) throw e;
        if (!(await this.#rebase())) throw e;
        value = this.doc;
      }
    }
  }

  /**
   * Takes the stored copy if another tab saved a newer one, with this tab's unsaved edits merged
   * on top (`notebook/merge`): parts both changed keep the stored version, and this tab's side goes
   * to `onConflicts` for the person to apply. Returns whether the stored copy was newer.
   */
  async #rebase(): Promise<boolean> {
    const stored = await this.#workspace.readCase(this.doc.id);
    if (!stored || stored.rev === this.#rev) return false;
    const mine = this.doc;
    const { merged, conflicts } = same(mine, this.#base)
      ? { merged: stored.doc, conflicts: [] }
      : mergeCases(this.#base, mine, stored.doc);
    this.#base = stored.doc;
    this.#rev = stored.rev;
    this.#replace(merged);
    // A save waiting with the copy from before the merge would write theirs away: it takes this one.
    if (this.#queue.pending) this.#queue.schedule(this.doc);
    if (conflicts.length > 0) this.#onConflicts(conflicts);
    return true;
  }

  /**
   * Another tab saved this case at `knownRev` (or this tab came back to the front): takes the
   * newer copy with this tab's unsaved edits merged on, and saves the merge if it holds any, so
   * that an old copy here is never written over newer work (Excalidraw #10770).
   */
  adoptNewer(knownRev?: number): Promise<void> {
    return this.#storage.run(async () => {
      if (knownRev !== undefined && knownRev <= this.#rev) return;
      await this.#adopt();
    });
  }

  /**
   * Another tab went away with edits of this case it had not saved (its journal entry, left at
   * `pagehide`): saves them, merged onto the stored copy, then takes that copy here with this
   * tab's own unsaved edits on top. Without it, the next save here would have been the newest
   * copy, and the closed tab's edits would have waited for the next open to come back as a
   * conflict.
   */
  pickUpJournaled(): Promise<void> {
    return this.#storage.run(async () => {
      try {
        const recovered = await this.#workspace.recoverJournaled(this.doc.id);
        if (!recovered) return;
        for (const warning of recovered.warnings) this.#toasts.show('info', warning, undefined, 20_000);
        if (recovered.rev > this.#rev) this.#announce(recovered.rev);
        if (recovered.conflicts) this.#onConflicts(recovered.conflicts);
      } catch {
        // Storage failed: the entry stays for the next open.
        return;
      }
      await this.#adopt();
    });
  }

  /** `adoptNewer`'s work, inside the storage queue. */
  async #adopt(): Promise<void> {
    try {
      if ((await this.#rebase()) && !same(this.doc, this.#base)) {
        this.saveStatus = afterEdit(this.saveStatus);
        this.#queue.schedule(this.doc);
      }
    } catch {
      // Reading failed (storage gone): the next save finds out and says so.
    }
  }

  /**
   * For a page that is going away: writes the unsaved document synchronously to the journal, since
   * the IndexedDB save that `flush` starts may not finish before the page is gone.
   */
  journalUnsaved(): void {
    if (!this.#queue.pending && !this.#queue.saving) return;
    this.#workspace.journalUnsaved(this.doc, this.#rev, this.#queue.saving, this.#base);
  }

  rename(title: string): void {
    this.edit((c, now) => ops.renameCase(c, title, now), 'title');
  }

  /** Saves what the exported report holds: its summary, its cells and their order. */
  setReport(settings: ReportSettings): void {
    this.edit((c, now) => ops.setReportSettings(c, settings, now));
  }

  addCell(kind: CellKind, index: number): CellId {
    const id = newCellId();
    this.edit((c, now) =>
      ops.addCell(c, ops.blankCell(kind, id, ops.outputsOf(c), c.cells.slice(0, index)), index, now),
    );
    return id;
  }

  /** Adds a cell of `kind` with `config` just below cell `after` (at the end when it is gone). */
  addCellBelow<K extends CellKind>(after: CellId, kind: K, config: CellConfigs[K]): CellId {
    const id = newCellId();
    this.edit((c, now) => ops.addCellBelow(c, after, id, kind, config, now));
    const added = ops.findCell(this.doc, id);
    const sql = added ? ops.parsedSql(added) : null;
    if (sql !== null) this.#scheduleReads(id);
    return id;
  }

  /**
   * Appends cleaning steps for `table` to the first clean cell below `from` that cleans it, or
   * to a new clean cell just below `from`. Returns the clean cell's id.
   */
  addCleanSteps(from: CellId, table: string, recipes: readonly Recipe[]): CellId {
    const newId = newCellId();
    let cellId = newId;
    this.edit((c, now) => {
      const added = addCleanSteps(c, from, table, recipes, now, newId);
      cellId = added.cellId;
      return added.case;
    });
    return cellId;
  }

  moveCell(id: CellId, toIndex: number): void {
    this.edit((c, now) => ops.moveCell(c, id, toIndex, now));
  }

  /**
   * Deletes a cell: the table it made is dropped and the cells that read it show at once that it
   * is gone, as after a reload. Undo puts the cell back where it was and runs what is stale.
   */
  deleteCell(id: CellId): void {
    const index = this.doc.cells.findIndex((c) => c.id === id);
    const cell = this.doc.cells[index];
    if (!cell) return;
    const readers = transitiveDownstream(this.runtime.graph, id);
    this.edit((c, now) => ops.deleteCell(c, id, now));
    void this.runtime.removeCell(id, cellOutput(cell), readers);
    this.#toasts.show('info', `Deleted “${cellTitle(cell)}”.`, {
      label: 'Undo',
      run: () => {
        if (ops.findCell(this.doc, id)) return;
        this.edit((c, now) => ops.addCell(c, cell, index, now));
        // What is stale again (the cell and its readers), leaving any cell the user cancelled alone.
        void this.runtime.resume();
      },
    });
  }

  update<K extends CellKind>(id: CellId, kind: K, patch: Partial<CellConfigs[K]>): void {
    const before = ops.findCell(this.doc, id);
    this.edit((c, now) => ops.updateConfig(c, id, kind, patch, now), `cell:${id}`);
    const after = ops.findCell(this.doc, id);
    // A cell whose reads DuckDB's parser finds in its SQL: asked again once the typing stops.
    const sql = after ? ops.parsedSql(after) : null;
    if (sql !== null && sql !== (before ? ops.parsedSql(before) : null)) this.#scheduleReads(id);
  }

  /** Hashes a file, stores it unchanged, records it in the cell (a source) and runs the cell. */
  async importFile(id: CellId, file: File): Promise<void> {
    this.importing.set(id, { name: file.name, bytesRead: 0, sizeBytes: file.size });
    try {
      const { format } = await inspectFile(file.name, file);
      const sha256 = await sha256OfBlob(file, {
        onProgress: (bytesRead) =>
          this.importing.set(id, { name: file.name, bytesRead, sizeBytes: file.size }),
      });
      await this.#workspace.putBlob(sha256, file);
      this.edit((c, now) => {
        // Deleted while its file was hashed: nothing to record.
        if (!ops.findCell(c, id)) return c;
        const sourceFile = { sha256, name: file.name, sizeBytes: file.size, format, importedAt: now };
        return ops.attachFile(c, id, sourceFile, now);
      });
      await this.flush();
      this.importing.delete(id);
      await this.runtime.runCell(id);
    } catch (e: unknown) {
      this.importing.delete(id);
      this.runtime.fail(id, toAppError(e, 'import-malformed'));
    }
  }

  /** The stored runs of train cells (all cases; the Runs view asks for this one's). */
  get runs(): RunStore {
    return this.#workspace.runs;
  }

  /** The record of every exported file (the lineage view shows those that hold a run). */
  get exports(): ExportLog {
    return this.#workspace.exports;
  }

  /** The evaluation records of evaluate cells (all cases; the report and the lineage view ask for this one's). */
  get evaluations(): EvaluationLog {
    return this.#workspace.evaluations;
  }

  /** Measures the training backends again (a train cell's "Measure again") and says what `auto` picks. */
  measureBackends(): Promise<BackendReport> {
    return this.#training.measureBackends();
  }

  /**
   * e2e tests only (`testHooks`): destroys the WebGPU device this case's training worker uses, as a
   * driver reset would; false when it is not on WebGPU. Any other worker refuses (a rejection).
   */
  loseTrainingDevice(): Promise<boolean> {
    return this.#training.loseDevice();
  }

  /** The model registry (all cases; the Models view asks for this one's). */
  get registry(): ModelRegistry {
    return this.#workspace.registry;
  }

  /** Promotes a stored run of this case to its next model version, a candidate. */
  promote(runId: RunId, change: { readonly by: string; readonly why: string }): Promise<ModelVersion> {
    const deps = {
      doc: this.doc,
      engine: this.engine,
      runs: this.#workspace.runs,
      registry: this.#workspace.registry,
      runtime: this.runtime,
      appVersion: APP_VERSION,
    };
    return promoteRun(deps, runId, change).finally(() => this.runtime.refreshModels());
  }

  /** Moves a version of this case to `stage`, with the evaluation that justified it (see changeStage). */
  async setStage(versionId: string, stage: ModelStage, words: ModelWords): Promise<void> {
    try {
      await changeStage(this.#workspace.registry, this.doc.id, versionId, stage, words);
    } finally {
      // A new champion, or none: the cells that score with the champion are stale now.
      await this.runtime.refreshModels();
    }
  }

  /** `setStage` for the version numbered `version`. */
  async setVersionStage(version: number, stage: ModelStage, words: ModelWords): Promise<void> {
    const versionId = await versionIdOf(this.#workspace.registry, this.doc.id, version);
    await this.setStage(versionId, stage, words);
  }

  /** Trains a stored run again on the case's tables as they are now, and compares its metrics. */
  reproduce(batch: RunBatch, run: StoredRun, signal: AbortSignal): Promise<Reproduction> {
    if (this.doc.cells.some((c) => c.id === batch.cellId && c.kind === 'backtest')) {
      // A backtest fold's matrix is refitted on that fold's rows, not the features table's split.
      return Promise.resolve({
        kind: 'not-possible',
        message:
          "This run is one fold of a backtest: its features were fitted on that fold's training rows. Run the Backtest cell again to retrain its folds.",
      });
    }
    const lineage = this.runtime.lineage(batch.cellId);
    const deps = { engine: this.engine, training: this.#training, signal, lineage, brief: this.brief };
    return reproduceRun(deps, batch, run);
  }

  dispose(): void {
    for (const timer of this.#readsTimers.values()) clearTimeout(timer);
    this.runtime.dispose();
    this.#training.dispose();
    void this.#queue.flush();
  }

  #scheduleReads(id: CellId): void {
    clearTimeout(this.#readsTimers.get(id));
    this.#readsTimers.set(
      id,
      setTimeout(() => void this.runtime.refreshReads(id), SAVE_DELAY_MS),
    );
  }
}
