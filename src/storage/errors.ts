import { AppError, errorMessage } from '../lib/errors';

export const QUOTA_MESSAGE =
  'Storage full: free space or export the workspace (then delete old cases or runs). The browser refused ' +
  'to store more data (its storage quota is full); nothing saved before this was lost.';

export const UPDATED_ELSEWHERE_MESSAGE =
  'Casebook was updated in another tab: reload this tab. It stopped saving so that it never writes over ' +
  'the newer version’s data; your edits since are kept in this tab and saved again once you reload.';

/**
 * Every Dexie failure as an error people can act on; AppErrors (conflict, not found, invalid
 * document) pass through unchanged, and the original error is kept as `cause`.
 */
export function classifyStorageError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (isQuotaError(e)) return new AppError('quota', QUOTA_MESSAGE, { cause: e });
  const name = nameOf(e);
  if (name === 'VersionError' || name === 'VersionChangedError') {
    return new AppError(
      'storage',
      'A newer version of Casebook changed this browser’s storage. Reload the page; your last change is kept in this tab until then.',
      { cause: e },
    );
  }
  if (name === 'DatabaseClosedError') {
    // Closed for good only when a newer Casebook upgraded the database (`version-change.ts`).
    return new AppError('storage', UPDATED_ELSEWHERE_MESSAGE, { cause: e });
  }
  if (name === 'MissingAPIError') {
    return new AppError(
      'storage',
      'This browser does not let Casebook store data (IndexedDB is unavailable, as in some private windows). Nothing can be saved here.',
      { cause: e },
    );
  }
  return new AppError(
    'storage',
    `The browser’s storage failed: ${errorMessage(e)}. Your last change is kept in this tab; try again, or reload.`,
    { cause: e },
  );
}

// Firefox: "The current transaction exceeded its quota limitations."; Safari: "The quota has been
// exceeded."; Dexie folds the DOM error's name into its own message ("QuotaExceededError …").
const QUOTA_TEXT = /QuotaExceeded|quota (has been |was )?exceeded|exceeded (its|the) quota/i;

/**
 * A full disk arrives in several shapes: the DOMException itself, Dexie's AbortError whose `inner`
 * is the QuotaExceededError (dexie #776, #1793), a BulkError / ModifyError whose `failures` hold it,
 * or only the text of a message. Walks `inner`, `cause` and `failures` a few levels deep.
 */
export function isQuotaError(e: unknown, depth = 0): boolean {
  if (depth > 4 || e === null || typeof e !== 'object') return false;
  if (nameOf(e) === 'QuotaExceededError') return true;
  const message: unknown = Reflect.get(e, 'message');
  if (typeof message === 'string' && QUOTA_TEXT.test(message)) return true;
  const failures: unknown = Reflect.get(e, 'failures');
  const nested: unknown[] = [Reflect.get(e, 'inner'), Reflect.get(e, 'cause')];
  if (Array.isArray(failures)) nested.push(...failures.slice(0, 20));
  return nested.some((inner) => isQuotaError(inner, depth + 1));
}

function nameOf(e: unknown): unknown {
  return e !== null && typeof e === 'object' ? Reflect.get(e, 'name') : undefined;
}

/** Runs a storage task; whatever it throws comes out classified (see `classifyStorageError`). */
export async function guardStorage<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (e: unknown) {
    throw classifyStorageError(e);
  }
}
