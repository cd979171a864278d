import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import {
  isOutputOf,
  statusOf,
  unitOf,
  type AnyCellStatus,
  type CellOutput,
  type CellProgress,
  type OutputOf,
  type ProgressOf,
} from '../cells/registry';
import type { EvaluationRecord } from '../notebook/evaluations';
import type {
  CellStatus,
  ColumnInfo,
  JournalPort,
  ModelsPort,
  RunContext,
  RunsPort,
  TrainingPort,
} from '../cells/types';
import type { ModelBundle } from '../notebook/bundle/types';
import type { VersionState } from '../notebook/registry';
import { dropRelationUnless, readSchema } from '../data/catalog';
import type { SqlEngine } from '../data/engine';
import type { ImportRequest, ImportResult } from '../data/import';
import { tableDigest } from '../data/table-digest';
import { AppError, problemError, toAppError } from '../lib/errors';
import { measureRepeated } from '../lib/boot-marks';
import { SerialQueue } from '../lib/serial';
import { yieldToMain } from '../lib/yield';
import {
  buildGraph,
  cellOutput,
  fingerprints,
  graphProblem,
  staleCells,
  transitiveUpstream,
} from '../notebook/graph';
import type { CaseId, CellId, RunId } from '../notebook/ids';
import type { FoundRun, StoredExplanation } from '../notebook/explanations';
import { buildLineage, type CellDetails } from '../notebook/lineage';
import type { InterruptedBatch, RunBatch, RunBatchBundle, RunLineage } from '../notebook/runs';
import { briefOf } from '../notebook/brief';
import { hash64 } from '../notebook/hash';
import { factsOf } from '../notebook/kinds';
import { findCell, parsedSql } from '../notebook/ops';
import { pickedRun } from '../notebook/picked-run';
import type { Case, CellConfigs, CellKind, CellOf } from '../notebook/types';
import { buildOrder } from './build-order';
import { RunCounters } from './counters';
import { exportToCache, restoreFromCache, tableCacheKey, type TableCachePort } from './table-cache';

/** A cell that ran in this batch, whose table goes to the table cache once the batch is over. */
interface ToCache {
  readonly id: CellId;
  readonly fingerprint: string;
}

export interface RuntimeDeps {
  readonly engine: SqlEngine;
  readonly loadBlob: (sha256: string) => Promise<Blob>;
  readonly importSource: (request: ImportRequest) => Promise<ImportResult>;
  /** The document as it is now. */
  readonly getCase: () => Case;
  /** Records the tables a cell reads, as the parser found them. */
  readonly setReads: (id: CellId, reads: readonly string[]) => void;
  /** Saves into a cell's config what its run learned (a clean cell's impute fill values). */
  readonly saveLearned: <K extends CellKind>(id: CellId, kind: K, patch: Partial<CellConfigs[K]>) => void;
  readonly training: TrainingPort;
  /** Where train cells' runs are kept (storage's RunStore). */
  readonly runs: RunRepository;
  /** The app's version, stamped on runs and part of their reuse key. */
  readonly appVersion: string;
  /**
   * Cells the user cancelled, kept across reloads: they stay cancelled until the user runs them
   * (`resume` skips them). `initial` as saved; `save` is called with the set whenever it changes.
   */
  readonly held?: { readonly initial: readonly CellId[]; readonly save: (ids: readonly CellId[]) => void };
  /** The model registry (storage's ModelRegistry), read by score cells. */
  readonly models: ModelRepository;
  /** Where the tables of cacheable cells are kept by fingerprint (none: every reopen rebuilds them). */
  readonly tableCache?: TableCachePort;
  /** Counts the cells run and restored (the app's, read by tests); a private one by default. */
  readonly counters?: RunCounters;
  /**
   * The cells on screen, kept across reloads: a background build runs them and their inputs first
   * (`setVisible`). `initial` as saved (where the view was when the page was left); `save` is
   * called with the set whenever it changes.
   */
  readonly view?: { readonly initial: readonly CellId[]; readonly save: (ids: readonly CellId[]) => void };
}

