import { describe, expect, it } from 'vitest';
import { asCaseId } from '../notebook/ids';
import { sampleCase } from '../notebook/test-helpers';
import { freshFactory, openDb } from './test-db';
import { Workspace } from './workspace';

/**
 * Schema version 1 as it shipped, frozen. If this test fails, a shipped version was edited: put
 * it back and add `version(2)` with an upgrade instead (and a fixture like this one for v2).
 */
const SCHEMA_V1 = [
  { table: 'blobs', primaryKey: 'sha256', indexes: [] },
  { table: 'cases', primaryKey: 'id', indexes: ['deletedAt', 'updatedAt'] },
  { table: 'session', primaryKey: 'key', indexes: [] },
];

describe('CasebookDb', () => {
  it('declares schema version 1 exactly as shipped', async () => {
    const db = openDb(freshFactory());
    await db.open();
    expect(db.verno).toBe(1);
    const tables = db.tables
      .map((t) => ({
        table: t.name,
        primaryKey: t.schema.primKey.src,
        indexes: t.schema.indexes.map((i) => i.src).sort(),
      }))
      .sort((a, b) => a.table.localeCompare(b.table));
    expect(tables).toEqual(SCHEMA_V1);
    db.close();
  });

  it('opens a database written by schema version 1 and reads its cases', async () => {
    const factory = freshFactory();
    await writeV1Database(factory, {
      id: 'case-1',
      title: 'Churn',
      updatedAt: sampleCase().updatedAt,
      deletedAt: null,
      rev: 3,
      doc: sampleCase(),
    });
    const loaded = await new Workspace(openDb(factory)).loadCase(asCaseId('case-1'));
    expect(loaded).toEqual({ doc: sampleCase(), rev: 3, warnings: [] });
  });
});

/** The v1 layout built with the bare IndexedDB API (Dexie stores version n as 10 × n). */
function writeV1Database(factory: IDBFactory, caseRecord: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.open('test', 10);
    request.onupgradeneeded = () => {
      const idb = request.result;
      const cases = idb.createObjectStore('cases', { keyPath: 'id' });
      cases.createIndex('updatedAt', 'updatedAt');
      cases.createIndex('deletedAt', 'deletedAt');
      idb.createObjectStore('blobs', { keyPath: 'sha256' });
      idb.createObjectStore('session', { keyPath: 'key' });
      cases.put(caseRecord);
    };
    request.onerror = () => reject(request.error ?? new Error('open failed'));
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
  });
}
