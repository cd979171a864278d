import type { CaseId, CellId, RunId } from '../notebook/ids';
import type {
  InterruptedBatch,
  LiveBatch,
  RunArtifact,
  RunBatchBundle,
  RunCheckpoint,
  StoredRun,
} from '../notebook/runs';
import { interruptedBundle } from '../notebook/interrupted';
import type { CasebookDb } from './db';
import { guardStorage } from './errors';

/**
 * What training leaves behind while it runs, so that a crash, a reload or a closed tab never
 * loses a run: the batch in training is rewritten as it goes (`liveBatches`), with a checkpoint
 * of the network every few epochs (`checkpoints`), both strict-durability writes. The next tab
 * to start saves every live batch whose training tab is gone as an ordinary batch whose last
 * run is `interrupted` (`recover`); the train cell finds it (`findInterrupted`) and resumes it,
 * and the finished batch replaces it (`RunStore.saveBatch` with `replacing`). A resumed batch is
 * journaled under the same id like a first one: interrupted again, it replaces its older
 * interrupted self, at its later checkpoint.
 */
export class TrainingJournal {
  readonly #db: CasebookDb;
  readonly #now: () => string;

  constructor(db: CasebookDb, options: { now?: () => string } = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date().toISOString());
  }

  /** Records the batch in training as it stands now (its first write, and every one after). */
  write(live: Omit<LiveBatch, 'updatedAt'>): Promise<void> {
    return guardStorage(async () => {
      await this.#db.liveBatches.put({ ...live, updatedAt: this.#now() });
    });
  }

  /** Keeps the latest checkpoint of a run (the one before is replaced). */
  checkpoint(checkpoint: Omit<RunCheckpoint, 'savedAt'>): Promise<void> {
    return guardStorage(async () => {
      await this.#db.checkpoints.put({ ...checkpoint, savedAt: this.#now() });
    });
  }

  /** Forgets a batch in training that ended without a batch to save (it failed before any run). */
  discard(batchId: string): Promise<void> {
    const db = this.#db;
    return guardStorage(() =>
      db.transaction('rw', [db.liveBatches, db.checkpoints], async () => {
        await db.liveBatches.delete(batchId);
        await db.checkpoints.where('batchId').equals(batchId).delete();
      }),
    );
  }

  /**
   * Saves every batch in training whose tab is gone (`isAlive(batch)` false) as an interrupted
   * batch: its finished runs as they were, and the run in training as `interrupted` with its
   * curve so far. Each in one transaction; returns how many were saved.
   */
  recover(isAlive: (live: LiveBatch) => boolean): Promise<number> {
    const db = this.#db;
    return guardStorage(async () => {
      const live = await db.liveBatches.toArray();
      let saved = 0;
      for (const entry of live.filter((l) => !isAlive(l))) {
        const done = await db.transaction(
          'rw',
          [db.liveBatches, db.checkpoints, db.runBatches, db.runs, db.runArtifacts],
          async () => {
            const current = await db.liveBatches.get(entry.batch.id);
            if (!current || current.updatedAt !== entry.updatedAt) return false;
            await db.liveBatches.delete(entry.batch.id);
            const bundle = await interruptedOf(db, current);
            if (bundle === null) return false;
            const stored = await db.runBatches.get(entry.batch.id);
            if (stored) {
              // Saved already (a last write raced the save): a finished batch stands. An interrupted
              // one is the batch this training resumed: what the resumed training reached replaces it
              // (it used to stand, and the epochs trained after Resume were lost).
              if (!(await hasInterrupted(db, stored.runIds))) return false;
              await db.runBatches.delete(stored.id);
              await db.runs.bulkDelete([...stored.runIds]);
              await db.runArtifacts.bulkDelete([...stored.runIds]);
              await dropStaleCheckpoints(db, current);
            }
            await db.runBatches.put(bundle.batch);
            await db.runs.bulkPut([...bundle.runs]);
            await db.runArtifacts.bulkPut([...bundle.artifacts]);
            return true;
          },
        );
        if (done) saved += 1;
      }
      return saved;
    });
  }

  /** The newest interrupted batch of this cell under `key`, with its checkpoint; null when none. */
  findInterrupted(caseId: CaseId, cellId: CellId, key: string): Promise<InterruptedBatch | null> {
    const db = this.#db;
    return guardStorage(() =>
      db.transaction('r', [db.runBatches, db.runs, db.runArtifacts, db.checkpoints], async () => {
        const batches = await db.runBatches
          .where('[caseId+cellId+key]')
          .equals([caseId, cellId, key])
          .toArray();
        batches.sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
        for (const batch of batches) {
          const runs = (await db.runs.bulkGet([...batch.runIds])).filter((r): r is StoredRun => !!r);
          const artifacts = (await db.runArtifacts.bulkGet([...batch.runIds])).filter(
            (a): a is RunArtifact => !!a,
          );
          const run = runs.find((r) => r.status === 'interrupted');
          if (!run || runs.length !== batch.runIds.length || artifacts.length !== runs.length) continue;
          const checkpoint = (await db.checkpoints.get(run.id)) ?? null;
          return { bundle: { batch, runs, artifacts }, run, checkpoint };
        }
        return null;
      }),
    );
  }

  /** The stored checkpoint of a run (a diverged run's best, or an interrupted run's latest). */
  getCheckpoint(runId: RunId): Promise<RunCheckpoint | undefined> {
    return guardStorage(() => this.#db.checkpoints.get(runId));
  }
}

async function hasInterrupted(db: CasebookDb, runIds: readonly RunId[]): Promise<boolean> {
  return (await db.runs.bulkGet([...runIds])).some((r) => r?.status === 'interrupted');
}

/** A resumed batch's periodic checkpoints of runs that are not in training any more (they finished). */
async function dropStaleCheckpoints(db: CasebookDb, live: LiveBatch): Promise<void> {
  const training = live.current?.id ?? null;
  await db.checkpoints
    .where('batchId')
    .equals(live.batch.id)
    .filter((c) => c.reason === 'periodic' && c.runId !== training)
    .delete();
}

async function interruptedOf(db: CasebookDb, live: LiveBatch): Promise<RunBatchBundle | null> {
  const checkpoint = live.current ? ((await db.checkpoints.get(live.current.id)) ?? null) : null;
  return interruptedBundle(live, checkpoint);
}
