import { AppError } from '../lib/errors';
import { asCaseId, type CaseId } from '../notebook/ids';
import { migrateCase, restoreCase } from '../notebook/restore';
import type { Case } from '../notebook/types';
import type { CasebookDb } from './db';
import { classifyStorageError } from './errors';

export interface CaseSummary {
  readonly id: CaseId;
  readonly title: string;
  readonly updatedAt: string;
}

/** The repository of cases, files and session state. Every failure comes out as an AppError. */
export class Workspace {
  readonly #db: CasebookDb;

  constructor(db: CasebookDb) {
    this.#db = db;
  }

  listCases(): Promise<CaseSummary[]> {
    return guard(async () => {
      const records = await this.#db.cases.orderBy('updatedAt').reverse().toArray();
      return records
        .filter((r) => r.deletedAt === null)
        .map((r) => ({ id: asCaseId(r.id), title: r.title, updatedAt: r.updatedAt }));
    });
  }

  loadCase(id: CaseId): Promise<{ doc: Case; rev: number; warnings: string[] }> {
    return guard(async () => {
      const record = await this.#db.cases.get(id);
      if (!record || record.deletedAt !== null) {
        throw new AppError(
          'storage',
          'This case no longer exists in this browser (it may have been deleted in another tab).',
        );
      }
      const { case: doc, warnings } = restoreCase(migrateCase(record.doc));
      return { doc, rev: record.rev, warnings };
    });
  }

  createCase(doc: Case): Promise<number> {
    return guard(async () => {
      await this.#db.cases.add({
        id: doc.id,
        title: doc.title,
        updatedAt: doc.updatedAt,
        deletedAt: null,
        rev: 1,
        doc,
      });
      return 1;
    });
  }

  /** Saves `doc` if the stored copy is still at `expectedRev`; returns the new rev. */
  saveCase(doc: Case, expectedRev: number): Promise<number> {
    return guard(() =>
      this.#db.transaction('rw', this.#db.cases, async () => {
        const stored = await this.#db.cases.get(doc.id);
        if (stored && stored.rev !== expectedRev) {
          throw new AppError(
            'conflict',
            'This case was changed in another tab. Reload to see the newest version; your last edit here was not saved.',
          );
        }
        if (stored?.deletedAt)
          throw new AppError('storage', 'This case was deleted in another tab; it was not saved.');
        const rev = expectedRev + 1;
        await this.#db.cases.put({
          id: doc.id,
          title: doc.title,
          updatedAt: doc.updatedAt,
          deletedAt: null,
          rev,
          doc,
        });
        return rev;
      }),
    );
  }

  deleteCase(id: CaseId): Promise<void> {
    return guard(async () => {
      await this.#db.cases.update(id, { deletedAt: new Date().toISOString() });
    });
  }

  undeleteCase(id: CaseId): Promise<void> {
    return guard(async () => {
      await this.#db.cases.update(id, { deletedAt: null });
    });
  }

  /** Removes cases deleted before `before`, and the files no remaining case refers to. */
  purgeDeleted(before: string): Promise<void> {
    return guard(() =>
      this.#db.transaction('rw', this.#db.cases, this.#db.blobs, async () => {
        await this.#db.cases.filter((r) => r.deletedAt !== null && r.deletedAt < before).delete();
        const referenced = new Set<string>();
        await this.#db.cases.each((r) => {
          for (const sha of fileHashesIn(r.doc)) referenced.add(sha);
        });
        await this.#db.blobs.filter((b) => !referenced.has(b.sha256)).delete();
      }),
    );
  }

  putBlob(sha256: string, blob: Blob): Promise<void> {
    return guard(async () => {
      if ((await this.#db.blobs.where('sha256').equals(sha256).count()) > 0) return;
      await this.#db.blobs.put({ sha256, blob, sizeBytes: blob.size, storedAt: new Date().toISOString() });
    });
  }

  getBlob(sha256: string): Promise<Blob | undefined> {
    return guard(async () => (await this.#db.blobs.get(sha256))?.blob);
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

/** The SHA-256 of every source file a stored document refers to (read defensively: it is unknown). */
function fileHashesIn(doc: unknown): string[] {
  const cells: unknown = doc !== null && typeof doc === 'object' ? Reflect.get(doc, 'cells') : undefined;
  if (!Array.isArray(cells)) return [];
  const hashes: string[] = [];
  for (const cell of cells) {
    const config: unknown =
      cell !== null && typeof cell === 'object' ? Reflect.get(cell, 'config') : undefined;
    const file: unknown =
      config !== null && typeof config === 'object' ? Reflect.get(config, 'file') : undefined;
    const sha: unknown = file !== null && typeof file === 'object' ? Reflect.get(file, 'sha256') : undefined;
    if (typeof sha === 'string') hashes.push(sha);
  }
  return hashes;
}
