import type { EvaluationRecord } from '../notebook/evaluations';
import type { CaseId, RunId } from '../notebook/ids';
import type { CasebookDb } from './db';
import { guardStorage } from './errors';

/**
 * The evaluation records of evaluate cells (issue 22, item 3): written once, never changed. A
 * record is found by its id, a hash of what it says, so judging a run the same way again keeps the
 * first record (and its time). Deleting a run for good (`RunStore.deleteForGood`) and purging a
 * case (`Workspace.purgeDeleted`) remove them.
 */
export class EvaluationLog {
  readonly #db: CasebookDb;

  constructor(db: CasebookDb) {
    this.#db = db;
  }

  /** Stores `record` unless its id is stored already; returns the record stored under its id. */
  save(record: EvaluationRecord): Promise<EvaluationRecord> {
    const db = this.#db;
    return guardStorage(() =>
      db.transaction('rw', db.evaluations, async () => {
        const stored = await db.evaluations.get(record.id);
        if (stored) return stored;
        await db.evaluations.add(record);
        return record;
      }),
    );
  }

  /** The evaluations of a case, oldest first. */
  forCase(caseId: CaseId): Promise<EvaluationRecord[]> {
    return guardStorage(async () =>
      oldestFirst(await this.#db.evaluations.where('caseId').equals(caseId).toArray()),
    );
  }

  /** The evaluations of a run, oldest first. */
  forRun(runId: RunId): Promise<EvaluationRecord[]> {
    return guardStorage(async () =>
      oldestFirst(await this.#db.evaluations.where('runId').equals(runId).toArray()),
    );
  }
}

const oldestFirst = (records: EvaluationRecord[]): EvaluationRecord[] =>
  records.sort((a, b) => a.evaluatedAt.localeCompare(b.evaluatedAt) || a.id.localeCompare(b.id));
