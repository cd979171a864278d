import { describe, expect, it } from 'vitest';
import { asCaseId } from '../notebook/ids';
import { sampleCase } from '../notebook/test-helpers';
import { freshFactory, openDb } from './test-db';
import type { RunBatchBundle } from '../notebook/runs';
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

/** Schema version 2 as it shipped, frozen (`writeV2Database` below builds it). */
const SCHEMA_V2 = [
  ...SCHEMA_V1,
  { table: 'runArtifacts', primaryKey: 'runId', indexes: [] },
  { table: 'runBatches', primaryKey: 'id', indexes: ['[caseId+cellId+key]', 'caseId'] },
  { table: 'runNotes', primaryKey: 'runId', indexes: [] },
  { table: 'runs', primaryKey: 'id', indexes: ['batchId'] },
].sort((a, b) => a.table.localeCompare(b.table));

/**
 * Schema version 3: version 2 plus the model registry, the records of deletions and exports, and
 * what training leaves while it runs (issue 18).
 */
const SCHEMA_V3 = [
  ...SCHEMA_V2,
  { table: 'modelBundles', primaryKey: 'versionId', indexes: [] },
  { table: 'modelVersions', primaryKey: 'id', indexes: ['&[caseId+version]', 'caseId'] },
  { table: 'stageEvents', primaryKey: 'id', indexes: ['&[caseId+seq]', 'versionId'] },
  { table: 'exports', primaryKey: 'id', indexes: ['*caseIds', '*runIds', 'sha256'] },
  { table: 'runDeletions', primaryKey: 'runId', indexes: ['batchId', 'caseId'] },
  { table: 'checkpoints', primaryKey: 'runId', indexes: ['batchId'] },
  { table: 'liveBatches', primaryKey: 'batch.id', indexes: ['batch.caseId'] },
].sort((a, b) => a.table.localeCompare(b.table));

/** Schema version 4: version 3 plus the explain cells' stored parts, by run. */
const SCHEMA_V4 = [...SCHEMA_V3, { table: 'explanations', primaryKey: 'key', indexes: ['runId'] }].sort(
  (a, b) => a.table.localeCompare(b.table),
);

/** Schema version 5: version 4 plus the evaluation records (issue 22) and the table cache (issue 21). */
const SCHEMA_V5 = [
  ...SCHEMA_V4,
  { table: 'evaluations', primaryKey: 'id', indexes: ['caseId', 'runId'] },
  { table: 'tableCache', primaryKey: 'key', indexes: ['caseId', 'usedAt'] },
  { table: 'tableCacheData', primaryKey: 'key', indexes: [] },
].sort((a, b) => a.table.localeCompare(b.table));

/** Schema version 6: version 5 plus the training backend's calibration per device (issue 21). */
const SCHEMA_V6 = [...SCHEMA_V5, { table: 'calibrations', primaryKey: 'key', indexes: [] }].sort((a, b) =>
  a.table.localeCompare(b.table),
);

