import { describe, expect, it } from 'vitest';
import { asCaseId } from '../notebook/ids';
import type { CasebookDb } from './db';
import { evaluationRecord } from './test-evaluations';
import { exportRecord } from './test-exports';
import { caseNamed, freshFactory, openDb } from './test-db';
import { runBundle } from './test-runs';
import { readContainer } from './workspace-file-format';
import { Workspace } from './workspace';

/*
 * Purging a case (issue 22, item 7): afterwards no record of any table refers to it, and a
 * workspace file exported then holds nothing of it. Every table is filled for two cases, "gone"
 * (purged) and "kept", each id naming its case so that a leftover is found by text.
 */

const FAR_FUTURE = '9999-01-01T00:00:00.000Z';
const GRID = { kind: 'numeric', column: 0, values: [1], source: 'given' } as const;

/** Everything one case can leave in storage, every id containing `name`. */
async function fill(ws: Workspace, db: CasebookDb, name: string): Promise<void> {
  const caseId = `case-${name}`;
  await ws.createCase(caseNamed(caseId, name, '2026-01-01T00:00:00.000Z'));
  const bundle = runBundle({ caseId, batchId: `batch-${name}`, prefix: `run-${name}` });
  await ws.runs.saveBatch(bundle);
  const [, kept, deleted] = bundle.runs.map((r) => r.id);
  if (!kept || !deleted) throw new Error('a short fixture');
  await ws.runs.annotate(kept, ['best'], 'Ship it.');
  await ws.runs.deleteForGood([deleted]);
  await ws.runs.saveExplanation({
    key: name.padEnd(64, '0'),
    caseId: asCaseId(caseId),
    cellId: bundle.batch.cellId,
    runId: kept,
    createdAt: '2026-03-04T00:00:00.000Z',
    part: {
      kind: 'pdp2d',
      pdp: { features: ['a', 'b'], grids: [GRID, { ...GRID, column: 1 }], values: [[0.1]], rows: [0] },
    },
  });
  await ws.evaluations.save(
    evaluationRecord({ id: name.padEnd(64, 'e'), caseId, runId: kept, batchId: `batch-${name}` }),
  );
  // A batch in training with a checkpoint, as a crash leaves it.
  const live = runBundle({ caseId, batchId: `live-${name}`, prefix: `live-${name}` });
  const [first, second] = live.runs;
  if (!first || !second) throw new Error('a short fixture');
  await ws.training.write({
    batch: { ...live.batch, runIds: [first.id], best: null },
    runs: [first],
    artifacts: live.artifacts.slice(0, 1),
    current: { ...second, status: 'interrupted' },
    lock: `lock-${name}`,
  });
  const weights = [{ name: 'w', shape: [1], values: Float32Array.from([1]) }];
  await ws.training.checkpoint({
    runId: second.id,
    batchId: `live-${name}`,
    reason: 'periodic',
    checkpoint: { epoch: 1, weights, optimizer: [], best: { epoch: 1, loss: 0.5, weights }, curve: [] },
  });
  // The registry: a version with its bundle and two stage events.
  await db.modelVersions.add({
    id: `version-${name}`,
    caseId: asCaseId(caseId),
    version: 1,
    createdAt: '2026-03-02T09:00:00.000Z',
    source: 'promoted',
    runId: kept,
    name: 'Logistic regression',
    kind: 'logistic',
    task: 'binary',
    bundleSha256: 'b'.repeat(64),
    importedFrom: null,
  });
  await db.modelBundles.add({ versionId: `version-${name}`, sha256: 'b'.repeat(64), text: '{}' });
  for (const seq of [1, 2]) {
    await db.stageEvents.add({
      id: `event-${name}-${seq}`,
      caseId: asCaseId(caseId),
      versionId: `version-${name}`,
      seq,
      stage: seq === 1 ? 'candidate' : 'champion',
      at: '2026-03-02T09:00:00.000Z',
      by: 'Ana',
      why: 'Beats the rule',
      evaluation: null,
    });
  }
  // A report of this case alone.
  await ws.exports.record(
    exportRecord({
      id: `report-${name}`,
      contents: {
        kind: 'report',
        caseId: asCaseId(caseId),
        caseTitle: name,
        cells: [],
        runs: [{ runId: kept, batchId: `batch-${name}`, cellId: bundle.batch.cellId, label: 'Logistic' }],
        fingerprints: [],
      },
    }),
  );
  await ws.setSession(`held-cells:${caseId}`, ['cell-1']);
  // A cached table (issue 21): its record names the case, its bytes are kept under the same key.
  const key = `cache-${name}`;
  await db.tableCache.put({
    key,
    caseId,
    cellId: 'cell-1',
    table: 'customers',
    sizeBytes: 4,
    storedAt: '2026-03-05T00:00:00.000Z',
    usedAt: 1,
    meta: { columns: [{ name: 'id', type: 'INTEGER', carrier: 'native' }], rowCount: 1 },
  });
  await db.tableCacheData.put({ key, parquet: new Blob([new Uint8Array([0x50, 0x41, 0x52, 0x31])]) });
}

/** Every row of every table, as text. */
async function everything(db: CasebookDb): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const table of db.tables) {
    out.set(
      table.name,
      (await table.toArray()).map((row: unknown) => JSON.stringify(row)),
    );
  }
  return out;
}

describe('purging a case leaves nothing of it (issue 22, item 7)', () => {
  it('no record of any table refers to it, the other case keeps everything, the workspace file holds none of it', async () => {
    const db = openDb(freshFactory());
    const ws = new Workspace(db, { now: () => '2026-03-01T00:00:00.000Z' });
    await fill(ws, db, 'gone');
    await fill(ws, db, 'kept');
    await ws.setSession('lastCaseId', 'case-gone');
    // A workspace file of both cases: its record keeps the other case when this one goes.
    const both = await ws.exportWorkspace('0.1.0');
    await ws.exports.record(exportRecord({ id: 'workspace-1', contents: both.contents }));
    const before = await everything(db);
    for (const [table, rows] of before) {
      if (table === 'blobs') continue; // no file in these cases
      if (table === 'calibrations') continue; // the device's, not a case's: never purged
      // Filled for both: the test would pass on an empty table otherwise.
      expect(
        rows.some((r) => r.includes('gone')),
        table,
      ).toBe(true);
      expect(
        rows.some((r) => r.includes('kept')),
        table,
      ).toBe(true);
    }

    await ws.deleteCase(asCaseId('case-gone'));
    expect(await ws.purgeDeleted(FAR_FUTURE)).toBe(1);

    const after = await everything(db);
    for (const [table, rows] of after) {
      expect(
        rows.filter((r) => r.includes('gone')),
        table,
      ).toEqual([]);
      if (table !== 'blobs' && table !== 'calibrations')
        expect(
          rows.some((r) => r.includes('kept')),
          table,
        ).toBe(true);
    }
    // The other case is whole: its runs (one deleted for good), its registry.
    expect((await ws.runs.listCase(asCaseId('case-kept'))).runs).toHaveLength(3);
    expect(await ws.registry.champion(asCaseId('case-kept'))).not.toBeNull();
    expect((await ws.exports.forCase(asCaseId('case-kept'))).map((e) => e.id).sort()).toEqual([
      'report-kept',
      'workspace-1',
    ]);
    // And a workspace file exported now holds nothing of it.
    const { header } = await readContainer((await ws.exportWorkspace('0.1.0')).file);
    expect(JSON.stringify(header)).not.toContain('gone');
    expect(JSON.stringify(header)).toContain('case-kept');
  });
});
