import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SqlEngine } from '../data/engine';
import { sha256OfBlob } from '../data/file-hash';
import { createNodeEngine } from '../data/testing/node-engine';
import { asCaseId, type CellId } from '../notebook/ids';
import { createCase } from '../notebook/ops';
import type { Case } from '../notebook/types';
import { failWritesWithQuota, freshFactory, openDb } from '../storage/test-db';
import { Workspace } from '../storage/workspace';
import { CaseSession } from './case-session.svelte';
import { Toasts } from './toasts.svelte';

/*
 * Issue 18 target 20: a file imported into a source cell is hashed before any transaction opens
 * (awaiting a hash inside one commits it: dexie #253), and a fault between the hash and the write
 * leaves nothing half written. The order is: hash, store the bytes under their hash (`putBlob`),
 * then save the case's reference to them; so a stored reference always has its bytes, and bytes
 * whose reference was not saved stay in memory as a pending save (retried), or, when the page goes,
 * as a file nobody refers to, which the purge removes after the Trash's days (`purge.ts`).
 */

const trace = vi.hoisted(() => ({ events: [] as string[] }));

// The real hash, observed: whether it runs inside a Dexie transaction's scope, and when.
vi.mock('../data/file-hash', async (importOriginal) => {
  const real = await importOriginal<{ sha256OfBlob: typeof sha256OfBlob }>();
  const { inTransaction } = await import('../storage/test-db');
  const where = (): string => (inTransaction() ? ' inside a transaction' : '');
  return {
    ...real,
    sha256OfBlob: async (...args: Parameters<typeof real.sha256OfBlob>): Promise<string> => {
      trace.events.push(`hash starts${where()}`);
      const sha256 = await real.sha256OfBlob(...args);
      trace.events.push(`hash ends${where()}`);
      return sha256;
    },
  };
});

let engine: SqlEngine;

beforeAll(async () => {
  engine = await createNodeEngine();
});

afterEach(() => {
  vi.restoreAllMocks();
  trace.events = [];
});

const CSV = 'customerID,churn\n1,Yes\n2,No\n';

/** A session on an empty case with one source cell, saved; every write of bytes or the case traced. */
async function sessionWithSource() {
  const workspace = new Workspace(openDb(freshFactory()));
  const doc = createCase(asCaseId('case-import'), 'Imports', '2026-01-01T00:00:00.000Z');
  const rev = await workspace.createCase(doc);
  const putBlob = workspace.putBlob.bind(workspace);
  vi.spyOn(workspace, 'putBlob').mockImplementation((sha256, blob) => {
    trace.events.push('bytes written');
    return putBlob(sha256, blob);
  });
  const saveCase = workspace.saveCase.bind(workspace);
  vi.spyOn(workspace, 'saveCase').mockImplementation((value, expectedRev) => {
    trace.events.push(`case saved${fileOf(value, cellId) ? ' with the file' : ''}`);
    return saveCase(value, expectedRev);
  });
  const session = new CaseSession(doc, rev, { workspace, engine, toasts: new Toasts() });
  const cellId = session.addCell('source', 0);
  await session.flush();
  trace.events = [];
  return { workspace, session, cellId };
}

function fileOf(doc: Case | undefined, id: CellId): string | null {
  const cell = doc?.cells.find((c) => c.id === id);
  return cell?.kind === 'source' ? (cell.config.file?.sha256 ?? null) : null;
}

/** A whole import's steps, in order. */
const IMPORT_STEPS = ['hash starts', 'hash ends', 'bytes written', 'case saved with the file'];

function importCsv(session: CaseSession, cellId: CellId): Promise<void> {
  return session.importFile(cellId, new File([CSV], 'customers.csv', { type: 'text/csv' }));
}

/** Every file the stored case refers to is stored: never a reference without its bytes. */
async function expectNoDanglingReference(workspace: Workspace, session: CaseSession, id: CellId) {
  const sha256 = fileOf((await workspace.readCase(session.doc.id))?.doc, id);
  if (sha256 !== null) expect(await workspace.hasBlob(sha256)).toBe(true);
}

describe('importing a file into a source cell', () => {
  it('hashes outside any transaction, then writes the bytes, then the reference', async () => {
    const { workspace, session, cellId } = await sessionWithSource();
    await importCsv(session, cellId);
    // (The cell's run may save what it learned afterwards: only the first four steps are the import.)
    expect(trace.events.slice(0, 4)).toEqual(IMPORT_STEPS);
    const sha256 = fileOf(session.doc, cellId);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fileOf((await workspace.readCase(session.doc.id))?.doc, cellId)).toBe(sha256);
    expect(await (await workspace.getBlob(sha256 ?? ''))?.text()).toBe(CSV);
    session.dispose();
  });

  it('a fault after the hash, while the bytes are written: nothing of the file is stored or referenced', async () => {
    const { workspace, session, cellId } = await sessionWithSource();
    failWritesWithQuota(['blobs']);
    await importCsv(session, cellId);
    expect(trace.events).toEqual(['hash starts', 'hash ends', 'bytes written']);
    // The cell says why, and neither the document in memory nor the stored one names the file.
    expect(session.runtime.status(cellId)).toMatchObject({ state: 'error', error: { code: 'quota' } });
    expect(fileOf(session.doc, cellId)).toBeNull();
    expect(session.importing.has(cellId)).toBe(false);
    expect(fileOf((await workspace.readCase(session.doc.id))?.doc, cellId)).toBeNull();
    vi.restoreAllMocks();
    expect(await workspace.hasBlob(await sha256OfBlob(new Blob([CSV])))).toBe(false);
    session.dispose();
  });

  it('a fault after the bytes, while the reference is saved: the reference waits in memory and lands on the retry', async () => {
    const { workspace, session, cellId } = await sessionWithSource();
    failWritesWithQuota(['cases']);
    await importCsv(session, cellId);
    expect(trace.events.slice(0, 4)).toEqual(IMPORT_STEPS);
    expect(session.saveStatus).toMatchObject({ state: 'error', error: { code: 'quota' } });
    const sha256 = fileOf(session.doc, cellId);
    expect(sha256).not.toBeNull();
    await expectNoDanglingReference(workspace, session, cellId);
    expect(fileOf((await workspace.readCase(session.doc.id))?.doc, cellId)).toBeNull();
    // The disk has room again: the retry ("Try again" or the timer) saves the reference.
    vi.restoreAllMocks();
    await session.flush();
    expect(session.saveState).toBe('saved');
    expect(fileOf((await workspace.readCase(session.doc.id))?.doc, cellId)).toBe(sha256);
    await expectNoDanglingReference(workspace, session, cellId);
    session.dispose();
  });
});