/** The model registry, as the runtime gives it to score cells. */
export interface ModelRepository {
  listCase(caseId: CaseId): Promise<{ readonly versions: readonly VersionState[] }>;
  bundle(versionId: string): Promise<ModelBundle>;
}

/** What a reopened case shows on a cell the user cancelled before the reload. */
export const HELD_MESSAGE =
  'Cancelled before the page was reloaded: it stays cancelled until you run it (Run, or Run all stale).';

/** The stored runs, as the runtime gives them to train cells. */
export interface RunRepository {
  /** The newest complete batch of `cellId` saved under `key`; null when none. */
  findBatch(caseId: CaseId, cellId: CellId, key: string): Promise<RunBatchBundle | null>;
  /** Saves a batch with its runs and artifacts at once; never overwrites (but an interrupted batch it resumed). */
  saveBatch(bundle: RunBatchBundle, options?: { replacing?: boolean }): Promise<void>;
  /** The newest interrupted batch of `cellId` saved under `key`; null when none. */
  findInterrupted(caseId: CaseId, cellId: CellId, key: string): Promise<InterruptedBatch | null>;
  /** Opens the record of a batch about to train (see `RunsPort.journal`). */
  journal(batch: RunBatch, signal: AbortSignal): Promise<JournalPort>;
  /** A run of the case with its batch and artifact; null when not stored. */
  findRun(caseId: CaseId, runId: RunId): Promise<FoundRun | null>;
  findExplanation(key: string): Promise<StoredExplanation | null>;
  saveExplanation(record: StoredExplanation): Promise<void>;
  saveEvaluation(record: EvaluationRecord): Promise<EvaluationRecord>;
}

/**
 * Runs the cells of one case in graph order and holds their state in this tab: statuses, outputs,
 * the fingerprint of each cell's last successful run (so staleness is derived, not stored), and
 * the schema for completion. Nothing here is saved: a reload rebuilds it by running the case.
 */
export class Runtime {
  readonly statuses = new SvelteMap<CellId, AnyCellStatus>();
  readonly #lastRun = new SvelteMap<CellId, string>();
  /**
   * Digests of the tables of cells that write from stored state (`#cacheKey`), by cell, as read
   * since that cell last ran: each run drops its own.
   */
  readonly #storedDigests = new Map<CellId, Promise<string | null>>();
  readonly #cancelled = new SvelteSet<CellId>();
  /** Cancelled by the user and not run since: never run by `resume`. */
  readonly #held: SvelteSet<CellId>;
  readonly #controllers = new Map<CellId, AbortController>();
  /** Cells whose next run continues their interrupted training (Resume). */
  readonly #resuming = new Set<CellId>();
  readonly #queue = new SerialQueue();
  /** The cells on screen (`setVisible`): a background build runs them and their inputs next. */
  #visible: ReadonlySet<CellId>;
  /** Batches the user asked for that wait in the queue: a background batch yields to them. */
  #userWaiting = 0;
  /** How many schema refreshes were asked for (see `#refreshSchema`). */
  #schemaAsked = 0;
  /** How many registry reads were asked for (see `refreshModels`). */
  #modelsAsked = 0;
  readonly #deps: RuntimeDeps;
  readonly #counters: RunCounters;
  readonly #settledListeners = new Set<(id: CellId) => void>();
  #disposed = false;
  schema = $state<ReadonlyMap<string, readonly ColumnInfo[]>>(new Map());

  /**
   * The case's champion (its version id) as last read from the registry, null when none: part of
   * the fingerprint of a cell that scores with "the champion", which a promote or retire makes stale.
   */
  champion = $state<string | null>(null);

  /**
   * The case's versions with their stages as last read with the champion: what a view lists
   * (a monitor's candidates) follows a promote or stage change made anywhere, without a run.
   */
  versions = $state.raw<readonly VersionState[]>([]);

