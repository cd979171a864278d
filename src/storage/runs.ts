import { AppError } from '../lib/errors';
import type { CaseId, CellId, RunId } from '../notebook/ids';
import { normalizeNotes } from '../notebook/run-validate';
import type { FoundRun, StoredExplanation } from '../notebook/explanations';
import type {
  RunArtifact,
  RunBatch,
  RunBatchBundle,
  RunDeletion,
  RunNotes,
  StoredRun,
} from '../notebook/runs';
import type { CasebookDb } from './db';
import { guardStorage } from './errors';

/** What the Runs view lists for a case: light records, no models or scores. */
export interface CaseRuns {
  readonly batches: readonly RunBatch[];
  readonly runs: readonly StoredRun[];
  readonly notes: readonly RunNotes[];
  /** The runs of these batches deleted for good. */
  readonly deletions: readonly RunDeletion[];
}

/**
 * The runs of train cells. Batches, runs and artifacts are immutable: written once (`add`, which
 * refuses an id already stored) and never updated; the only way to remove them is
 * `deleteForGood`. Tags, notes and hiding live in `runNotes`, the one mutable table.
 *
 * Deleting some runs of a batch leaves the rest a valid batch: each run deleted leaves a
 * `RunDeletion` (its id, nothing of it), and a batch whose every run is either stored whole or
 * deleted so is restored with the runs kept. The train cell restores it and trains nothing.
 */
export class RunStore {
  readonly #db: CasebookDb;
  readonly #now: () => string;

