import { CalibrationStore } from './calibrations';
import { AppError, errorMessage } from '../lib/errors';
import { asCaseId, type CaseId } from '../notebook/ids';
import { mergeCases, same, type Conflict } from '../notebook/merge';
import { migrateCase, restoreCase } from '../notebook/restore';
import type { Case } from '../notebook/types';
import type { CaseRecord, CasebookDb } from './db';
import { classifyStorageError } from './errors';
import { ExportLog } from './exports';
import { EvaluationLog } from './evaluations';
import { EditJournal, shouldRecover } from './journal';
import { purgeDeleted } from './purge';
import { ModelRegistry } from './registry';
import { RunStore } from './runs';
import { TableCache } from './table-cache';
import { TrainingJournal } from './training-journal';
import { yieldToNewerVersion } from './version-change';
import { exportWorkspace, importWorkspace, type ImportSummary, type WorkspaceExport } from './workspace-file';

/** A case as loaded: its document and rev, what to tell people, and edits that conflicted on recovery. */
export interface Loaded {
  readonly doc: Case;
  readonly rev: number;
  readonly warnings: string[];
  readonly conflicts?: readonly Conflict[];
}

export interface CaseSummary {
  readonly id: CaseId;
  readonly title: string;
  readonly updatedAt: string;
}

/** A case in the Trash: deleted at `deletedAt`, purged for good `TRASH_DAYS` later. */
export interface TrashedCase extends CaseSummary {
  readonly deletedAt: string;
}

/** How long a deleted case stays in the Trash before it is purged, with its files and runs. */
export const TRASH_DAYS = 30;

/** The repository of cases, files and session state. Every failure comes out as an AppError. */
export class Workspace {
  readonly #db: CasebookDb;
  readonly #now: () => string;
  readonly #journal: EditJournal;
  /** The runs of train cells, on the same database. */
  readonly runs: RunStore;
  /** What training leaves while it runs: interrupted runs and checkpoints. */
  readonly training: TrainingJournal;
  /** The model registry, on the same database. */
  readonly registry: ModelRegistry;
  /** The record of every exported file, on the same database. */
  readonly exports: ExportLog;
  /** Parquet copies of the tables cells made, so that reopening a case does not rebuild them. */
  readonly tableCache: TableCache;
  /** The evaluation records of evaluate cells, on the same database. */
  readonly evaluations: EvaluationLog;
  /** The training backend's calibration per device (a cache). */
  readonly calibrations: CalibrationStore;