  readonly graph = $derived.by(() => buildGraph(this.#deps.getCase().cells));
  readonly fingerprints = $derived.by(() => {
    const startedAt = performance.now();
    const out = fingerprints(this.#deps.getCase().cells, this.graph, { champion: this.champion });
    // After every edit (a keystroke in a note): its time for `npm run bench` (what ran in a long task).
    measureRepeated('casebook:fingerprints', startedAt);
    return out;
  });
  readonly stale = $derived.by(() =>
    staleCells(this.#deps.getCase().cells, this.fingerprints, this.#lastRun),
  );
  readonly busy = $derived.by(() =>
    [...this.statuses.values()].some((s) => s.state === 'running' || s.state === 'queued'),
  );

  constructor(deps: RuntimeDeps) {
    this.#deps = deps;
    this.#counters = deps.counters ?? new RunCounters();
    this.#held = new SvelteSet(deps.held?.initial ?? []);
    this.#visible = new Set(deps.view?.initial ?? []);
  }

  /**
   * The view says which cells are on screen now. A background build (`resume`) takes the next
   * cell from them and their inputs, in graph order, before the rest: a cell scrolled to mid-build
   * runs right after the cell running now (which is not stopped).
   */
  setVisible(ids: Iterable<CellId>): void {
    const next = new Set(ids);
    if (next.size === this.#visible.size && [...next].every((id) => this.#visible.has(id))) return;
    this.#visible = next;
    this.#deps.view?.save([...next]);
  }

  /**
   * The table a queued cell waits for: the output of the first cell it reads from, directly or
   * not, that is queued or running; null when it waits for none (or is not queued).
   */
  waitingFor(id: CellId): string | null {
    if (this.status(id).state !== 'queued') return null;
    const cells = this.#deps.getCase().cells;
    for (const up of transitiveUpstream(this.graph, id)) {
      const state = this.status(up).state;
      if (state !== 'queued' && state !== 'running') continue;
      const cell = cells.find((c) => c.id === up);
      const table = cell ? cellOutput(cell) : null;
      if (table !== null) return table;
    }
    return null;
  }

  /** Whether the user cancelled this cell and has not run it since. */
  isHeld(id: CellId): boolean {
    return this.#held.has(id);
  }

  /**
   * Runs what a reopened case needs: every stale cell, except the cells the user cancelled (which
   * show that they were) and the cells that read from them.
   */
  resume(): Promise<void> {
    const cells = new Set(this.#deps.getCase().cells.map((c) => c.id));
    const held = [...this.#held].filter((id) => cells.has(id));
    if (held.length !== this.#held.size) this.#setHeld(held);
    // A cell cancelled in this tab already says so; one cancelled before a reload says why it waits.
    for (const id of held) {
      if (this.status(id).state === 'error') continue;
      this.statuses.set(id, { state: 'error', error: new AppError('cancelled', HELD_MESSAGE) });
    }
    const blocked = (id: CellId) =>
      this.#held.has(id) || transitiveUpstream(this.graph, id).some((u) => this.#held.has(u));
    return this.#runBatch(
      this.graph.order.filter((id) => this.stale.has(id) && !blocked(id)),
      { explicit: false },
    );
  }

  /**
   * Runs again the cells whose last run failed (not those the user cancelled), after the stale
   * cells they read from; a cell that is stale because the user edited it, and reads from no
   * failed cell, waits for the user.
   */
  retryFailed(): Promise<void> {
    const failed = this.graph.order.filter((id) => {
      const status = this.status(id);
      return status.state === 'error' && status.error.code !== 'cancelled' && !this.#held.has(id);
    });
    const upstream = failed.flatMap((id) =>
      transitiveUpstream(this.graph, id).filter((u) => this.stale.has(u)),
    );
    const wanted = new Set([...upstream, ...failed]);
    return this.#runBatch(
      this.graph.order.filter((id) => wanted.has(id)),
      { explicit: false },
    );
  }

  /**
   * Calls `listener` each time a batch has finished a cell (ran, restored or failed), before the
   * next cell starts; returns the function that stops it.
   */
  onSettled(listener: (id: CellId) => void): () => void {
    this.#settledListeners.add(listener);
    return () => this.#settledListeners.delete(listener);
  }

  status(id: CellId): AnyCellStatus {
    return this.statuses.get(id) ?? { state: 'idle' };
  }

  /** A cell's status, typed by its kind. */
  statusOf<K extends CellKind>(cell: CellOf<K>): CellStatus<OutputOf<K>, ProgressOf<K>> {
    return statusOf(cell, this.status(cell.id));
  }

  /**
   * Reads the case's versions and champion again: after a change to the registry, and before each
   * batch runs, so that a cell's fingerprint at its run names the champion it scored with. Of
   * reads that overlap, the last asked for wins.
   */
  async refreshModels(): Promise<void> {
    const asked = ++this.#modelsAsked;
    try {
      const { versions } = await this.#deps.models.listCase(this.#deps.getCase().id);
      if (asked !== this.#modelsAsked) return;
      this.versions = versions;
      this.champion = versions.find((x) => x.stage === 'champion')?.version.id ?? null;
    } catch {
      // An unreadable registry: the cells that read it say so when they run.
    }
  }

  /** Runs every stale cell, in graph order. */
  runAllStale(): Promise<void> {
    return this.#runBatch(this.graph.order.filter((id) => this.stale.has(id)));
  }

  /**
   * Runs a cell, after the stale cells it depends on. The cell itself runs even when the table
   * cache holds its table (the user asked for a run); the cells above it may come from the cache.
   */
  runCell(id: CellId): Promise<void> {
    const upstream = transitiveUpstream(this.graph, id).filter((u) => this.stale.has(u));
    return this.#runBatch([...upstream, id], { explicit: true }, new Set([id]));
  }

  /** Runs a train cell to continue its interrupted training from the last checkpoint. */
  resumeTraining(id: CellId): Promise<void> {
    this.#resuming.add(id);
    return this.runCell(id);
  }

  cancel(id: CellId): void {
    const state = this.status(id).state;
    if (state === 'queued' || state === 'running') this.#setHeld([...this.#held, id]);
    if (state === 'queued') {
      this.#cancelled.add(id);
      this.statuses.set(id, { state: 'error', error: new AppError('cancelled', 'Cancelled before it ran.') });
    }
    this.#controllers.get(id)?.abort();
  }

  cancelAll(): void {
    for (const id of this.statuses.keys()) this.cancel(id);
  }

  /**
   * A cell is gone from the document: stops it, forgets it, and drops the table or view it made,
   * so that a reader fails at once as it would after a reload (the readers, `readers`, are run again
   * to show it). Queued behind any run in progress, so that nothing recreates the table after.
   */
  removeCell(id: CellId, output: string | null, readers: readonly CellId[]): Promise<void> {
    this.cancel(id);
    this.#setHeld([...this.#held].filter((h) => h !== id));
    return this.#queue
      .run(async () => {
        this.statuses.delete(id);
        this.#lastRun.delete(id);
        if (output !== null) await dropRelationUnless(this.#deps.engine, output, null).catch(() => undefined);
      })
      .then(() =>
        this.#runBatch(
          readers.filter((r) => this.graph.order.includes(r)),
          { explicit: false },
        ),
      );
  }

  /** Shows an error on a cell that failed outside a run (an import that was refused). */
  fail(id: CellId, error: AppError): void {
    this.#lastRun.delete(id);
    this.statuses.set(id, { state: 'error', error });
  }

  /** Forgets every result: after the engine restarted, or before the case's tables are rebuilt. */
  forgetResults(): void {
    this.#lastRun.clear();
    this.statuses.clear();
    this.#storedDigests.clear();
  }

  /** Asks DuckDB's parser which tables a cell's SQL reads (a SQL cell's), and records them in the document. */
  async refreshReads(id: CellId): Promise<void> {
    const cell = findCell(this.#deps.getCase(), id);
    const sql = cell ? parsedSql(cell) : null;
    if (sql === null) return;
    let reads: string[];
    try {
      reads = await this.#deps.engine.tableNames(sql);
    } catch {
      return; // A query that does not parse reads nothing yet; running it shows the error.
    }
    const current = findCell(this.#deps.getCase(), id);
    if (!current || parsedSql(current) !== sql) return;
    if (reads.join('\n') !== current.reads.join('\n')) this.#deps.setReads(id, reads);
  }

  /** The chain of cells `id` reads from, as the case stands now, with what their last runs fitted. */
  lineage(id: CellId): RunLineage {
    const c = this.#deps.getCase();
    return buildLineage(c.cells, this.graph, this.fingerprints, id, (up) => this.#details(up));
  }

  #details(id: CellId): CellDetails | undefined {
    const cell = findCell(this.#deps.getCase(), id);
    return cell ? (detailsOf(cell, this.statusOf(cell)) ?? undefined) : undefined;
  }

  dispose(): void {
    this.#disposed = true;
    for (const controller of this.#controllers.values()) controller.abort();
  }

  #setHeld(ids: readonly CellId[]): void {
    const next = new Set(ids);
    if (next.size === this.#held.size && [...next].every((id) => this.#held.has(id))) return;
    this.#held.clear();
    for (const id of next) this.#held.add(id);
    this.#deps.held?.save([...next]);
  }

  /**
   * Queues a batch of cells, run in graph order. `explicit`: the user asked for these cells, so a
   * cell they cancelled runs again, a cell queued by a background batch is taken over, and the
   * batch goes ahead of what a background batch (`resume`, what a reopened case runs by itself)
   * has left: that batch yields between cells, and the rest of it runs after. `targets`: cells to
   * run even if a run meanwhile left them fresh, or the table cache holds their table (the cell
   * the user pressed Run on).
   */
  #runBatch(
    ids: readonly CellId[],
    { explicit } = { explicit: true },
    targets: ReadonlySet<CellId> = new Set(),
  ): Promise<void> {
    const batch = ids.filter((id) => {
      const state = this.status(id).state;
      return state !== 'running' && (explicit || state !== 'queued');
    });
    if (explicit && batch.some((id) => this.#held.has(id))) {
      this.#setHeld([...this.#held].filter((id) => !batch.includes(id)));
    }
    for (const id of batch) {
      this.#cancelled.delete(id);
      this.statuses.set(id, { state: 'queued' });
    }
    if (explicit) this.#userWaiting += 1;
    return drain(
      this.#queue.run(async () => {
        if (explicit) this.#userWaiting -= 1;
        await this.refreshModels();
        for (const id of batch) await this.#refreshIfSql(id);
        return this.#runCells(this.#withNewReads(batch, targets), explicit, targets, new Set());
      }),
    );
  }

  /**
   * `batch` with the stale cells its targets read from that it did not know of when it was queued:
   * a query typed a moment before Run reads tables its cell had not learned yet (`refreshReads`
   * runs after a pause in typing), and they must be built before it.
   */
  #withNewReads(batch: readonly CellId[], targets: ReadonlySet<CellId>): readonly CellId[] {
    const more = [...targets]
      .flatMap((id) => transitiveUpstream(this.graph, id))
      .filter((u) => !batch.includes(u) && this.stale.has(u) && this.status(u).state !== 'running');
    if (more.length === 0) return batch;
    for (const id of more) this.statuses.set(id, { state: 'queued' });
    return [...new Set([...batch, ...more])];
  }

  /**
   * Runs `batch`: a batch the user asked for in graph order; a background batch takes each next
   * cell from the cells on screen and their inputs first (`buildOrder`, read again after each
   * cell, so a cell scrolled to is promoted). It yields to the browser between cells, so that
   * typing never waits for a whole build. A background batch stops when the user has queued a
   * batch, and returns its rest, queued behind the user's (`next`); null when it ran to its end.
   */
  async #runCells(
    batch: readonly CellId[],
    explicit: boolean,
    targets: ReadonlySet<CellId>,
    failed: Set<CellId>,
    toCache: ToCache[] = [],
  ): Promise<Continuation> {
    let left = this.graph.order.filter((c) => batch.includes(c));
    for (let first = true; left.length > 0; first = false) {
      if (!first) await yieldToMain();
      if (!explicit && this.#userWaiting > 0 && !this.#disposed) {
        // The tables that ran are kept when the rest has run (each still checked to be current).
        const rest = left;
        return { next: this.#queue.run(() => this.#runCells(rest, false, targets, failed, toCache)) };
      }
      const [id, ...rest] = explicit ? left : buildOrder(this.graph, left, this.#visible);
      if (id === undefined) break;
      left = rest;
      if (this.#disposed || this.#cancelled.has(id)) continue;
      // Run meanwhile by a batch the user asked for: nothing is left to do.
      if (!targets.has(id) && !this.stale.has(id) && this.status(id).state === 'done') continue;
      const failedUpstream = transitiveUpstream(this.graph, id).find((u) => failed.has(u));
      if (failedUpstream !== undefined) {
        failed.add(id);
        this.statuses.set(id, {
          state: 'error',
          error: new AppError(
            'upstream-failed',
            'Not run: a cell it reads from failed. Fix that cell first.',
          ),
        });
        continue;
      }
      const outcome = await this.#runOne(id, !targets.has(id));
      for (const listener of this.#settledListeners) listener(id);
      if (outcome === 'failed') failed.add(id);
      // The views below read the new table's columns now, not when a long batch ends.
      else if (!this.#disposed) void this.#refreshSchema();
      const fingerprint = this.#lastRun.get(id);
      if (outcome === 'ran' && fingerprint !== undefined) toCache.push({ id, fingerprint });
    }
    await this.#keepAll(toCache);
    // Completion data is refreshed beside the queue: it must never hold up the next run.
    if (!this.#disposed) void this.#refreshSchema();
    return null;
  }

  async #refreshIfSql(id: CellId): Promise<void> {
    const cell = findCell(this.#deps.getCase(), id);
    if (cell && parsedSql(cell) !== null) await this.refreshReads(id);
  }

  /**
   * Runs one cell, or registers its table from the table cache (`useCache`): says which, or that
   * it failed. A result that arrives after its cell changed is dropped.
   */
  async #runOne(id: CellId, useCache: boolean): Promise<'ran' | 'restored' | 'failed'> {
    const cell = findCell(this.#deps.getCase(), id);
    if (!cell) return 'ran';
    const problem = this.graph.problems.get(id);
    if (problem) {
      this.statuses.set(id, { state: 'error', error: problemError(graphProblem(problem)) });
      return 'failed';
    }
    const fingerprint = this.fingerprints.get(id);
    const controller = new AbortController();
    this.#controllers.set(id, controller);
    const startedAt = performance.now();
    this.statuses.set(id, { state: 'running', startedAt });
    this.#storedDigests.delete(id);
    try {
      const restored = useCache && fingerprint !== undefined ? await this.#restore(cell, fingerprint) : null;
      if (restored !== null && this.fingerprints.get(id) === fingerprint && fingerprint !== undefined) {
        this.#lastRun.set(id, fingerprint);
        this.#counters.restored(cell.kind);
        const durationMs = performance.now() - startedAt;
        performance.measure(`casebook:restore:${cell.kind}:${id}`, {
          start: startedAt,
          duration: durationMs,
        });
        this.statuses.set(id, { state: 'done', output: restored, durationMs });
        return 'restored';
      }
      if (controller.signal.aborted) throw new AppError('cancelled', 'Cancelled.');
      this.#counters.ran(cell.kind);
      const output = await runCellOf(cell, this.#context(id, startedAt, controller.signal));
      const durationMs = performance.now() - startedAt;
      performance.measure(`casebook:cell:${cell.kind}:${id}`, { start: startedAt, duration: durationMs });
      if (this.fingerprints.get(id) === fingerprint && fingerprint !== undefined) {
        this.#lastRun.set(id, this.#saveLearned(cell, output) ?? fingerprint);
      }
      this.statuses.set(id, { state: 'done', output, durationMs });
      return 'ran';
    } catch (e: unknown) {
      this.#lastRun.delete(id);
      this.statuses.set(id, { state: 'error', error: toAppError(e) });
      return 'failed';
    } finally {
      this.#controllers.delete(id);
      // What was read of its table while it ran is not what it wrote.
      this.#storedDigests.delete(id);
    }
  }

  /** The cell's output with its table registered from the table cache; null when not cached. */
  async #restore<K extends CellKind>(cell: CellOf<K>, fingerprint: string): Promise<OutputOf<K> | null> {
    const port = this.#deps.tableCache;
    if (!port) return null;
    const key = await this.#cacheKey(cell.id, fingerprint);
    return key === null ? null : restoreFromCache(port, this.#deps.engine, cell, key);
  }

  /**
   * A cell's table cache key: its fingerprint, and, for a cell below one whose table comes from
   * stored state no fingerprint names (`fromStoredState`: a train cell's predictions), a digest of
   * that table as it is now. A run deleted for good or a batch trained again gives another key, so
   * a SQL cell, chart or profile over the predictions is not restored from what they used to be.
   * Null when such a table cannot be read: the cell runs, and is not kept.
   */
  async #cacheKey(id: CellId, fingerprint: string): Promise<string | null> {
    const doc = this.#deps.getCase();
    const digests: string[] = [];
    for (const up of transitiveUpstream(this.graph, id)) {
      const cell = findCell(doc, up);
      const table = cell && factsOf(cell.kind).fromStoredState === true ? cellOutput(cell) : null;
      if (table === null) continue;
      let digest = this.#storedDigests.get(up);
      if (!digest) {
        digest = tableDigest(this.#deps.engine, table);
        this.#storedDigests.set(up, digest);
      }
      const value = await digest;
      if (value === null) return null;
      digests.push(`${up}=${value}`);
    }
    const keyed = digests.length === 0 ? fingerprint : `${fingerprint}+${hash64(digests.join(','))}`;
    return tableCacheKey(this.#deps.appVersion, keyed);
  }

  /**
   * Keeps the tables a batch ran in the cache: after its cells, so that the cells below do not
   * wait; inside the queue, so that no run replaces a table while it is read.
   */
  async #keepAll(entries: readonly ToCache[]): Promise<void> {
    this.#counters.queued(entries.length);
    for (const entry of entries) await this.#keep(entry);
  }

  /** Keeps the table of a cell that ran, if it is still what its last run made. */
  async #keep({ id, fingerprint }: ToCache): Promise<void> {
    const port = this.#deps.tableCache;
    const cell = findCell(this.#deps.getCase(), id);
    const status = this.status(id);
    const current = !this.#disposed && status.state === 'done' && this.#lastRun.get(id) === fingerprint;
    const key = port && cell && current ? await this.#cacheKey(id, fingerprint) : null;
    const kept =
      port && cell && current && key !== null && status.state === 'done'
        ? await keepCell(port, this.#deps.engine, cell, status.output, {
            key,
            caseId: this.#deps.getCase().id,
          })
        : null;
    if (kept) this.#counters.track(kept.written);
    else this.#counters.skipped();
  }

  /**
   * Saves what the run learned into the cell. The result is what the new config gives, so the
   * new fingerprint counts as run; returns it (undefined when nothing was learned).
   */
  #saveLearned<K extends CellKind>(cell: CellOf<K>, output: OutputOf<K>): string | undefined {
    const patch = unitOf(cell.kind).learned(output);
    if (patch === null) return undefined;
    this.#deps.saveLearned(cell.id, cell.kind, patch);
    return this.fingerprints.get(cell.id);
  }

  #context(id: CellId, startedAt: number, signal: AbortSignal): RunContext<CellProgress> {
    return {
      engine: this.#deps.engine,
      loadBlob: this.#deps.loadBlob,
      importSource: this.#deps.importSource,
      signal,
      brief: briefOf(this.#deps.getCase().cells),
      training: this.#deps.training,
      runs: this.#runsPort(id),
      models: this.#modelsPort(),
      report: (progress: CellProgress) => {
        const now = this.statuses.get(id);
        if (now?.state === 'running' && now.startedAt === startedAt) {
          this.statuses.set(id, { state: 'running', startedAt, progress });
        }
      },
    };
  }

  #runsPort(id: CellId): RunsPort {
    const caseId = this.#deps.getCase().id;
    const repository = this.#deps.runs;
    const resume = this.#resuming.delete(id);
    return {
      caseId,
      appVersion: this.#deps.appVersion,
      resume,
      lineage: () => this.lineage(id),
      pickedRun: (predictions) => pickedRun(this.#deps.getCase().cells, predictions),
      find: (key) => repository.findBatch(caseId, id, key),
      save: (bundle, options) => repository.saveBatch(bundle, options),
      findInterrupted: (key) => repository.findInterrupted(caseId, id, key),
      journal: (batch, signal) => repository.journal(batch, signal),
      findRun: (runId) => repository.findRun(caseId, runId),
      findExplanation: (key) => repository.findExplanation(key),
      saveExplanation: (record) => repository.saveExplanation(record),
      saveEvaluation: (record) => repository.saveEvaluation(record),
    };
  }

  #modelsPort(): ModelsPort {
    const caseId = this.#deps.getCase().id;
    const repository = this.#deps.models;
    return {
      versions: async () => (await repository.listCase(caseId)).versions,
      bundle: (versionId) => repository.bundle(versionId),
    };
  }

  async #refreshSchema(): Promise<void> {
    const asked = ++this.#schemaAsked;
    try {
      const schema = await readSchema(this.#deps.engine);
      // A later refresh may have answered first: the newest question's answer stands.
      if (asked === this.#schemaAsked) this.schema = schema;
    } catch {
      // Completion is a convenience: a failure here must not fail the run that preceded it.
    }
  }
}

/** `exportToCache` for a cell whose output is known only as any kind's: null when it is not this cell's. */
function keepCell<K extends CellKind>(
  port: TableCachePort,
  engine: SqlEngine,
  cell: CellOf<K>,
  output: CellOutput,
  where: { readonly key: string; readonly caseId: string },
): Promise<{ readonly written: Promise<void> } | null> {
  if (!isOutputOf(cell.kind, output)) return Promise.resolve(null);
  return exportToCache(port, engine, { cell, output, ...where });
}

function runCellOf<K extends CellKind>(cell: CellOf<K>, ctx: RunContext<CellProgress>): Promise<OutputOf<K>> {
  return unitOf(cell.kind).run(ctx, cell);
}

function detailsOf<K extends CellKind>(
  cell: CellOf<K>,
  status: CellStatus<OutputOf<K>, ProgressOf<K>>,
): CellDetails | null {
  return status.state === 'done' ? unitOf(cell.kind).lineage(status.output) : null;
}

/** What a background batch leaves when it yields: the rest of it, queued. */
type Continuation = { readonly next: Promise<Continuation> } | null;

/** Resolves when a batch and every rest it left have run (awaited outside the queue, never inside). */
async function drain(step: Promise<Continuation>): Promise<void> {
  let at = await step;
  while (at !== null) at = await at.next;
}
