import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import { asCaseId } from '../notebook/ids';
import { renameCase } from '../notebook/ops';
import { sampleCase, SHA_A } from '../notebook/test-helpers';
import type { Case } from '../notebook/types';
import { CasebookDb } from './db';
import { Workspace } from './workspace';

let factory: IDBFactory;
const open = (): Workspace => new Workspace(new CasebookDb('test', { indexedDB: factory }));

function caseNamed(id: string, title: string, updatedAt: string): Case {
  return { ...sampleCase(), id: asCaseId(id), title, updatedAt };
}

beforeEach(() => {
  factory = new IDBFactory();
});

describe('Workspace', () => {
  it('creates, lists newest first, and loads a case unchanged through restore', async () => {
    const ws = open();
    await ws.createCase(caseNamed('a', 'Older', '2026-01-01T00:00:00.000Z'));
    await ws.createCase(caseNamed('b', 'Newer', '2026-02-01T00:00:00.000Z'));
    expect((await ws.listCases()).map((c) => c.title)).toEqual(['Newer', 'Older']);
    const { doc, rev, warnings } = await ws.loadCase(asCaseId('a'));
    expect(doc).toEqual(caseNamed('a', 'Older', '2026-01-01T00:00:00.000Z'));
    expect(rev).toBe(1);
    expect(warnings).toEqual([]);
  });

  it('soft-deletes, undoes, and purges', async () => {
    const ws = open();
    await ws.createCase(caseNamed('a', 'A', '2026-01-01T00:00:00.000Z'));
    await ws.deleteCase(asCaseId('a'));
    expect(await ws.listCases()).toEqual([]);
    await expect(ws.loadCase(asCaseId('a'))).rejects.toMatchObject({ code: 'storage' });
    await ws.undeleteCase(asCaseId('a'));
    expect((await ws.listCases()).map((c) => c.id)).toEqual(['a']);
    await ws.deleteCase(asCaseId('a'));
    await ws.putBlob(SHA_A, new Blob(['x']));
    await ws.purgeDeleted('9999-01-01T00:00:00.000Z');
    await ws.undeleteCase(asCaseId('a'));
    expect(await ws.listCases()).toEqual([]);
    expect(await ws.getBlob(SHA_A)).toBeUndefined();
  });

  it('keeps the files a live case refers to when purging', async () => {
    const ws = open();
    await ws.createCase(caseNamed('a', 'A', '2026-01-01T00:00:00.000Z'));
    await ws.putBlob(SHA_A, new Blob(['kept']));
    await ws.putBlob('b'.repeat(64), new Blob(['orphan']));
    await ws.purgeDeleted('9999-01-01T00:00:00.000Z');
    expect(await (await ws.getBlob(SHA_A))?.text()).toBe('kept');
    expect(await ws.getBlob('b'.repeat(64))).toBeUndefined();
  });

  it('stops a tab holding an older revision from overwriting newer work', async () => {
    const tabA = open();
    const tabB = open();
    const doc = caseNamed('a', 'Start', '2026-01-01T00:00:00.000Z');
    await tabA.createCase(doc);
    const revA = await tabA.saveCase(renameCase(doc, 'From A', '2026-01-02T00:00:00.000Z'), 1);
    expect(revA).toBe(2);
    const stale = tabB.saveCase(renameCase(doc, 'From B (stale)', '2026-01-03T00:00:00.000Z'), 1);
    await expect(stale).rejects.toBeInstanceOf(AppError);
    await expect(stale).rejects.toMatchObject({ code: 'conflict' });
    expect((await tabB.loadCase(asCaseId('a'))).doc.title).toBe('From A');
  });

  it('stores file bytes once per hash, and session values', async () => {
    const ws = open();
    await ws.putBlob(SHA_A, new Blob(['first']));
    await ws.putBlob(SHA_A, new Blob(['second']));
    expect(await (await ws.getBlob(SHA_A))?.text()).toBe('first');
    await ws.setSession('lastCaseId', 'a');
    expect(await ws.getSession('lastCaseId')).toBe('a');
    expect(await ws.getSession('missing')).toBeUndefined();
  });

  it('refuses a stored document that is not a valid case, with a clear error', async () => {
    const db = new CasebookDb('test', { indexedDB: factory });
    await db.cases.add({
      id: 'bad',
      title: 'Bad',
      updatedAt: 'x',
      deletedAt: null,
      rev: 1,
      doc: { schemaVersion: 99 },
    });
    await expect(new Workspace(db).loadCase(asCaseId('bad'))).rejects.toMatchObject({
      code: 'invalid-document',
    });
  });
});