  /**
   * `now` (ISO time of deletes and stored files) is for tests; `journal` keeps unsaved edits across
   * a page unload (none by default: the app passes the page's).
   */
  constructor(db: CasebookDb, options: { now?: () => string; journal?: EditJournal } = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date().toISOString());
    this.#journal = options.journal ?? new EditJournal(null);
    this.runs = new RunStore(db, { now: this.#now });
    this.training = new TrainingJournal(db, { now: this.#now });
    this.registry = new ModelRegistry(db, { now: this.#now });
    this.exports = new ExportLog(db);
    this.tableCache = new TableCache(db);
    this.evaluations = new EvaluationLog(db);
    this.calibrations = new CalibrationStore(db);
    yieldToNewerVersion(db, () =>
      Promise.all([...this.#onNewerVersion].map((f) => f())).then(() => undefined),
    );
  }

  readonly #onNewerVersion = new Set<() => Promise<void>>();

  /**
   * Calls `beforeClose` when a newer Casebook in another tab upgrades the database: what it saves
   * still goes through (for up to 2 s, while the upgrade waits), then the database closes in this
   * tab for good and every later read or write fails, saying to reload (`version-change.ts`).
   */
  onNewerVersion(beforeClose: () => Promise<void>): () => void {
    this.#onNewerVersion.add(beforeClose);
    return () => this.#onNewerVersion.delete(beforeClose);
  }

  listCases(): Promise<CaseSummary[]> {
    return guard(async () => {
      const records = await this.#db.cases.orderBy('updatedAt').reverse().toArray();
      return records
        .filter((r) => r.deletedAt === null)
        .map((r) => ({ id: asCaseId(r.id), title: r.title, updatedAt: r.updatedAt }));
    });
  }

  /**
   * Loads a case. Edits journaled when the page went away before they were saved are saved first,
   * if the stored copy is still the one they were based on (see `journal.ts`).
   */
  loadCase(id: CaseId): Promise<Loaded> {
    return guard(async () => {
      const recovered = await this.#recover(id);
      if (recovered) return recovered;
      const record = await this.#db.cases.get(id);
      if (!record || record.deletedAt !== null) throw notFound(id);
      const { case: doc, warnings } = restore(record.doc);
      return { doc, rev: record.rev, warnings };
    });
  }

  /**
   * Saves `doc` at once (or at the next open) if the page goes away now: a synchronous write of
   * what the debounced save has not written yet. `saving`: a save of an older version is in flight.
   * `base`: the stored copy the edits were made on, so that they can be merged if another tab
   * saved since.
   */
  journalUnsaved(doc: Case, baseRev: number, saving: boolean, base: Case): boolean {
    return this.#journal.write(doc.id, { baseRev, saving, updatedAt: doc.updatedAt, doc, base });
  }

  /** The stored copy of a case and its rev, without journal recovery; null when gone or deleted. */
  readCase(id: CaseId): Promise<{ doc: Case; rev: number } | null> {
    return guard(async () => {
      const record = await this.#db.cases.get(id);
      if (!record || record.deletedAt !== null) return null;
      return { doc: restore(record.doc).case, rev: record.rev };
    });
  }

  createCase(doc: Case): Promise<number> {
    return guard(async () => {
      await this.#db.cases.add({ ...recordOf(doc), deletedAt: null, rev: 1 });
      return 1;
    });
  }

  /**
   * Saves `doc` if the stored copy is still at `expectedRev`, and returns the new rev. The read and
   * the write share one strict-durability transaction, so a tab holding an older rev can never
   * overwrite newer work: it gets a 'conflict' error and the stored case stays as it was.
   */
  saveCase(doc: Case, expectedRev: number): Promise<number> {
    return guard(() =>
      this.#db
        .transaction('rw', this.#db.cases, async () => {
          const stored = await this.#db.cases.get(doc.id);
          if (!stored) throw notFound(doc.id);
          if (stored.rev !== expectedRev) {
            throw new AppError(
              'conflict',
              'This case was changed in another tab. Reload to see the newest version; your last edit here was not saved.',
            );
          }
          if (stored.deletedAt !== null) {
            throw new AppError(
              'storage',
              'This case was deleted in another tab, so your last edit was not saved. Undo the delete there to keep editing.',
            );
          }
          const rev = expectedRev + 1;
          await this.#db.cases.put({ ...recordOf(doc), deletedAt: null, rev });
          return rev;
        })
        .then((rev) => {
          this.#journal.settle(doc.id, doc.updatedAt);
          return rev;
        }),
    );
  }

  /**
   * For a tab that has the case open: saves the edits another tab journaled as it went away (closed
   * before its save ran), merged onto the stored copy as at an open (`#recover`). Null when there
   * is no such entry or nothing of it applies; the tab then takes the stored copy (`adoptNewer`).
   */
  recoverJournaled(id: CaseId): Promise<Loaded | null> {
    return guard(async () => (this.#journal.foreign(id) ? this.#recover(id, 'tab') : null));
  }

  /**
   * Saves the journaled edits of a page that went away. Based on the stored rev: saved as they
   * are. Another tab saved since: merged onto its copy (`notebook/merge`), so that neither is
   * dropped; the parts both changed keep the stored version and come back as `conflicts`.
   * `from`: this page's own earlier life (an open), or another tab that closed (`recoverJournaled`).
   */
  async #recover(id: CaseId, from: 'page' | 'tab' = 'page'): Promise<Loaded | null> {
    const entry = this.#journal.read(id);
    if (!entry) return null;
    let candidate: { case: Case; warnings: string[] };
    let base: Case | null = null;
    try {
      candidate = restore(entry.doc);
      if (entry.base !== undefined) base = restore(entry.base).case;
    } catch {
      this.#journal.clear(id);
      return null;
    }
    if (candidate.case.id !== id || (base !== null && base.id !== id)) {
      this.#journal.clear(id);
      return null;
    }
    const result = await this.#db.transaction('rw', this.#db.cases, async () => {
      const stored = await this.#db.cases.get(id);
      if (!stored || stored.deletedAt !== null) return null;
      let doc = candidate.case;
      let conflicts: readonly Conflict[] = [];
      if (!shouldRecover(entry, stored)) {
        if (base === null || stored.rev === entry.baseRev) return null;
        const theirs = restore(stored.doc).case;
        const merged = mergeCases(base, candidate.case, theirs);
        if (same(merged.merged, theirs)) {
          // Nothing of the entry applies cleanly: the stored copy stays, the conflicts are offered.
          return merged.conflicts.length > 0
            ? { doc: theirs, rev: stored.rev, conflicts: merged.conflicts }
            : null;
        }
        ({ merged: doc, conflicts } = merged);
      }
      const rev = stored.rev + 1;
      await this.#db.cases.put({ ...recordOf(doc), deletedAt: null, rev });
      return { doc, rev, conflicts };
    });
    this.#journal.clearIfSame(id, entry);
    if (result === null) return null;
    const { doc, rev, conflicts } = result;
    const merged =
      conflicts.length > 0
        ? ` Another tab changed the same ${conflicts.length === 1 ? 'part' : 'parts'} since: its version is kept, and yours is offered to apply.`
        : '';
    return {
      doc,
      rev,
      warnings: [
        ...candidate.warnings,
        from === 'page'
          ? `Recovered the edits made just before the page was closed (it had no time to save them).${merged}`
          : `Recovered the edits another tab made just before it was closed (it had no time to save them).${merged}`,
      ],
      ...(conflicts.length > 0 ? { conflicts } : {}),
    };
  }

  /** The cases in the Trash, most recently deleted first. */
  listTrash(): Promise<TrashedCase[]> {
    return guard(async () => {
      const records = await this.#db.cases.where('deletedAt').above('').toArray();
      return records
        .flatMap((r) =>
          r.deletedAt === null
            ? []
            : [{ id: asCaseId(r.id), title: r.title, updatedAt: r.updatedAt, deletedAt: r.deletedAt }],
        )
        .sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
    });
  }

  /** Soft delete: the case leaves the list but stays stored until purged, so it can be undone. */
  deleteCase(id: CaseId): Promise<void> {
    return guard(async () => {
      await this.#db.cases.update(id, { deletedAt: this.#now() });
    });
  }

  undeleteCase(id: CaseId): Promise<void> {
    return guard(async () => {
      if ((await this.#db.cases.update(id, { deletedAt: null })) === 0) throw notFound(id);
    });
  }

  /**
   * Removes the cases deleted before `before` (ISO time) with everything of them: runs, models,
   * scores, notes, deletion records, explanations, evaluations, checkpoints, model versions with
   * their bundles and stages, and export records of them alone; then the files no remaining case
   * refers to (see `purge.ts`). Returns how many cases went.
   */
  purgeDeleted(before: string): Promise<number> {
    return guard(async () => (await purgeDeleted(this.#db, before, fileHashesIn)).length);
  }

  /**
   * Purges one case from the Trash now ("Delete for good"), as `purgeDeleted` does; a case that is
   * not in the Trash is refused, so that nothing live can go this way.
   */
  purgeCase(id: CaseId): Promise<void> {
    return guard(async () => {
      const purged = await purgeDeleted(this.#db, this.#now(), fileHashesIn, [id]);
      if (purged.length === 0) {
        throw new AppError('storage', 'That case is not in the Trash (any more): nothing was deleted.');
      }
    });
  }

  /** Stores file bytes under their SHA-256 (hash before calling: no awaits inside a transaction). */
  putBlob(sha256: string, blob: Blob): Promise<void> {
    return guard(() =>
      this.#db.transaction('rw', this.#db.blobs, async () => {
        // Content-addressed: bytes already stored under this hash are the same bytes.
        if ((await this.#db.blobs.where('sha256').equals(sha256).count()) > 0) return;
        await this.#db.blobs.add({ sha256, blob, sizeBytes: blob.size, storedAt: this.#now() });
      }),
    );
  }

  getBlob(sha256: string): Promise<Blob | undefined> {
    return guard(async () => (await this.#db.blobs.get(sha256))?.blob);
  }

  hasBlob(sha256: string): Promise<boolean> {
    return guard(async () => (await this.#db.blobs.where('sha256').equals(sha256).count()) > 0);
  }

  /** The whole workspace (cases, files, runs, notes, lineage records) as one file; see `workspace-file.ts`. */
  async exportFile(appVersion: string): Promise<Blob> {
    return (await this.exportWorkspace(appVersion)).file;
  }

  /** The workspace file and what it holds, for the record of its export; `unsaved`: see `exportWorkspace`. */
  exportWorkspace(appVersion: string, unsaved: readonly Case[] = []): Promise<WorkspaceExport> {
    return exportWorkspace(this.#db, { appVersion, exportedAt: this.#now(), unsaved });
  }

  /** Adds what a workspace file holds and this browser does not; a bad file changes nothing. */
  importFile(file: Blob): Promise<ImportSummary> {
    return importWorkspace(this.#db, file);
  }

  getSession(key: string): Promise<unknown> {
    return guard(async () => (await this.#db.session.get(key))?.value);
  }

  setSession(key: string, value: unknown): Promise<void> {
    return guard(async () => {
      await this.#db.session.put({ key, value });
    });
  }
}

async function guard<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (e: unknown) {
    throw classifyStorageError(e);
  }
}

function recordOf(doc: Case): Pick<CaseRecord, 'id' | 'title' | 'updatedAt' | 'doc'> {
  return { id: doc.id, title: doc.title, updatedAt: doc.updatedAt, doc };
}

function notFound(id: CaseId): AppError {
  return new AppError(
    'storage',
    `Case not found in this browser (${id}); it may have been deleted in another tab. Reload the list of cases.`,
  );
}

/** `restoreCase(migrateCase(raw))`; anything it throws means the stored document is unusable. */
function restore(raw: unknown): { case: Case; warnings: string[] } {
  try {
    return restoreCase(migrateCase(raw));
  } catch (e: unknown) {
    if (e instanceof AppError) throw e;
    throw new AppError('invalid-document', `This case cannot be opened: ${errorMessage(e)}`, { cause: e });
  }
}

/**
 * The SHA-256 of every file a stored document refers to: `config.file.sha256` of its cells. Read
 * defensively (the document is unknown here), and from every cell kind, not only `source`: keeping
 * a file too many is harmless, deleting one still in use is not.
 */
function fileHashesIn(doc: unknown): string[] {
  const hashes: string[] = [];
  const cells = field(doc, 'cells');
  if (!Array.isArray(cells)) return hashes;
  for (const cell of cells) {
    const sha = field(field(field(cell, 'config'), 'file'), 'sha256');
    if (typeof sha === 'string') hashes.push(sha);
  }
  return hashes;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? Reflect.get(value, key) : undefined;
}
