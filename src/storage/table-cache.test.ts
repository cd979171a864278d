import { describe, expect, it, vi } from 'vitest';
import { asCaseId } from '../notebook/ids';
import { sampleCase } from '../notebook/test-helpers';
import { DEFAULT_CACHE_BYTES, defaultCacheBound, TableCache, type TableCacheEntry } from './table-cache';
import { freshFactory, openDb } from './test-db';
import { Workspace } from './workspace';

function entry(key: string, bytes: number, caseId = 'case-1'): TableCacheEntry {
  return {
    key,
    caseId,
    cellId: `cell-${key}`,
    table: `t_${key}`,
    meta: { rowCount: bytes, note: `table ${key}` },
    parquet: Uint8Array.from({ length: bytes }, (_, i) => i % 251),
  };
}

/** A cache on a fresh database whose clock moves one millisecond per read, bounded at `maxBytes`. */
function cache(maxBytes = 1000) {
  const db = openDb(freshFactory());
  let clock = 1_000;
  const warn = vi.fn();
  const store = new TableCache(db, { maxBytes: () => Promise.resolve(maxBytes), now: () => clock++, warn });
  return { db, store, warn };
}

describe('TableCache', () => {
  it('keeps a table and gives back its bytes and meta; an unknown key is null', async () => {
    const { store } = cache();
    expect(await store.put(entry('a', 10))).toBe(true);
    const found = await store.get('a');
    expect(found?.parquet).toEqual(entry('a', 10).parquet);
    expect(found?.record).toMatchObject({ caseId: 'case-1', cellId: 'cell-a', table: 't_a', sizeBytes: 10 });
    expect(found?.record.meta).toEqual({ rowCount: 10, note: 'table a' });
    expect(await store.get('missing')).toBeNull();
  });

  it('evicts the least recently used tables past the bound, counting a read as a use', async () => {
    const { store } = cache(1000);
    await store.put(entry('a', 400));
    await store.put(entry('b', 400));
    expect(await store.get('a')).not.toBeNull(); // a is now more recent than b
    await new Promise((resolve) => setTimeout(resolve, 10)); // the touch is written beside the read
    await store.put(entry('c', 400));
    expect(await store.get('b')).toBeNull();
    expect(await store.get('a')).not.toBeNull();
    expect(await store.get('c')).not.toBeNull();
    expect(await store.usage()).toEqual([{ caseId: 'case-1', tables: 2, bytes: 800 }]);
  });

  it('does not keep a table larger than the whole bound', async () => {
    const { store } = cache(100);
    await store.put(entry('small', 50));
    expect(await store.put(entry('big', 101))).toBe(false);
    expect(await store.get('big')).toBeNull();
    expect(await store.get('small')).not.toBeNull();
  });

  it('replaces a table put again under the same key', async () => {
    const { store } = cache();
    await store.put(entry('a', 10));
    await store.put({ ...entry('a', 20), meta: 'second' });
    expect((await store.get('a'))?.record.meta).toBe('second');
    expect(await store.usage()).toEqual([{ caseId: 'case-1', tables: 1, bytes: 20 }]);
  });

  it('reports usage by case and clears one case or all, leaving the cases themselves', async () => {
    const { db, store } = cache(10_000);
    const workspace = new Workspace(db);
    await workspace.createCase(sampleCase());
    await store.put(entry('a', 100, 'case-1'));
    await store.put(entry('b', 300, 'case-2'));
    await store.put(entry('c', 50, 'case-1'));
    expect(await store.usage()).toEqual([
      { caseId: 'case-2', tables: 1, bytes: 300 },
      { caseId: 'case-1', tables: 2, bytes: 150 },
    ]);
    await store.clear('case-1');
    expect(await store.usage()).toEqual([{ caseId: 'case-2', tables: 1, bytes: 300 }]);
    expect(await db.tableCacheData.count()).toBe(1);
    await store.clear();
    expect(await store.usage()).toEqual([]);
    expect(await db.tableCacheData.count()).toBe(0);
    expect((await workspace.loadCase(asCaseId('case-1'))).doc).toEqual(sampleCase());
  });

  it('swallows a quota error with a note: the put says false and nothing throws', async () => {
    const { db, store, warn } = cache();
    await db.open();
    const real = db.backendDB();
    vi.spyOn(db, 'backendDB').mockReturnValue(fullDatabase(real));
    expect(await store.put(entry('a', 10))).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/storage is full.*rebuilt/), expect.anything());
    vi.restoreAllMocks();
    expect(await store.get('a')).toBeNull();
  });

  it('bounds itself by the smaller of 500 MB and a fifth of the quota', async () => {
    const estimate = vi.fn(() => Promise.resolve({ quota: 1_000_000_000, usage: 0 }));
    vi.stubGlobal('navigator', { storage: { estimate } });
    expect(await defaultCacheBound()).toBe(200_000_000);
    estimate.mockResolvedValue({ quota: 100_000_000_000, usage: 0 });
    expect(await defaultCacheBound()).toBe(DEFAULT_CACHE_BYTES);
    vi.unstubAllGlobals();
  });
});

/** An IDBDatabase whose write transactions abort with QuotaExceededError, as a full disk does. */
function fullDatabase(real: IDBDatabase): IDBDatabase {
  return new Proxy(real, {
    get(target, property) {
      if (property !== 'transaction') return Reflect.get(target, property);
      return () => {
        const tx = new EventTarget();
        const error = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        const fake = Object.assign(tx, {
          error,
          oncomplete: null,
          onabort: null as null | (() => void),
          objectStore: () => ({ put: () => undefined, delete: () => undefined }),
        });
        setTimeout(() => fake.onabort?.(), 0);
        return fake;
      };
    },
  });
}
