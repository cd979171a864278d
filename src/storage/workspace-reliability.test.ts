import { IDBDatabase, type IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppError } from '../lib/errors';
import { renameCase } from '../notebook/ops';
import { sampleCase } from '../notebook/test-helpers';
import type { Case } from '../notebook/types';
import { SaveQueue } from './save-queue';
import { failWritesWithQuota, freshFactory, openDb } from './test-db';
import { Workspace } from './workspace';

let factory: IDBFactory;
const tab = (): Workspace => new Workspace(openDb(factory));

beforeEach(() => {
  factory = freshFactory();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('several tabs', () => {
  it('stops a tab holding an older revision from overwriting newer work', async () => {
    const tabA = tab();
    const tabB = tab();
    const doc = sampleCase();
    await tabA.createCase(doc);
    const fromA = renameCase(doc, 'From A', '2026-01-02T00:00:00.000Z');
    expect(await tabA.saveCase(fromA, 1)).toBe(2);
    const stale = tabB.saveCase(renameCase(doc, 'From B (stale)', '2026-01-03T00:00:00.000Z'), 1);
    await expect(stale).rejects.toMatchObject({
      code: 'conflict',
      message:
        'This case was changed in another tab. Reload to see the newest version; your last edit here was not saved.',
    });
    expect(await tabB.loadCase(doc.id)).toEqual({ doc: fromA, rev: 2, warnings: [] });
  });

  it('lets exactly one of two simultaneous saves from the same rev win', async () => {
    const tabA = tab();
    const tabB = tab();
    const doc = sampleCase();
    await tabA.createCase(doc);
    const results = await Promise.allSettled([
      tabA.saveCase(renameCase(doc, 'A', doc.updatedAt), 1),
      tabB.saveCase(renameCase(doc, 'B', doc.updatedAt), 1),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toEqual([{ status: 'fulfilled', value: 2 }]);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toMatchObject({ code: 'conflict' });
    const winner = results[0]?.status === 'fulfilled' ? 'A' : 'B';
    expect((await tabA.loadCase(doc.id)).doc.title).toBe(winner);
  });
});

describe('durability', () => {
  it('writes cases in strict-durability transactions', async () => {
    // Spy before the database opens: Dexie binds IDBDatabase#transaction when it opens.
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const ws = tab();
    const doc = sampleCase();
    await ws.createCase(doc);
    const before = transaction.mock.calls.length;
    await ws.saveCase(renameCase(doc, 'Strict', doc.updatedAt), 1);
    const saveCalls = transaction.mock.calls.slice(before);
    expect(saveCalls).toHaveLength(1); // the rev check and the write share one transaction
    expect(saveCalls[0]?.[1]).toBe('readwrite');
    expect(saveCalls[0]?.[2]).toEqual({ durability: 'strict' });
  });
});

describe('a full disk', () => {
  it('fails saveCase with a quota error and leaves the stored case as it was', async () => {
    const ws = tab();
    const doc = sampleCase();
    await ws.createCase(doc);
    failWritesWithQuota();
    const edited = renameCase(doc, 'Lost to a full disk?', '2026-02-01T00:00:00.000Z');
    const error: unknown = await ws.saveCase(edited, 1).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'quota',
      message: expect.stringMatching(/^Storage full: free space or export/),
    });
    expect(error).toHaveProperty('cause.name', 'AbortError');
    expect(error).toHaveProperty('cause.inner.name', 'QuotaExceededError');
    vi.restoreAllMocks();
    expect(await tab().loadCase(doc.id)).toEqual({ doc, rev: 1, warnings: [] });
    // Once space is free the same edit saves, from the same rev: nothing was half-written.
    expect(await ws.saveCase(edited, 1)).toBe(2);
  });

  it('fails putBlob with a quota error and stores nothing', async () => {
    const ws = tab();
    failWritesWithQuota();
    await expect(ws.putBlob('c'.repeat(64), new Blob(['big']))).rejects.toMatchObject({ code: 'quota' });
    vi.restoreAllMocks();
    expect(await ws.hasBlob('c'.repeat(64))).toBe(false);
  });

  it('keeps the autosaved edit in memory, reports it, and saves it once space is free', async () => {
    const ws = tab();
    let rev = await ws.createCase(sampleCase());
    const errors: AppError[] = [];
    const queue = new SaveQueue<Case>(
      async (doc) => {
        rev = await ws.saveCase(doc, rev);
      },
      { delayMs: 300, onError: (e) => errors.push(e) },
    );
    const edited = renameCase(sampleCase(), 'Edited', '2026-02-01T00:00:00.000Z');
    failWritesWithQuota();
    queue.schedule(edited);
    await queue.flush();
    expect(errors.map((e) => e.code)).toEqual(['quota']);
    expect(queue.pending).toBe(true);
    vi.restoreAllMocks();
    await queue.flush();
    expect(queue.pending).toBe(false);
    expect(await ws.loadCase(edited.id)).toEqual({ doc: edited, rev: 2, warnings: [] });
  });

  it('exports the workspace with the edits the disk refused, which another browser then opens', async () => {
    const ws = tab();
    const doc = sampleCase();
    await ws.createCase(doc);
    failWritesWithQuota();
    const edited = renameCase(doc, 'Refused by a full disk', '2026-02-01T00:00:00.000Z');
    await expect(ws.saveCase(edited, 1)).rejects.toMatchObject({ code: 'quota' });
    // Exporting only reads: it works on a full disk.
    const { file } = await ws.exportWorkspace('0.1.0', [edited]);
    vi.restoreAllMocks();
    expect((await ws.loadCase(doc.id)).doc.title).toBe(doc.title);
    const elsewhere = new Workspace(openDb(freshFactory()));
    await elsewhere.importFile(file);
    expect(await elsewhere.loadCase(doc.id)).toEqual({ doc: edited, rev: 2, warnings: [] });
  });
});
