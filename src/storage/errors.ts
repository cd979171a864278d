import { AppError, errorMessage } from '../lib/errors';

const QUOTA_MESSAGE =
  'The browser refused to store more data (the storage quota is full). Free disk space, or delete old ' +
  'cases, then try again; nothing saved before this was lost.';

/**
 * Dexie failures as errors people can act on. A full disk can arrive as an AbortError whose
 * `inner` is the QuotaExceededError, or only in the message (dexie #776, #1793).
 */
export function classifyStorageError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (isQuotaError(e)) return new AppError('quota', QUOTA_MESSAGE, { cause: e });
  return new AppError(
    'storage',
    `The browser's storage failed: ${errorMessage(e)}. Your last change is kept in this tab; try again, or reload.`,
    { cause: e },
  );
}

export function isQuotaError(e: unknown): boolean {
  for (let current: unknown = e, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') break;
    const name: unknown = Reflect.get(current, 'name');
    const message: unknown = Reflect.get(current, 'message');
    if (name === 'QuotaExceededError') return true;
    if (typeof message === 'string' && /QuotaExceeded|quota/i.test(message)) return true;
    current = Reflect.get(current, 'inner') ?? Reflect.get(current, 'cause');
  }
  return false;
}
