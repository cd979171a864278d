import type { CasebookDb, TableCacheDataRecord, TableCacheRecord } from './db';
import { isQuotaError } from './errors';

/*
 * The table cache: Parquet copies of the tables cells made, by the cell's fingerprint (with the
 * app's version), so that reopening a case registers them instead of rebuilding them. It is a
 * cache: whatever happens here (quota full, an entry evicted, the whole cache cleared) loses no
 * saved work, since every table is rebuilt from the stored files and cells. So:
 *  - writes use relaxed durability (documents stay strict: see db.ts), through IndexedDB itself,
 *    since Dexie sets durability for the whole database only;
 *  - a failed write or read is a console note and a rebuild, never an error;
 *  - the cache holds at most `maxBytes` (by default the smaller of 500 MB and a fifth of what the
 *    browser grants this origin), evicting the least recently used tables first.
 */

/** What the cache keeps of one table. */
export interface TableCacheEntry {
  readonly key: string;
  readonly caseId: string;
  readonly cellId: string;
  readonly table: string;
  readonly meta: unknown;
  readonly parquet: Uint8Array;
}

/** A table found in the cache. */
export interface CachedTable {
  readonly record: TableCacheRecord;
  readonly parquet: Uint8Array;
}

/** What the cache holds for one case. */
export interface CaseCacheUsage {
  readonly caseId: string;
  readonly tables: number;
  readonly bytes: number;
}

export interface TableCacheOptions {
  /** The most bytes the cache may hold; by default `defaultCacheBound`. */
  readonly maxBytes?: () => Promise<number>;
  /** Epoch milliseconds, for tests. */
  readonly now?: () => number;
  /** Where a failure is noted (the console by default). */
  readonly warn?: (message: string, cause: unknown) => void;
}

export const DEFAULT_CACHE_BYTES = 500 * 1024 * 1024;
/** The share of the origin's quota the cache may take. */
const QUOTA_SHARE = 0.2;

/** The smaller of 500 MB and a fifth of the quota `navigator.storage.estimate()` reports. */
export async function defaultCacheBound(): Promise<number> {
  try {
    const quota = (await globalThis.navigator?.storage?.estimate?.())?.quota;
    return quota === undefined ? DEFAULT_CACHE_BYTES : Math.min(DEFAULT_CACHE_BYTES, quota * QUOTA_SHARE);
  } catch {
    return DEFAULT_CACHE_BYTES;
  }
}

export class TableCache {
  readonly #db: CasebookDb;
  readonly #maxBytes: () => Promise<number>;
  readonly #now: () => number;
  readonly #warn: (message: string, cause: unknown) => void;

  constructor(db: CasebookDb, options: TableCacheOptions = {}) {
    this.#db = db;
    this.#maxBytes = options.maxBytes ?? defaultCacheBound;
    this.#now = options.now ?? (() => Date.now());
    this.#warn = options.warn ?? ((message, cause) => console.warn(`Casebook: ${message}`, cause));
  }

  /** The table cached under `key`, marked as just used; null when none (or when it cannot be read). */
  async get(key: string): Promise<CachedTable | null> {
    try {
      const [record, data] = await this.#db.transaction(
        'r',
        this.#db.tableCache,
        this.#db.tableCacheData,
        () => Promise.all([this.#db.tableCache.get(key), this.#db.tableCacheData.get(key)]),
      );
      if (!record || !data) return null;
      const parquet = new Uint8Array(await data.parquet.arrayBuffer());
      const used = { ...record, usedAt: this.#now() };
      void this.#write(['tableCache'], (tx) => tx.objectStore('tableCache').put(used)).catch((e: unknown) =>
        this.#warn('could not mark a cached table as used', e),
      );
      return { record: used, parquet };
    } catch (e: unknown) {
      this.#warn(`could not read the cached table ${key}; it is rebuilt`, e);
      return null;
    }
  }

  /**
   * Keeps a table, then evicts the least recently used ones past the bound. Returns whether it was
   * kept: a table larger than the bound is not, and a failed write (quota full) is only noted.
   */
  async put(entry: TableCacheEntry): Promise<boolean> {
    try {
      const bound = await this.#maxBytes();
      const sizeBytes = entry.parquet.byteLength;
      if (sizeBytes > bound) return false;
      const now = this.#now();
      const record: TableCacheRecord = {
        key: entry.key,
        caseId: entry.caseId,
        cellId: entry.cellId,
        table: entry.table,
        sizeBytes,
        storedAt: new Date(now).toISOString(),
        usedAt: now,
        meta: entry.meta,
      };
      const data: TableCacheDataRecord = { key: entry.key, parquet: new Blob([ownBuffer(entry.parquet)]) };
      await this.#write(['tableCache', 'tableCacheData'], (tx) => {
        tx.objectStore('tableCache').put(record);
        tx.objectStore('tableCacheData').put(data);
      });
      await this.#evict(bound);
      return true;
    } catch (e: unknown) {
      const why = isQuotaError(e) ? 'the browser storage is full' : 'the write failed';
      this.#warn(`did not cache the table "${entry.table}" (${why}); it is rebuilt when the case opens`, e);
      return false;
    }
  }

  /** What the cache holds, by case, the largest first. */
  async usage(): Promise<CaseCacheUsage[]> {
    const byCase = new Map<string, { tables: number; bytes: number }>();
    await this.#db.tableCache.each((r) => {
      const sum = byCase.get(r.caseId) ?? { tables: 0, bytes: 0 };
      byCase.set(r.caseId, { tables: sum.tables + 1, bytes: sum.bytes + r.sizeBytes });
    });
    return [...byCase].map(([caseId, sum]) => ({ caseId, ...sum })).sort((a, b) => b.bytes - a.bytes);
  }

  /** Forgets the cached tables of one case, or of every case. Saved work is not touched. */
  async clear(caseId?: string): Promise<void> {
    const keys =
      caseId === undefined
        ? await this.#db.tableCache.toCollection().primaryKeys()
        : await this.#db.tableCache.where('caseId').equals(caseId).primaryKeys();
    await this.#delete(keys);
  }

  /** Deletes the least recently used tables until the cache holds at most `bound` bytes. */
  async #evict(bound: number): Promise<void> {
    const records = await this.#db.tableCache.orderBy('usedAt').toArray();
    let total = records.reduce((sum, r) => sum + r.sizeBytes, 0);
    const evicted: string[] = [];
    for (const record of records) {
      if (total <= bound) break;
      evicted.push(record.key);
      total -= record.sizeBytes;
    }
    await this.#delete(evicted);
  }

  async #delete(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.#write(['tableCache', 'tableCacheData'], (tx) => {
      for (const key of keys) {
        tx.objectStore('tableCache').delete(key);
        tx.objectStore('tableCacheData').delete(key);
      }
    });
  }

  /** One IndexedDB transaction with relaxed durability: a crash may lose it, which a cache can afford. */
  async #write(stores: string[], work: (tx: IDBTransaction) => void): Promise<void> {
    await this.#db.open();
    const tx = this.#db.backendDB().transaction(stores, 'readwrite', { durability: 'relaxed' });
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new Error('the cache transaction was aborted'));
      work(tx);
    });
  }
}

/** The bytes on a plain ArrayBuffer, as a Blob takes them: a view of it when they are on one already. */
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer
    ? new Uint8Array(buffer, bytes.byteOffset, bytes.byteLength)
    : bytes.slice();
}
