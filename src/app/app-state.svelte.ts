import { dropAllRelations } from '../data/catalog';
import type { SqlEngine } from '../data/engine';
import { AppError, errorMessage, toAppError } from '../lib/errors';
import type { CaseId } from '../notebook/ids';
import { cellTitle } from '../notebook/cell';
import { applyConflict, type Conflict } from '../notebook/merge';
import { newCaseId, newCellId } from '../notebook/ids';
import { createCase, duplicateCase } from '../notebook/ops';
import { SerialQueue } from '../lib/serial';
import { TRASH_DAYS, type CaseSummary, type TrashedCase, type Workspace } from '../storage/workspace';
import type { ExportRecorder } from '../notebook/exports';
import { CaseSession, heldCellsKey, parseHeldCells, viewCellsKey } from './case-session.svelte';
import { ExportClock } from './export-clock.svelte';
import { exportRecorder, recordOrWarn } from './exports';
import { buildSample, SAMPLES, type SampleCase } from './samples';
import { recoverInterrupted } from './run-repository';
import { sampleRegistrar } from './samples/champion';
import { acquireLock } from './locks';
import { onJournalLeft, TabChannel } from './tab-channel';
import { TabOwner } from './tab-owner.svelte';
import type { Toasts } from './toasts.svelte';
import { APP_VERSION } from './version';
import { importMessage, workspaceFileName } from './workspace-transfer';
import { RunCounters } from '../runtime/counters';
import type { TableCachePort } from '../runtime/table-cache';
import { cacheUsage, tableCachePort, type CacheUsageRow } from './table-cache';

const LAST_CASE_KEY = 'lastCaseId';
/** Held while a tab makes the first case of an empty workspace: two tabs make one between them. */
const FIRST_CASE_LOCK = 'casebook:first-case';
/**
 * How long a tab waits before saving the edits another tab journaled: longer than that tab's own
 * save takes when it only went to the background (300 ms, in a timer the browser may slow to 1 s).
 */
const JOURNAL_GRACE_MS = 1_500;

/**
 * The whole app in one tab: the list of cases and the one that is open. Opening a case empties
 * the engine and rebuilds that case's tables from its stored sources and cells.
 */
export class AppState {
  cases = $state<readonly CaseSummary[]>([]);
  session = $state<CaseSession | null>(null);
  /**
   * A newer Casebook upgraded the database from another tab: this tab saved what was pending (if it
   * could) and saves nothing more (the banner asks to reload; `storage/version-change.ts`).
   */
  updatedElsewhere = $state(false);
  readonly #workspace: Workspace;
  readonly #engine: SqlEngine;
  readonly #toasts: Toasts;
  readonly #opening = new SerialQueue();
  /** New sample cases whose champion is registered when they are first opened (it needs their runs). */
  readonly #pendingChampions = new Map<CaseId, Pick<SampleCase, 'champion' | 'challengers'>>();
  #fetchFile: (path: string) => Promise<Blob> = () =>
    Promise.reject(new Error('The app has not started: sample files cannot be read yet.'));
  readonly #recordExport: ExportRecorder;
  /** False until a case has been opened: the engine holds nothing yet, so there is nothing to drop. */
  #engineUsed = false;
  /** What the runtimes of this tab did: cells run and restored, cache writes (read by tests). */
  readonly counters = new RunCounters();
  readonly #tableCache: TableCachePort;
  /** What the other tabs saved: the open case is taken from there (merged) within a moment. */
  readonly #channel = new TabChannel();
  /** The last workspace export and the first visit, for the export reminder (`export-reminder.ts`). */
  readonly exportClock: ExportClock;
  /** Whether this tab does the browser's background work, or another tab does (`tab-owner.svelte.ts`). */
  readonly owner: TabOwner;

  /** e2e tests (`?test-hooks`): each case's training worker answers the test hooks. */
  readonly #testHooks: boolean;

