import { AppError } from '../lib/errors';
import { exportIndex, type ExportRecord } from '../notebook/exports';
import type { CaseId, RunId } from '../notebook/ids';
import type { CasebookDb } from './db';
import { guardStorage } from './errors';

/**
 * The record of every exported file: immutable (written once with `add`, which refuses an id
 * already stored), in strict-durability transactions like every write of this database, so that
 * an export the app called recorded survives a crash. Only purging a case removes records
 * (`forgetCase`).
 */
export class ExportLog {
  readonly #db: CasebookDb;

  constructor(db: CasebookDb) {
    this.#db = db;
  }

  /** Stores a record; refuses one whose index does not match its contents, or whose id is taken. */
  async record(entry: ExportRecord): Promise<void> {
    const index = exportIndex(entry.contents);
    if (
      entry.kind !== entry.contents.kind ||
      entry.caseIds.join('\n') !== index.caseIds.join('\n') ||
      entry.runIds.join('\n') !== index.runIds.join('\n')
    ) {
      throw new AppError('internal', 'An export record to save does not match what it says it holds.');
    }
    await guardStorage(() => this.#db.exports.add(entry));
  }

  /** The exports that hold this run, oldest first. */
  forRun(runId: RunId): Promise<ExportRecord[]> {
    return guardStorage(async () =>
      oldestFirst(await this.#db.exports.where('runIds').equals(runId).toArray()),
    );
  }

  /** The exports that hold this case, oldest first (a workspace file holds every case). */
  forCase(caseId: CaseId): Promise<ExportRecord[]> {
    return guardStorage(async () =>
      oldestFirst(await this.#db.exports.where('caseIds').equals(caseId).toArray()),
    );
  }

  /** The exports whose bytes have this SHA-256: "which export is this file?". */
  withHash(sha256: string): Promise<ExportRecord[]> {
    return guardStorage(async () =>
      oldestFirst(await this.#db.exports.where('sha256').equals(sha256.toLowerCase()).toArray()),
    );
  }

  /**
   * Removes every trace of a purged case from the records, in the caller's transaction when there
   * is one (it must include `exports`): a record of that case alone goes; a workspace record that
   * held other cases too keeps its hash and the other cases, and drops this case and its runs.
   */
  forgetCase(caseId: CaseId, runIds: readonly RunId[]): Promise<void> {
    const db = this.#db;
    const gone = new Set<string>(runIds);
    return guardStorage(() =>
      db.transaction('rw', db.exports, async () => {
        for (const record of await db.exports.where('caseIds').equals(caseId).toArray()) {
          if (record.contents.kind !== 'workspace' || record.caseIds.length === 1) {
            await db.exports.delete(record.id);
            continue;
          }
          const contents = {
            ...record.contents,
            cases: record.contents.cases.filter((c) => c.caseId !== caseId),
            runIds: record.contents.runIds.filter((r) => !gone.has(r)),
          };
          await db.exports.put({ ...record, ...exportIndex(contents), contents });
        }
      }),
    );
  }
}

const oldestFirst = (records: ExportRecord[]): ExportRecord[] =>
  records.sort((a, b) => a.exportedAt.localeCompare(b.exportedAt) || a.id.localeCompare(b.id));
