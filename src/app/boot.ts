import { errorMessage } from '../lib/errors';
import type { CasebookDb } from '../storage/db';
import { openCasebook, type OpenOutcome } from '../storage/open';

/** Why the app cannot use this browser's storage, and the way out: every table as one JSON file. */
export interface StorageFailure {
  /** What happened and what to do (`storage/open.ts` words it). */
  readonly message: string;
  /** Downloads the raw backup and says what happened, for the screen. Reads only. */
  readonly downloadRawBackup: () => Promise<string>;
}

export type StorageBoot =
  | { readonly state: 'open'; readonly db: CasebookDb }
  | { readonly state: 'failed'; readonly failure: StorageFailure };

/** `casebook-raw-backup-2026-12-07.json`: the local date of the download. */
export function rawBackupFileName(now: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `casebook-raw-backup-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}

/**
 * Opens the database before anything uses it. When it cannot be opened (an upgrade that failed, a
 * newer version's database, any other failure), the app starts no workspace, writes nothing, and
 * offers the raw backup instead of a dead "could not start".
 */
export async function bootStorage(
  save: (fileName: string, file: Blob) => void,
  {
    open = openCasebook,
    now = () => new Date(),
  }: { open?: () => Promise<OpenOutcome>; now?: () => Date } = {},
): Promise<StorageBoot> {
  const outcome = await open();
  if (outcome.ok) return { state: 'open', db: outcome.db };
  const downloadRawBackup = async (): Promise<string> => {
    try {
      const file = await outcome.rawBackup();
      if (file === null) return 'This browser holds no Casebook data: there is nothing to back up.';
      const name = rawBackupFileName(now());
      save(name, file);
      return `Downloaded ${name}: every table of this browser’s Casebook data, as JSON. Keep it.`;
    } catch (e: unknown) {
      return `The raw backup could not be read: ${errorMessage(e)}`;
    }
  };
  return { state: 'failed', failure: { message: outcome.error.message, downloadRawBackup } };
}
