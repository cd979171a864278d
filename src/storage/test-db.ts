import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import { vi } from 'vitest';
import { asCaseId } from '../notebook/ids';
import { sampleCase } from '../notebook/test-helpers';
import type { Case } from '../notebook/types';
import { CasebookDb } from './db';
import type { JournalStorage } from './journal';

/*
 * Test helpers: each test gets its own in-memory IndexedDB (fake-indexeddb 6, no globals), so that
 * tests never see each other's data. Two `CasebookDb` on one factory behave like two tabs.
 */

export function freshFactory(): IDBFactory {
  return new IDBFactory();
}

export function openDb(factory: IDBFactory, name = 'test'): CasebookDb {
  return new CasebookDb(name, { indexedDB: factory, IDBKeyRange });
}

export function caseNamed(id: string, title: string, updatedAt: string): Case {
  return { ...sampleCase(), id: asCaseId(id), title, updatedAt };
}

/**
 * Whether the caller runs inside a Dexie transaction's scope: anything awaited there that is not
 * IndexedDB (a hash, a worker) commits the transaction early (dexie #253).
 */
export function inTransaction(): boolean {
  const current: unknown = Dexie.currentTransaction;
  return current !== null && current !== undefined;
}

/**
 * Makes every `put` and `add` on the object stores `stores` fail the way a full disk does in a
 * browser: the request succeeds, then the transaction aborts with a QuotaExceededError, which
 * Dexie reports as an AbortError whose `inner` is that error (dexie #776). `_abort` is
 * fake-indexeddb's internal "abort with error". Undone by `vi.restoreAllMocks()`.
 */
export function failWritesWithQuota(stores: readonly string[] | null = null): void {
  for (const method of ['put', 'add'] as const) {
    const original = IDBObjectStore.prototype[method];
    vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (
      this: IDBObjectStore,
      value: unknown,
      key?: IDBValidKey,
    ) {
      const request = original.call(this, value, key);
      if (stores !== null && !stores.includes(this.name)) return request;
      const transaction = this.transaction;
      request.addEventListener('success', () => {
        const abort: unknown = Reflect.get(transaction, '_abort');
        if (typeof abort !== 'function') throw new Error('fake-indexeddb changed: no _abort');
        Reflect.apply(abort, transaction, ['QuotaExceededError']);
      });
      return request;
    });
  }
}

/** localStorage as a Map (shared by the "pages" of a test), with a switch to make writes fail as a full quota does. */
export class MapStorage implements JournalStorage {
  readonly items = new Map<string, string>();
  full = false;
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.full) throw new DOMException('full', 'QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}
