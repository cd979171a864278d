import { beforeEach, describe, expect, it } from 'vitest';
import { asCaseId, asCellId, asRunId } from '../notebook/ids';
import type { CasebookDb } from './db';
import { ExportLog } from './exports';
import { freshFactory, openDb } from './test-db';
import { exportRecord } from './test-exports';

let db: CasebookDb;

beforeEach(() => {
  db = openDb(freshFactory());
});

const workspaceExport = exportRecord({
  id: 'export-2',
  sha256: 'b'.repeat(64),
  exportedAt: '2026-04-03T00:00:00.000Z',
  contents: {
    kind: 'workspace',
    cases: [
      { caseId: asCaseId('case-1'), title: 'Churn', deleted: false },
      { caseId: asCaseId('case-2'), title: 'Gone', deleted: true },
    ],
    files: 2,
    runIds: [asRunId('run-1'), asRunId('b2-0')],
  },
});

const bundleExport = exportRecord({
  id: 'export-3',
  sha256: 'c'.repeat(64),
  contents: {
    kind: 'model-bundle',
    caseId: asCaseId('case-2'),
    caseTitle: 'Gone',
    run: { runId: asRunId('b2-0'), batchId: 'batch-2', cellId: asCellId('t1'), label: 'Baseline' },
    modelVersion: { id: 'mv-1', version: 1, stage: 'champion' },
  },
});

describe('ExportLog', () => {
  it('finds each export by a run it holds, a case it holds, and the hash of its bytes', async () => {
    const log = new ExportLog(db);
    await log.record(workspaceExport);
    await log.record(exportRecord());
    await log.record(bundleExport);
    expect((await log.forRun(asRunId('run-1'))).map((e) => e.id)).toEqual(['export-1', 'export-2']);
    expect((await log.forRun(asRunId('b2-0'))).map((e) => e.id)).toEqual(['export-3', 'export-2']);
    expect((await log.forCase(asCaseId('case-2'))).map((e) => e.id)).toEqual(['export-3', 'export-2']);
    expect(await log.withHash('B'.repeat(64))).toEqual([workspaceExport]);
    expect(await log.forRun(asRunId('nowhere'))).toEqual([]);
  });

  it('is immutable: a record saved again is refused, and one that misstates what it holds is never stored', async () => {
    const log = new ExportLog(db);
    await log.record(exportRecord());
    await expect(log.record({ ...exportRecord(), fileName: 'rewritten.html' })).rejects.toMatchObject({
      code: 'storage',
    });
    await expect(
      log.record({ ...exportRecord({ id: 'x' }), runIds: [asRunId('run-9')] }),
    ).rejects.toMatchObject({
      code: 'internal',
    });
    expect(await db.exports.toArray()).toEqual([exportRecord()]);
  });

  it('forgets a purged case: its own exports go, a workspace file keeps its hash and the other cases', async () => {
    const log = new ExportLog(db);
    await log.record(workspaceExport);
    await log.record(exportRecord());
    await log.record(bundleExport);
    await log.forgetCase(asCaseId('case-2'), [asRunId('b2-0')]);
    expect(await db.exports.where('caseIds').equals('case-2').count()).toBe(0);
    expect(await db.exports.where('runIds').equals('b2-0').count()).toBe(0);
    const [kept] = await log.withHash('b'.repeat(64));
    expect(kept?.caseIds).toEqual(['case-1']);
    expect(kept?.contents).toEqual({
      ...workspaceExport.contents,
      cases: [{ caseId: 'case-1', title: 'Churn', deleted: false }],
      runIds: ['run-1'],
    });
    expect(await db.exports.count()).toBe(2);
    // A workspace file of that case alone goes whole.
    await log.forgetCase(asCaseId('case-1'), [asRunId('run-1')]);
    expect(await db.exports.count()).toBe(0);
  });
});