describe('CasebookDb', () => {
  it('declares schema version 6 exactly: version 5 plus the calibrations', async () => {
    const db = openDb(freshFactory());
    await db.open();
    expect(db.verno).toBe(6);
    const tables = db.tables
      .map((t) => ({
        table: t.name,
        primaryKey: t.schema.primKey.src,
        indexes: t.schema.indexes.map((i) => i.src).sort(),
      }))
      .sort((a, b) => a.table.localeCompare(b.table));
    expect(tables).toEqual(SCHEMA_V6);
    db.close();
  });

  it('upgrades a version-2 database to version 6: its cases and runs kept, the new tables empty', async () => {
    const factory = freshFactory();
    const bundle = runBundle();
    await writeV2DatabaseWithBatch(factory, bundle);
    const db = openDb(factory);
    await db.open();
    expect(db.verno).toBe(6);
    const workspace = new Workspace(db);
    expect((await workspace.loadCase(asCaseId('case-1'))).doc).toEqual(sampleCase());
    const { batch } = bundle;
    expect(await workspace.runs.findBatch(batch.caseId, batch.cellId, batch.key)).toEqual(bundle);
    expect(await db.exports.count()).toBe(0);
    expect(await db.runDeletions.count()).toBe(0);
    expect(await db.explanations.count()).toBe(0);
    expect(await db.evaluations.count()).toBe(0);
    db.close();
  });

  it('upgrades a version-1 database to version 6: its cases kept, the run, registry and explanation tables empty', async () => {
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
    expect(db.verno).toBe(6);
    expect(await db.cases.count()).toBe(1);
    expect(await db.modelVersions.count()).toBe(0);
    expect(await db.explanations.count()).toBe(0);
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

describe('CasebookDb version 2 → 3', () => {
  it('opens a frozen version-2 database: its case and runs kept, the registry empty and usable', async () => {
    const factory = freshFactory();
    const bundle = runBundle();
    await writeV2Database(factory, {
      cases: [
        {
          id: 'case-1',
          title: 'Churn',
          updatedAt: sampleCase().updatedAt,
          deletedAt: null,
          rev: 2,
          doc: sampleCase(),
        },
      ],
      runBatches: [bundle.batch],
      runs: [...bundle.runs],
      runArtifacts: [...bundle.artifacts],
      runNotes: [{ runId: bundle.runs[1]?.id, tags: ['keep'], note: 'good', hiddenAt: null, updatedAt: 'x' }],
    });
    const db = openDb(factory);
    await db.open();
    expect(db.verno).toBe(6);
    const workspace = new Workspace(db);
    expect((await workspace.loadCase(asCaseId('case-1'))).rev).toBe(2);
    const runs = await workspace.runs.listCase(asCaseId('case-1'));
    expect(runs.runs.map((r) => r.id)).toEqual(bundle.runs.map((r) => r.id));
    expect(runs.notes).toEqual([
      { runId: 'run-1', tags: ['keep'], note: 'good', hiddenAt: null, updatedAt: 'x' },
    ]);
    expect(await workspace.runs.getArtifact(bundle.runs[2]!.id)).toEqual(bundle.artifacts[2]);
    expect(await db.modelVersions.count()).toBe(0);
    expect(await workspace.registry.nextVersion(asCaseId('case-1'))).toBe(1);
    db.close();
  });
});

/** Version 2's layout as it shipped, with the bare IndexedDB API, holding `rows` (table → records). */
function writeV2Database(factory: IDBFactory, rows: Record<string, readonly unknown[]>): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.open('test', 20);
    request.onupgradeneeded = () => {
      const idb = request.result;
      const cases = idb.createObjectStore('cases', { keyPath: 'id' });
      cases.createIndex('updatedAt', 'updatedAt');
      cases.createIndex('deletedAt', 'deletedAt');
      idb.createObjectStore('blobs', { keyPath: 'sha256' });
      idb.createObjectStore('session', { keyPath: 'key' });
      const batches = idb.createObjectStore('runBatches', { keyPath: 'id' });
      batches.createIndex('caseId', 'caseId');
      batches.createIndex('[caseId+cellId+key]', ['caseId', 'cellId', 'key']);
      idb.createObjectStore('runs', { keyPath: 'id' }).createIndex('batchId', 'batchId');
      idb.createObjectStore('runArtifacts', { keyPath: 'runId' });
      idb.createObjectStore('runNotes', { keyPath: 'runId' });
      const tx = request.transaction;
      if (!tx) throw new Error('no upgrade transaction');
      for (const [table, records] of Object.entries(rows)) {
        for (const record of records) tx.objectStore(table).put(record);
      }
    };
    request.onerror = () => reject(request.error ?? new Error('open failed'));
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
  });
}

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

/** The v2 layout as it shipped, built with the bare IndexedDB API: v1's stores plus the run stores. */
function writeV2DatabaseWithBatch(factory: IDBFactory, bundle: RunBatchBundle): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.open('test', 20);
    request.onupgradeneeded = () => {
      const idb = request.result;
      const cases = idb.createObjectStore('cases', { keyPath: 'id' });
      cases.createIndex('updatedAt', 'updatedAt');
      cases.createIndex('deletedAt', 'deletedAt');
      idb.createObjectStore('blobs', { keyPath: 'sha256' });
      idb.createObjectStore('session', { keyPath: 'key' });
      const batches = idb.createObjectStore('runBatches', { keyPath: 'id' });
      batches.createIndex('caseId', 'caseId');
      batches.createIndex('[caseId+cellId+key]', ['caseId', 'cellId', 'key']);
      idb.createObjectStore('runs', { keyPath: 'id' }).createIndex('batchId', 'batchId');
      idb.createObjectStore('runArtifacts', { keyPath: 'runId' });
      idb.createObjectStore('runNotes', { keyPath: 'runId' });
      const doc = sampleCase();
      cases.put({ id: 'case-1', title: doc.title, updatedAt: doc.updatedAt, deletedAt: null, rev: 1, doc });
      const tx = request.transaction;
      if (!tx) throw new Error('no upgrade transaction');
      tx.objectStore('runBatches').put(bundle.batch);
      for (const run of bundle.runs) tx.objectStore('runs').put(run);
      for (const artifact of bundle.artifacts) tx.objectStore('runArtifacts').put(artifact);
    };
    request.onerror = () => reject(request.error ?? new Error('open failed'));
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
  });
}