  constructor(db: CasebookDb, options: { now?: () => string } = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date().toISOString());
  }

  /**
   * Saves a batch, its runs and their artifacts in one transaction: all of them or none. The
   * batch's record in training and its checkpoints go in the same transaction (a diverged run's
   * best checkpoint stays). `replacing`: the batch resumes an interrupted batch of the same id,
   * which it replaces (its runs' tags and notes stay theirs); nothing else is ever overwritten.
   */
  async saveBatch(bundle: RunBatchBundle, options: { replacing?: boolean } = {}): Promise<void> {
    checkBundle(bundle);
    const db = this.#db;
    const { id } = bundle.batch;
    return guardStorage(() =>
      db.transaction(
        'rw',
        [db.runBatches, db.runs, db.runArtifacts, db.liveBatches, db.checkpoints],
        async () => {
          if (options.replacing) {
            const old = await db.runBatches.get(id);
            if (!old || !(await this.#interrupted(old.runIds))) throw notInterrupted(id);
            await db.runBatches.delete(id);
            await db.runs.bulkDelete([...old.runIds]);
            await db.runArtifacts.bulkDelete([...old.runIds]);
          }
          await db.runBatches.add(bundle.batch);
          await db.runs.bulkAdd([...bundle.runs]);
          await db.runArtifacts.bulkAdd([...bundle.artifacts]);
          await db.liveBatches.delete(id);
          await db.checkpoints
            .where('batchId')
            .equals(id)
            .filter((c) => c.reason === 'periodic')
            .delete();
        },
      ),
    );
  }

  async #interrupted(runIds: readonly RunId[]): Promise<boolean> {
    const runs = await this.#db.runs.bulkGet([...runIds]);
    return runs.some((r) => r?.status === 'interrupted');
  }

  /**
   * The newest batch of this cell saved under `key`, with the runs still kept (runs deleted for
   * good are left out; the batch's `runIds` still lists them); null when none. A batch with a run
   * missing that was not deleted (a damaged store) is passed over.
   */
  findBatch(caseId: CaseId, cellId: CellId, key: string): Promise<RunBatchBundle | null> {
    const db = this.#db;
    // Complete batches only: one that stopped part-way is found by `TrainingJournal.findInterrupted`.
    return guardStorage(() =>
      db.transaction('r', [db.runBatches, db.runs, db.runArtifacts, db.runDeletions], async () => {
        const batches = await db.runBatches
          .where('[caseId+cellId+key]')
          .equals([caseId, cellId, key])
          .toArray();
        batches.sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
        for (const batch of batches) {
          const bundle = this.#complete(await this.#kept(batch));
          if (bundle) return bundle;
        }
        return null;
      }),
    );
  }

  /** A stored batch with the runs it keeps, as `findBatch` gives it; null when gone or damaged. */
  getBatch(batchId: string): Promise<RunBatchBundle | null> {
    const db = this.#db;
    return guardStorage(() =>
      db.transaction('r', [db.runBatches, db.runs, db.runArtifacts, db.runDeletions], async () => {
        const batch = await db.runBatches.get(batchId);
        return batch ? this.#kept(batch) : null;
      }),
    );
  }

  /** A batch with its kept runs and artifacts; null when a run is missing without a deletion, or none is kept. */
  async #kept(batch: RunBatch): Promise<RunBatchBundle | null> {
    const ids = [...batch.runIds];
    const runs = await this.#db.runs.bulkGet(ids);
    const artifacts = await this.#db.runArtifacts.bulkGet(ids);
    const deleted = await this.#db.runDeletions.bulkGet(ids);
    const kept: { run: StoredRun; artifact: RunArtifact }[] = [];
    for (const i of ids.keys()) {
      const [run, artifact] = [runs[i], artifacts[i]];
      if (run && artifact) kept.push({ run, artifact });
      else if (run || artifact || deleted[i]?.batchId !== batch.id) return null;
    }
    if (kept.length === 0) return null;
    return { batch, runs: kept.map((k) => k.run), artifacts: kept.map((k) => k.artifact) };
  }

  /** A batch that stopped part-way (a run interrupted or cancelled) is not what training its key gives. */
  #complete(bundle: RunBatchBundle | null): RunBatchBundle | null {
    if (!bundle) return null;
    return bundle.runs.some((r) => r.status === 'interrupted' || r.status === 'cancelled') ? null : bundle;
  }

  /** Every batch and run of a case (hidden ones too: `notes` says which), oldest first. */
  listCase(caseId: CaseId): Promise<CaseRuns> {
    const db = this.#db;
    return guardStorage(() =>
      db.transaction('r', [db.runBatches, db.runs, db.runNotes, db.runDeletions], async () => {
        const batches = await db.runBatches.where('caseId').equals(caseId).toArray();
        batches.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
        const runs = await db.runs
          .where('batchId')
          .anyOf(batches.map((b) => b.id))
          .toArray();
        runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.index - b.index);
        const notes = (await db.runNotes.bulkGet(runs.map((r) => r.id))).filter(
          (n): n is RunNotes => n !== undefined,
        );
        const deletions = await db.runDeletions.where('caseId').equals(caseId).toArray();
        return { batches, runs, notes, deletions };
      }),
    );
  }

  /** A run of `caseId` with its batch and artifact; null when it is not stored (deleted for good, or another case's). */
  findRun(caseId: CaseId, runId: RunId): Promise<FoundRun | null> {
    const db = this.#db;
    return guardStorage(() =>
      db.transaction('r', [db.runBatches, db.runs, db.runArtifacts, db.runNotes], async () => {
        const run = await db.runs.get(runId);
        const batch = run ? await db.runBatches.get(run.batchId) : undefined;
        if (!run || !batch || batch.caseId !== caseId) return null;
        const artifact = (await db.runArtifacts.get(runId)) ?? null;
        const notes = await db.runNotes.get(runId);
        return { batch, run, artifact, hidden: (notes?.hiddenAt ?? null) !== null };
      }),
    );
  }

  /** An explanation stored under `key`; null when none. */
  async findExplanation(key: string): Promise<StoredExplanation | null> {
    return (await guardStorage(() => this.#db.explanations.get(key))) ?? null;
  }

  /** Stores an explanation; a key stored already keeps what it has (the same settings give the same part). */
  async saveExplanation(record: StoredExplanation): Promise<void> {
    const db = this.#db;
    await guardStorage(() =>
      db.transaction('rw', [db.explanations], async () => {
        if ((await db.explanations.get(record.key)) === undefined) await db.explanations.add(record);
      }),
    );
  }

  /** A run's model and validation scores; undefined when it was deleted for good. */
  getArtifact(runId: RunId): Promise<RunArtifact | undefined> {
    return guardStorage(() => this.#db.runArtifacts.get(runId));
  }

  /** Replaces a run's tags and note (trimmed, checked); returns what was stored. */
  async annotate(runId: RunId, tags: readonly string[], note: string): Promise<RunNotes> {
    const clean = normalizeNotes(tags, note);
    const [stored] = await this.#changeNotes([runId], (old) => ({ ...old, ...clean }));
    if (!stored) throw runGone(runId);
    return stored;
  }

  /** Hides runs: they leave the list (unless hidden runs are shown) and stay stored; reversible. */
  async hide(runIds: readonly RunId[]): Promise<void> {
    const at = this.#now();
    await this.#changeNotes(runIds, (old) => ({ ...old, hiddenAt: old.hiddenAt ?? at }));
  }

  async unhide(runIds: readonly RunId[]): Promise<void> {
    await this.#changeNotes(runIds, (old) => ({ ...old, hiddenAt: null }));
  }

  /** Changes the notes of each run in one transaction; a run no longer stored fails them all. */
  #changeNotes(
    runIds: readonly RunId[],
    change: (old: RunNotes) => Omit<RunNotes, 'updatedAt'>,
  ): Promise<RunNotes[]> {
    const db = this.#db;
    const updatedAt = this.#now();
    return guardStorage(() =>
      db.transaction('rw', [db.runs, db.runNotes], async () => {
        const changed: RunNotes[] = [];
        for (const runId of runIds) {
          if (!(await db.runs.get(runId))) throw runGone(runId);
          const old = (await db.runNotes.get(runId)) ?? {
            runId,
            tags: [],
            note: '',
            hiddenAt: null,
            updatedAt,
          };
          const next = { ...change(old), runId, updatedAt };
          await db.runNotes.put(next);
          changed.push(next);
        }
        return changed;
      }),
    );
  }

  /**
   * Removes runs for good: their records, models, scores, notes, explanations and evaluations. A batch that keeps other runs
   * records which were deleted (ids only), so that the rest stays a valid batch the train cell
   * restores; a batch left without runs goes, with those records. The only destructive path; the
   * view asks twice before calling it.
   */
  deleteForGood(runIds: readonly RunId[]): Promise<void> {
    const db = this.#db;
    const deletedAt = this.#now();
    const tables = [
      db.runBatches,
      db.runs,
      db.runArtifacts,
      db.runNotes,
      db.runDeletions,
      db.explanations,
      db.evaluations,
      db.checkpoints,
    ];
    return guardStorage(() =>
      db.transaction('rw', tables, async () => {
        const runs = (await db.runs.bulkGet([...runIds])).filter((r): r is StoredRun => r !== undefined);
        await db.explanations
          .where('runId')
          .anyOf([...runIds])
          .delete();
        await db.evaluations
          .where('runId')
          .anyOf([...runIds])
          .delete();
        await db.runs.bulkDelete([...runIds]);
        await db.runArtifacts.bulkDelete([...runIds]);
        await db.runNotes.bulkDelete([...runIds]);
        await db.checkpoints.bulkDelete([...runIds]);
        for (const batchId of new Set(runs.map((r) => r.batchId))) {
          const batch = await db.runBatches.get(batchId);
          if (!batch) continue;
          if ((await db.runs.where('batchId').equals(batchId).count()) === 0) {
            await db.runBatches.delete(batchId);
            await db.runDeletions.where('batchId').equals(batchId).delete();
            continue;
          }
          await db.runDeletions.bulkAdd(
            runs
              .filter((r) => r.batchId === batchId)
              .map((r) => ({ runId: r.id, batchId, caseId: batch.caseId, deletedAt })),
          );
        }
      }),
    );
  }
}

function notInterrupted(batchId: string): AppError {
  return new AppError(
    'storage',
    `The interrupted runs this training resumes (batch ${batchId}) are not stored any more, perhaps resumed in another tab. Run the cell again.`,
  );
}

function runGone(runId: RunId): AppError {
  return new AppError(
    'storage',
    `Run ${runId} is not stored any more (deleted for good, perhaps in another tab). Reopen the Runs view.`,
  );
}

/** A bundle must hold each of its batch's runs once, with its artifact, and nothing else. */
function checkBundle({ batch, runs, artifacts }: RunBatchBundle): void {
  const ids = batch.runIds.join('\n');
  const ok =
    new Set(batch.runIds).size === batch.runIds.length &&
    runs.map((r) => r.id).join('\n') === ids &&
    artifacts.map((a) => a.runId).join('\n') === ids &&
    runs.every((r, i) => r.batchId === batch.id && r.index === i);
  if (!ok) throw new AppError('internal', 'A batch of runs to save does not match its runs.');
}
