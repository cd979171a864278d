import { AppError, errorMessage } from '../lib/errors';
import { CasebookDb, type DbOptions } from './db';
import { classifyStorageError } from './errors';
import { readRawDatabase } from './raw-backup';

export const DB_NAME = 'casebook';

/** Opening the database: it is open, or it cannot be, and every table can still be downloaded raw. */
export type OpenOutcome =
  | { readonly ok: true; readonly db: CasebookDb }
  | { readonly ok: false; readonly error: AppError; readonly rawBackup: () => Promise<Blob | null> };

/**
 * Opens Casebook's database, upgrading it to the current schema. An upgrade runs in IndexedDB's
 * versionchange transaction: if it throws, the transaction aborts and the database stays at its
 * old version with its data as it was. The app then offers the raw backup (every table as
 * JSON, read without Dexie) instead of a dead end.
 */
export async function openCasebook(
  options: DbOptions & {
    readonly name?: string;
    readonly make?: (name: string, options: DbOptions) => CasebookDb;
  } = {},
): Promise<OpenOutcome> {
  const name = options.name ?? DB_NAME;
  const factory = options.indexedDB ?? globalThis.indexedDB;
  const db = (options.make ?? ((n, o) => new CasebookDb(n, o)))(name, options);
  const rawBackup = () => rawBackupFile(factory, name);
  // Dexie 4 opens a newer version's database instead of failing with VersionError, and adds the
  // tables its own schema lacks (a write, with this build's older code). Checked first, unopened.
  const installed = await installedVersion(factory, name);
  if (installed !== null && Math.floor(installed / 10) > db.verno) {
    db.close();
    return { ok: false, error: newerVersionError(installed, db.verno), rawBackup };
  }
  try {
    await db.open();
    return { ok: true, db };
  } catch (e: unknown) {
    db.close();
    return { ok: false, error: openError(e), rawBackup };
  }
}

/**
 * The native version of database `name` without opening it (opening would create it), or null
 * when there is none or the browser cannot list databases. A native version is Dexie's × 10, plus
 * one for each schema patch Dexie made itself: only its tens are a newer build's.
 */
async function installedVersion(factory: IDBFactory, name: string): Promise<number | null> {
  if (typeof factory.databases !== 'function') return null;
  try {
    const found = (await factory.databases()).find((d) => d.name === name);
    return found?.version ?? null;
  } catch {
    // Listing failed: opening will say what is wrong, if anything is.
    return null;
  }
}

function newerVersionError(installed: number, known: number): AppError {
  const cause = new DOMException(
    `The database is at version ${installed / 10}; this Casebook knows versions up to ${known}.`,
    'VersionError',
  );
  return openError(cause);
}

/** The whole database as one JSON file (see `raw-backup.ts`), or null when there is none. */
export async function rawBackupFile(factory: IDBFactory, name = DB_NAME): Promise<Blob | null> {
  const raw = await readRawDatabase(factory, name);
  return raw === null ? null : new Blob([JSON.stringify(raw)], { type: 'application/json' });
}

function openError(e: unknown): AppError {
  const name = e !== null && typeof e === 'object' ? Reflect.get(e, 'name') : undefined;
  if (name === 'VersionError') {
    return new AppError(
      'storage',
      'This browser’s Casebook data was written by a newer version of Casebook, which this one cannot read. ' +
        'Reload to get the newest version; your data is untouched. Download the raw backup to keep a copy.',
      { cause: e },
    );
  }
  if (name === 'UpgradeError' || name === 'AbortError' || /upgrade/i.test(errorMessage(e))) {
    return new AppError(
      'storage',
      `Casebook could not upgrade this browser’s data to its new version (${errorMessage(e)}). ` +
        'Nothing was changed: the data is as the previous version left it. Download the raw backup ' +
        'and keep it, then reload; if it happens again, the backup holds every case and run.',
      { cause: e },
    );
  }
  return classifyStorageError(e);
}
