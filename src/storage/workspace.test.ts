import { readFileSync } from 'node:fs';
import type { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { asCaseId } from '../notebook/ids';
import { renameCase } from '../notebook/ops';
import { sampleCase, SHA_A } from '../notebook/test-helpers';
import { caseNamed, freshFactory, openDb } from './test-db';
import { Workspace } from './workspace';

const SHA_B = 'b'.repeat(64);
const FAR_FUTURE = '9999-01-01T00:00:00.000Z';

let factory: IDBFactory;
const open = (options: { now?: () => string } = {}): Workspace => new Workspace(openDb(factory), options);

beforeEach(() => {
  factory = freshFactory();
});

describe('Workspace cases', () => {
  it('creates, lists newest first without deleted ones, and loads a case unchanged through restore', async () => {
    const ws = open();
    expect(await ws.listCases()).toEqual([]);
    expect(await ws.createCase(caseNamed('a', 'Older', '2026-01-01T00:00:00.000Z'))).toBe(1);
    await ws.createCase(caseNamed('c', 'Newest', '2026-03-01T00:00:00.000Z'));
    await ws.createCase(caseNamed('b', 'Newer', '2026-02-01T00:00:00.000Z'));
    expect(await ws.listCases()).toEqual([
      { id: 'c', title: 'Newest', updatedAt: '2026-03-01T00:00:00.000Z' },
      { id: 'b', title: 'Newer', updatedAt: '2026-02-01T00:00:00.000Z' },
      { id: 'a', title: 'Older', updatedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    const { doc, rev, warnings } = await ws.loadCase(asCaseId('a'));
    expect(doc).toEqual(caseNamed('a', 'Older', '2026-01-01T00:00:00.000Z'));
    expect(rev).toBe(1);
    expect(warnings).toEqual([]);
  });

  it('saves with a rising rev, and a saved case reloads unchanged (restore + migrate) in a new tab', async () => {
    const ws = open();
    const doc = sampleCase();
    await ws.createCase(doc);
    const renamed = renameCase(doc, 'Churn, take two', '2026-05-01T00:00:00.000Z');
    expect(await ws.saveCase(renamed, 1)).toBe(2);
    expect(await ws.saveCase(renamed, 2)).toBe(3);
    const reloaded = await open().loadCase(doc.id);
    expect(reloaded).toEqual({ doc: renamed, rev: 3, warnings: [] });
    expect((await ws.listCases())[0]).toEqual({
      id: doc.id,
      title: 'Churn, take two',
      updatedAt: '2026-05-01T00:00:00.000Z',
    });
  });

  it('loads the frozen v1 document fixture stored raw', async () => {
    const raw: unknown = JSON.parse(
      readFileSync(new URL('../notebook/fixtures/case-v1.json', import.meta.url), 'utf8'),
    );
    const db = openDb(factory);
    await db.cases.add({ id: 'case-0f1e', title: 't', updatedAt: 'x', deletedAt: null, rev: 4, doc: raw });
    const { doc, rev } = await new Workspace(db).loadCase(asCaseId('case-0f1e'));
    expect(doc.title).toBe('Telco churn (v1 fixture)');
    expect(doc.cells.map((c) => c.kind)).toEqual(['markdown', 'source', 'sql']);
    expect(rev).toBe(4);
  });

  it('says a missing case was not found, on load and on save', async () => {
    const ws = open();
    await expect(ws.loadCase(asCaseId('nope'))).rejects.toMatchObject({
      code: 'storage',
      message: expect.stringMatching(/^Case not found/),
    });
    await expect(ws.saveCase(caseNamed('nope', 'X', '2026-01-01T00:00:00.000Z'), 1)).rejects.toMatchObject({
      code: 'storage',
    });
    expect(await ws.listCases()).toEqual([]);
  });

  it('refuses a stored document that is not a valid case, with a clear error', async () => {
    const db = openDb(factory);
    const bad = { id: 'bad', title: 'Bad', updatedAt: 'x', deletedAt: null, rev: 1 };
    await db.cases.bulkAdd([
      { ...bad, doc: { schemaVersion: 99 } },
      { ...bad, id: 'worse', doc: 'not a case' },
    ]);
    const ws = new Workspace(db);
    for (const id of ['bad', 'worse']) {
      await expect(ws.loadCase(asCaseId(id))).rejects.toMatchObject({ code: 'invalid-document' });
    }
  });

  it('refuses to create a second case with the same id', async () => {
    const ws = open();
    await ws.createCase(sampleCase());
    await expect(ws.createCase(sampleCase())).rejects.toMatchObject({ code: 'storage' });
  });
});

describe('Workspace delete, undo and purge', () => {
  it('soft-deletes and undoes', async () => {
    const ws = open({ now: () => '2026-06-01T00:00:00.000Z' });
    await ws.createCase(caseNamed('a', 'A', '2026-01-01T00:00:00.000Z'));
    await ws.deleteCase(asCaseId('a'));
    expect(await ws.listCases()).toEqual([]);
    await expect(ws.loadCase(asCaseId('a'))).rejects.toMatchObject({ code: 'storage' });
    await expect(ws.saveCase(caseNamed('a', 'A2', '2026-01-02T00:00:00.000Z'), 1)).rejects.toMatchObject({
      code: 'storage',
      message: expect.stringMatching(/deleted in another tab/),
    });
    await ws.undeleteCase(asCaseId('a'));
    expect((await ws.listCases()).map((c) => c.id)).toEqual(['a']);
    expect((await ws.loadCase(asCaseId('a'))).doc.title).toBe('A');
  });

  it('deletes one case of the Trash for good, whenever deleted, and refuses a live one', async () => {
    const ws = open({ now: () => '2026-03-01T00:00:00.000Z' });
    await ws.createCase(caseNamed('a', 'A', '2026-01-01T00:00:00.000Z'));
    await ws.createCase(caseNamed('b', 'B', '2026-01-01T00:00:00.000Z'));
    await ws.createCase(caseNamed('live', 'Live', '2026-01-01T00:00:00.000Z'));
    await ws.deleteCase(asCaseId('a'));
    await ws.deleteCase(asCaseId('b'));
    // Deleted this very moment: still purged, and only it.
    await ws.purgeCase(asCaseId('a'));
    expect((await ws.listTrash()).map((c) => c.id)).toEqual(['b']);
    await expect(ws.undeleteCase(asCaseId('a'))).rejects.toMatchObject({ code: 'storage' });
    await expect(ws.purgeCase(asCaseId('live'))).rejects.toMatchObject({
      code: 'storage',
      message: expect.stringMatching(/not in the Trash/),
    });
    expect((await ws.listCases()).map((c) => c.id)).toEqual(['live']);
  });

  it('purges only cases deleted before the cutoff, and then cannot undo them', async () => {
    let now = '2026-01-10T00:00:00.000Z';
    const ws = open({ now: () => now });
    await ws.createCase(caseNamed('old', 'Old', '2026-01-01T00:00:00.000Z'));
    await ws.createCase(caseNamed('recent', 'Recent', '2026-01-01T00:00:00.000Z'));
    await ws.createCase(caseNamed('live', 'Live', '2026-01-01T00:00:00.000Z'));
    await ws.deleteCase(asCaseId('old'));
    now = '2026-02-10T00:00:00.000Z';
    await ws.deleteCase(asCaseId('recent'));
    const table = (caseId: string) => ({
      key: caseId,
      caseId,
      cellId: 'c',
      table: 't',
      meta: null,
      parquet: new Uint8Array([1, 2, 3]),
    });
    await ws.tableCache.put(table('old'));
    await ws.tableCache.put(table('recent'));
    await ws.purgeDeleted('2026-02-01T00:00:00.000Z');
    await expect(ws.undeleteCase(asCaseId('old'))).rejects.toMatchObject({ code: 'storage' });
    await ws.undeleteCase(asCaseId('recent'));
    expect((await ws.listCases()).map((c) => c.id).sort()).toEqual(['live', 'recent']);
    // The purged case's cached tables go with it.
    expect((await ws.tableCache.usage()).map((u) => u.caseId)).toEqual(['recent']);
  });

  it('removes files no remaining case refers to, and keeps the rest', async () => {
    const ws = open({ now: () => '2026-01-01T00:00:00.000Z' });
    await ws.createCase(caseNamed('a', 'A', '2026-01-01T00:00:00.000Z')); // its source cell holds SHA_A
    await ws.createCase(caseNamed('gone', 'Gone', '2026-01-01T00:00:00.000Z')); // also SHA_A
    await ws.deleteCase(asCaseId('gone'));
    await ws.putBlob(SHA_A, new Blob(['kept']));
    await ws.putBlob(SHA_B, new Blob(['orphan']));
    await ws.purgeDeleted(FAR_FUTURE);
    expect(await (await ws.getBlob(SHA_A))?.text()).toBe('kept');
    expect(await ws.hasBlob(SHA_B)).toBe(false);
    await ws.deleteCase(asCaseId('a'));
    await ws.purgeDeleted(FAR_FUTURE);
    expect(await ws.hasBlob(SHA_A)).toBe(false);
  });

  it('keeps an unreferenced file stored after the cutoff (its case may not be saved yet)', async () => {
    const ws = open({ now: () => '2026-03-01T00:00:00.000Z' });
    await ws.putBlob(SHA_B, new Blob(['just imported']));
    await ws.purgeDeleted('2026-02-01T00:00:00.000Z');
    expect(await ws.hasBlob(SHA_B)).toBe(true);
  });
});

describe('Workspace files and session', () => {
  it('round-trips a Blob with its bytes and type, stored once per hash', async () => {
    const ws = open();
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    expect(await ws.hasBlob(SHA_A)).toBe(false);
    await ws.putBlob(SHA_A, new Blob([bytes], { type: 'application/vnd.apache.parquet' }));
    await ws.putBlob(SHA_A, new Blob(['second copy is ignored']));
    expect(await ws.hasBlob(SHA_A)).toBe(true);
    const blob = await open().getBlob(SHA_A);
    expect(blob).toBeInstanceOf(Blob);
    expect(blob?.type).toBe('application/vnd.apache.parquet');
    expect(new Uint8Array(await (blob ?? new Blob()).arrayBuffer())).toEqual(bytes);
    expect(await ws.getBlob(SHA_B)).toBeUndefined();
  });

  it('records the size of a stored file, apart from the cases table', async () => {
    const db = openDb(factory);
    await new Workspace(db).putBlob(SHA_A, new Blob(['12345']));
    expect(await db.blobs.get(SHA_A)).toMatchObject({ sha256: SHA_A, sizeBytes: 5 });
    expect(await db.cases.count()).toBe(0);
  });

  it('keeps session values of any cloneable shape', async () => {
    const ws = open();
    await ws.setSession('lastCaseId', 'a');
    await ws.setSession('collapsed', { cells: ['c1', 'c2'] });
    await ws.setSession('lastCaseId', 'b');
    expect(await ws.getSession('lastCaseId')).toBe('b');
    expect(await ws.getSession('collapsed')).toEqual({ cells: ['c1', 'c2'] });
    expect(await ws.getSession('missing')).toBeUndefined();
  });
});