  constructor(
    workspace: Workspace,
    engine: SqlEngine,
    toasts: Toasts,
    owner = new TabOwner(),
    { testHooks = false }: { readonly testHooks?: boolean } = {},
  ) {
    this.#workspace = workspace;
    this.#testHooks = testHooks;
    this.owner = owner;
    this.#engine = engine;
    this.#toasts = toasts;
    this.#recordExport = exportRecorder({ log: workspace.exports, appVersion: APP_VERSION });
    this.#tableCache = tableCachePort(workspace.tableCache);
    this.exportClock = new ExportClock(workspace);
    engine.onRestart(() => {
      const session = this.session;
      if (!session) return;
      this.#toasts.show('info', 'The SQL engine restarted; rebuilding the tables of this case.');
      session.runtime.forgetResults();
      void session.runtime.resume();
    });
    workspace.onNewerVersion(async () => {
      this.updatedElsewhere = true;
      await this.session?.flush();
    });
    onJournalLeft((caseId) => {
      const session = this.session;
      if (session && caseId === session.doc.id) this.#pickUpJournaled(session);
    });
    this.#channel.listen((message) => {
      void this.refreshList().catch(() => undefined);
      const session = this.session;
      if (message.type === 'case-saved' && session && message.caseId === session.doc.id) {
        void session.adoptNewer(message.rev);
      }
    });
  }

  /**
   * Saves what another tab journaled of the open case as it went away, after a grace period: a
   * tab that merely went to the background journals too, and then saves by itself (its entry is
   * gone by then, and nothing is done).
   */
  #pickUpJournaled(session: CaseSession): void {
    setTimeout(() => {
      if (this.session === session) void session.pickUpJournaled();
    }, JOURNAL_GRACE_MS);
  }

  /** This tab came back to the front: takes what other tabs saved meanwhile (a message may be missed). */
  adoptNewer(): void {
    void this.refreshList().catch(() => undefined);
    void this.session?.adoptNewer();
  }

  /** What the table cache holds, by case. */
  cacheUsage(): Promise<CacheUsageRow[]> {
    return cacheUsage(this.#workspace);
  }

  /**
   * Empties the table cache (of one case, or of all): saved cases, files and runs stay, and the
   * next open rebuilds the tables from them. The tables of the open case stay in this tab.
   */
  async clearCache(caseId?: string): Promise<void> {
    await this.#workspace.tableCache.clear(caseId);
  }

  /**
   * Lists the cases (a first visit builds the first sample) and opens the last one. A safe start
   * (`?safe` in the address) opens it without running anything: the way back into a case whose
   * cell takes the tab down each time it runs.
   */
  async init(
    fetchFile: (path: string) => Promise<Blob>,
    { safe = false }: { safe?: boolean } = {},
  ): Promise<void> {
    this.#fetchFile = fetchFile;
    // What crashed tabs left is saved before this tab's cells run (a train cell then finds its
    // interrupted batch instead of training afresh): by the owner's duties, or here when another
    // tab owns the work (a tab that went away after that owner started is not yet saved).
    if ((await this.owner.start(() => this.#ownerDuties())) === 'other') {
      await this.#recoverTraining();
    }
    await this.#firstCase();
    const last = await this.#workspace.getSession(LAST_CASE_KEY);
    const target = this.cases.find((c) => c.id === last) ?? this.cases[0];
    if (target) await this.openCase(target.id, { run: !safe });
    if (target && safe) {
      this.#toasts.show(
        'info',
        'Safe start: this case opened without running any cell, so its tables are not built. Fix or delete the cell that failed, then run a cell or Run all stale.',
        undefined,
        20_000,
      );
    }
  }

  /**
   * The sample, in an empty workspace, made by one tab: another tab started at the same moment
   * waits for the lock, then finds it (never an empty workspace, never two samples).
   */
  async #firstCase(): Promise<void> {
    await this.refreshList();
    if (this.cases.length > 0) return;
    const release = await acquireLock(FIRST_CASE_LOCK);
    try {
      await this.refreshList();
      if (this.cases.length > 0) return;
      await this.#createSample(SAMPLES[0]);
      await this.refreshList();
    } finally {
      release();
    }
  }

  /**
   * The owner's work (`tab-owner.svelte.ts`), at its start and when it takes over from a tab that
   * went away: the training that tab left is saved as interrupted, and the Trash is purged.
   */
  async #ownerDuties(): Promise<void> {
    await this.#recoverTraining();
    // Cases deleted more than TRASH_DAYS ago leave for good; a failure only leaves them longer.
    const cutoff = new Date(Date.now() - TRASH_DAYS * 86_400_000).toISOString();
    void this.#workspace.purgeDeleted(cutoff).catch(() => undefined);
  }

  /**
   * Saves the training that a closed, reloaded or crashed tab left as an interrupted batch, before
   * this tab's cells run: its train cell then shows it with Resume instead of training afresh (a
   * batch still in training in another open tab holds its lock and is left alone).
   */
  async #recoverTraining(): Promise<void> {
    try {
      const count = await recoverInterrupted(this.#workspace);
      if (count === 0) return;
      this.#toasts.show(
        'info',
        `${count === 1 ? 'A training was' : `${count} trainings were`} interrupted (a tab closed, reloaded or crashed): its runs are kept, marked interrupted. Open the train cell to resume.`,
        undefined,
        20_000,
      );
    } catch (e: unknown) {
      this.#toasts.show('error', `Could not save the interrupted training: ${errorMessage(e)}`);
    }
  }

  async #createSample(sample: SampleCase): Promise<CaseId> {
    const doc = await buildSample(
      sample,
      this.#fetchFile,
      ({ sha256, blob }) => this.#workspace.putBlob(sha256, blob),
      new Date().toISOString(),
    );
    await this.#workspace.createCase(doc);
    if (sample.champion) this.#pendingChampions.set(doc.id, sample);
    return doc.id;
  }

  /** Adds a fresh copy of a sample case (its files are shipped with the app) and opens it. */
  async addSample(sampleId: string): Promise<void> {
    const sample = SAMPLES.find((s) => s.id === sampleId);
    if (!sample) return;
    await this.#guard(async () => {
      await this.#closeSession();
      const id = await this.#createSample(sample);
      await this.refreshList();
      await this.openCase(id);
    });
  }

  async refreshList(): Promise<void> {
    this.cases = await this.#workspace.listCases();
  }

  /** Opens a case and runs its stale cells (`run: false`: runs nothing, for a safe start). */
  openCase(id: CaseId, { run = true }: { run?: boolean } = {}): Promise<void> {
    return this.#opening.run(async () => {
      await this.#closeSession();
      const { doc, rev, warnings, conflicts } = await this.#workspace.loadCase(id);
      // Shown long enough to be read while the notebook still renders: they say what was recovered.
      for (const warning of warnings) this.#toasts.show('info', warning, undefined, 20_000);
      // The first case opens without waiting for the engine to start: its cells queue for it.
      if (this.#engineUsed) await dropAllRelations(this.#engine);
      this.#engineUsed = true;
      const cellsAt = async (key: string) =>
        parseHeldCells(await this.#workspace.getSession(key).catch(() => null));
      const [held, view] = await Promise.all([cellsAt(heldCellsKey(id)), cellsAt(viewCellsKey(id))]);
      const session = new CaseSession(doc, rev, {
        workspace: this.#workspace,
        engine: this.#engine,
        toasts: this.#toasts,
        onSaved: () => void this.refreshList(),
        announce: (saved) => this.#channel.post({ type: 'case-saved', caseId: id, rev: saved }),
        onConflicts: (found) => this.#offerConflicts(session, found),
        held,
        view,
        tableCache: this.#tableCache,
        counters: this.counters,
        testHooks: this.#testHooks,
      });
      this.session = session;
      // An entry another tab left after this open read the journal, before the listener could act.
      this.#pickUpJournaled(session);
      // Recovered edits that another tab's save changed too: theirs is kept, mine stays on offer.
      this.#offerConflicts(session, conflicts ?? []);
      // Remembered beside the run, not before it: on a first visit the store is still busy with
      // the sample's files, and the cells need not wait for it.
      void this.#workspace.setSession(LAST_CASE_KEY, id).catch(() => undefined);
      if (run) void this.#runOpened(session);
    });
  }

  /**
   * Runs an opened case's stale cells. A new sample registers its champion (and challengers) as
   * soon as the evaluate cell choosing each has run, so its score and monitor cells below find
   * them; what could still not run without them (a failure, a race) runs again once they are
   * registered: the cells that failed, not every stale cell (one the user edited meanwhile waits
   * for the user, as any edit does).
   */
  async #runOpened(session: CaseSession): Promise<void> {
    const pending = this.#pendingChampions.get(session.doc.id);
    if (!pending?.champion) {
      await session.runtime.resume();
      return;
    }
    const registrar = sampleRegistrar(session, pending.champion, pending.challengers);
    const stop = session.runtime.onSettled(registrar.check);
    try {
      await session.runtime.resume();
    } finally {
      stop();
    }
    if (this.session !== session) return;
    this.#pendingChampions.delete(session.doc.id);
    try {
      await registrar.finish();
    } catch (e: unknown) {
      this.#toasts.show('error', errorMessage(e));
    }
    await session.runtime.retryFailed();
  }

  /** Each edit of this tab that another tab's save changed too, on offer until applied or closed. */
  #offerConflicts(session: CaseSession, conflicts: readonly Conflict[]): void {
    for (const conflict of conflicts) {
      this.#toasts.show(
        'info',
        `Your unsaved edit of ${conflictPart(conflict)} clashed with another tab's save: theirs is kept.`,
        { label: 'Use mine', run: () => session.edit((c, now) => applyConflict(c, conflict, now)) },
        0,
      );
    }
  }

  /** Saves and closes the open case; the notebook goes away before the save, taking its last edits with it. */
  async #closeSession(): Promise<void> {
    const previous = this.session;
    if (!previous) return;
    this.session = null;
    await previous.flush().catch(() => undefined);
    previous.dispose();
  }

  async newCase(): Promise<void> {
    await this.#guard(async () => {
      // Close the open case first, so that nothing typed while the new one is made goes to it
      // (the title field of the old case stayed under the user's cursor, then vanished).
      await this.#closeSession();
      const doc = createCase(newCaseId(), 'Untitled case', new Date().toISOString());
      await this.#workspace.createCase(doc);
      await this.refreshList();
      await this.openCase(doc.id);
    });
  }

  async duplicateCase(id: CaseId): Promise<void> {
    await this.#guard(async () => {
      if (this.session?.doc.id === id) await this.session.flush();
      const { doc } = await this.#workspace.loadCase(id);
      const copy = duplicateCase(doc, newCaseId(), new Date().toISOString(), newCellId);
      await this.#workspace.createCase(copy);
      await this.refreshList();
      await this.openCase(copy.id);
    });
  }

  async deleteCase(id: CaseId): Promise<void> {
    await this.#guard(async () => {
      const title = this.cases.find((c) => c.id === id)?.title ?? 'The case';
      if (this.session?.doc.id === id) await this.session.flush();
      await this.#workspace.deleteCase(id);
      await this.refreshList();
      if (this.session?.doc.id === id) {
        this.session.dispose();
        this.session = null;
        const next = this.cases[0];
        if (next) await this.openCase(next.id);
      }
      this.#toasts.show('info', `Deleted “${title}”.`, {
        label: 'Undo',
        run: () =>
          void this.#guard(async () => {
            await this.#workspace.undeleteCase(id);
            await this.refreshList();
            await this.openCase(id);
          }),
      });
    });
  }

  /** The cases in the Trash, most recently deleted first. */
  listTrash(): Promise<TrashedCase[]> {
    return this.#workspace.listTrash();
  }

  /** Brings a case back from the Trash, whole (files, runs, lineage), and opens it. */
  async restoreFromTrash(id: CaseId): Promise<void> {
    await this.#guard(async () => {
      await this.#workspace.undeleteCase(id);
      await this.refreshList();
      await this.openCase(id);
    });
  }

  /** Deletes a case of the Trash for good, with its runs, models, files no other case holds. */
  async purgeFromTrash(id: CaseId): Promise<void> {
    await this.#guard(async () => {
      await this.#workspace.purgeCase(id);
    });
  }

  /**
   * Every case, file, run and note as one file, recorded in the lineage (its SHA-256 and what it
   * holds), then downloaded; the open case is saved first.
   */
  async exportWorkspace(download: (name: string, file: Blob) => void): Promise<void> {
    await this.#guard(async () => {
      await this.session?.flush();
      // A save that failed (a full disk): the export carries the edits the disk refused.
      const unsaved = this.session && this.session.saveState !== 'saved' ? [this.session.doc] : [];
      const { file, contents } = await this.#workspace.exportWorkspace(APP_VERSION, unsaved);
      const fileName = workspaceFileName(new Date().toISOString());
      const warning = await recordOrWarn(this.#recordExport, file, { fileName, contents });
      download(fileName, file);
      // The reminder's clock: a failure to note it only brings the reminder back early.
      await this.exportClock.exported(new Date()).catch(() => undefined);
      this.#toasts.show(
        'info',
        'Exported the workspace. Keep the file: it is the backup of this browser’s cases and runs.',
      );
      if (warning !== null) this.#toasts.show('error', warning);
    });
  }

  /** Adds what a workspace file holds and this browser does not; a refused file changes nothing. */
  async importWorkspace(file: Blob): Promise<void> {
    await this.#guard(async () => {
      await this.session?.flush();
      const summary = await this.#workspace.importFile(file);
      await this.refreshList();
      this.#toasts.show('info', importMessage(summary));
      const first = this.cases[0];
      if (!this.session && first) await this.openCase(first.id);
    });
  }

  async #guard(task: () => Promise<void>): Promise<void> {
    try {
      await task();
    } catch (e: unknown) {
      const error = e instanceof AppError ? e : toAppError(e, 'storage');
      this.#toasts.show('error', error.message || errorMessage(e));
    }
  }
}

function conflictPart(conflict: Conflict): string {
  if (conflict.part === 'cell') return `the cell “${cellTitle(conflict.mine)}”`;
  return conflict.part === 'title' ? 'the title' : 'the report settings';
}
