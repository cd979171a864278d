import { describe, expect, it } from 'vitest';
import { asCaseId } from '../notebook/ids';
import { sampleCase } from '../notebook/test-helpers';
import { freshFactory, openDb } from './test-db';
import { runBundle } from './test-runs';
import { Workspace } from './workspace';

/**
 * Schema version 1 as it shipped, frozen (`writeV1Database` below builds it). Version 2 adds the
 * run tables and leaves these as they were. If a test here fails, a shipped version was edited:
 * put it back and add `version(n + 1)` with an upgrade instead (and a fixture like these).
 */
const SCHEMA_V1 = [
  { table: 'blobs', primaryKey: 'sha256', indexes: [] },
  { table: 'cases', primaryKey: 'id', indexes: ['deletedAt', 'updatedAt'] },
  { table: 'session', primaryKey: 'key', indexes: [] },
];

/** Schema version 2 as it shipped, frozen. */
const SCHEMA_V2 = [
  ...SCHEMA_V1,
  { table: 'runArtifacts', primaryKey: 'runId', indexes: [] },
  { table: 'runBatches', primaryKey: 'id', indexes: ['[caseId+cellId+key]', 'caseId'] },
  { table: 'runNotes', primaryKey: 'runId', indexes: [] },
  { table: 'runs', primaryKey: 'id', indexes: ['batchId'] },
].sort((a, b) => a.table.localeCompare(b.table));

/** Schema version 3 as it shipped, frozen: version 2 plus what training leaves while it runs. */
const SCHEMA_V3 = [
  ...SCHEMA_V2,
  { table: 'checkpoints', primaryKey: 'runId', indexes: ['batchId'] },
  { table: 'liveBatches', primaryKey: 'batch.id', indexes: ['batch.caseId'] },
].sort((a, b) => a.table.localeCompare(b.table));

describe('CasebookDb', () => {
  it('declares schema version 3 exactly as shipped: version 2 plus the training journal', async () => {
    const db = openDb(freshFactory());
    await db.open();
    expect(db.verno).toBe(3);
    const tables = db.tables
      .map((t) => ({
        table: t.name,
        primaryKey: t.schema.primKey.src,
        indexes: t.schema.indexes.map((i) => i.src).sort(),
      }))
      .sort((a, b) => a.table.localeCompare(b.table));
    expect(tables).toEqual(SCHEMA_V3);
    db.close();
  });

  it('upgrades a version-1 database to the current version: its cases kept, the run tables empty', async () => {
    const factory = freshFactory();
    await writeV1Database(factory, {
      id: 'case-1',
      title: 'Churn',
      updatedAt: sampleCase().updatedAt,
      deletedAt: null,
      rev: 1,
      doc: sampleCase(),
    });
    const db = openDb(factory);
    await db.open();
    expect(db.verno).toBe(3);
    expect(await db.cases.count()).toBe(1);
    expect(await db.runBatches.count()).toBe(0);
    await new Workspace(db).runs.saveBatch(runBundle());
    expect(await db.runs.count()).toBe(4);
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
