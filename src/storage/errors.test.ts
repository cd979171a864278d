import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import { classifyStorageError, isQuotaError } from './errors';

describe('classifyStorageError', () => {
  it('recognises a full disk however Dexie and the browser wrap it (dexie #776, #1793)', () => {
    const direct = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    const wrapped = Object.assign(new Error('Transaction aborted'), {
      name: 'AbortError',
      inner: { name: 'QuotaExceededError', message: '' },
    });
    const inMessage = Object.assign(
      new Error('AbortError: QuotaExceededError: The quota has been exceeded.'),
      {
        name: 'AbortError',
      },
    );
    for (const e of [direct, wrapped, inMessage]) {
      expect(isQuotaError(e)).toBe(true);
      const classified = classifyStorageError(e);
      expect(classified.code).toBe('quota');
      expect(classified.message).toMatch(/nothing saved before this was lost/);
      expect(classified.cause).toBe(e);
    }
  });

  it('keeps AppErrors and turns anything else into a storage error', () => {
    const conflict = new AppError('conflict', 'x');
    expect(classifyStorageError(conflict)).toBe(conflict);
    const other = classifyStorageError(new Error('disk on fire'));
    expect(other.code).toBe('storage');
    expect(other.message).toMatch(/disk on fire/);
    expect(isQuotaError('a string')).toBe(false);
  });
});
