import { sha256OfBlob } from '../data/file-hash';
import { contentsOf, modelOf } from '../notebook/bundle/test-bundle';
import { buildBundle } from '../notebook/bundle/write';
import { asCaseId, asRunId } from '../notebook/ids';
import type { CasebookDb } from './db';
import { caseNamed } from './test-db';
import { evaluationRecord } from './test-evaluations';
import { exportRecord } from './test-exports';
import { runBundle } from './test-runs';
import { Workspace } from './workspace';

/*
 * Test helpers for the workspace file: a populated workspace, a snapshot of every table, and the
 * parts of a file to damage (shared by the hand-written refusals and the fuzzing).
 */

const BYTES_A = new Uint8Array([0, 1, 2, 250, 255, 10, 13]);
const BYTES_B = new TextEncoder().encode('customerID,churn\n1,Yes\n');

export async function sha(bytes: Uint8Array): Promise<string> {
  return sha256OfBlob(new Blob([bytes.slice()]));
}

/** A workspace with a live and a deleted case, two files, two batches (one in another case) and notes. */
export async function populate(db: CasebookDb): Promise<Workspace> {
  let clock = 0;
  const ws = new Workspace(db, { now: () => new Date(Date.UTC(2026, 4, 1, 0, 0, clock++)).toISOString() });
  await ws.createCase(caseNamed('case-1', 'Churn', '2026-01-01T00:00:00.000Z'));
  await ws.createCase(caseNamed('case-2', 'Gone', '2026-01-02T00:00:00.000Z'));
  await ws.deleteCase(asCaseId('case-2'));
  await ws.putBlob(
    await sha(BYTES_A),
    new Blob([BYTES_A.slice()], { type: 'application/vnd.apache.parquet' }),
  );
  await ws.putBlob(await sha(BYTES_B), new Blob([BYTES_B.slice()], { type: 'text/csv' }));
  await ws.runs.saveBatch(runBundle());
  const other = runBundle({ batchId: 'batch-2', prefix: 'b2', caseId: 'case-2' });
  await ws.runs.saveBatch({
    ...other,
    batch: { ...other.batch, validationRowIds: Float64Array.from([5, 10, 15]) },
  });
  await ws.runs.annotate(asRunId('run-1'), ['best', 'v1'], 'Ship it.');
  await ws.runs.hide([asRunId('run-3')]);
  // The registry of case-1: v1 promoted and champion, v2 imported, a candidate.
  const contents = contentsOf(await modelOf('logistic'));
  const v1 = await buildBundle({ ...contents, model: { ...contents.model, version: 1 } });
  const version = await ws.registry.register({
    caseId: asCaseId('case-1'),
    ...v1,
    source: 'promoted',
    runId: asRunId('run-1'),
    by: 'Ana',
    why: 'Beats the rule',
    evaluation: null,
  });
  await ws.registry.setStage(version.id, 'champion', { by: 'Ana', why: 'Go live', evaluation: null });
  const treeFile = await buildBundle({
    ...contentsOf(await modelOf('tree')),
    model: { ...contents.model, kind: 'tree', artifact: await modelOf('tree') },
  });
  await ws.registry.importBundle(asCaseId('case-1'), treeFile.text, {
    by: 'Bo',
    why: 'From the other team',
    evaluation: null,
  });
  // Evaluations of two runs; a run deleted for good (with its evaluation) from the other batch,
  // and an exported report.
  await ws.evaluations.save(evaluationRecord());
  await ws.evaluations.save(
    evaluationRecord({ id: 'f'.repeat(64), caseId: 'case-2', runId: 'b2-1', batchId: 'batch-2' }),
  );
  await ws.runs.deleteForGood([asRunId('b2-1')]);
  await ws.exports.record(exportRecord());
  return ws;
}

/** Every table, with the bytes of each file read out. */
export async function snapshot(db: CasebookDb) {
  const blobs = await Promise.all(
    (await db.blobs.toArray()).map(async (b) => ({
      ...b,
      blob: { type: b.blob.type, bytes: new Uint8Array(await b.blob.arrayBuffer()) },
    })),
  );
  return {
    cases: await db.cases.orderBy('id').toArray(),
    blobs: blobs.sort((a, b) => a.sha256.localeCompare(b.sha256)),
    runBatches: await db.runBatches.orderBy('id').toArray(),
    runs: await db.runs.orderBy('id').toArray(),
    runArtifacts: await db.runArtifacts.orderBy('runId').toArray(),
    runNotes: await db.runNotes.orderBy('runId').toArray(),
    modelVersions: await db.modelVersions.orderBy('id').toArray(),
    modelBundles: await db.modelBundles.orderBy('versionId').toArray(),
    stageEvents: await db.stageEvents.orderBy('id').toArray(),
    runDeletions: await db.runDeletions.orderBy('runId').toArray(),
    exports: await db.exports.orderBy('id').toArray(),
    evaluations: await db.evaluations.orderBy('id').toArray(),
  };
}

/** The parts of a workspace file, to damage one. */
export async function parts(file: Blob) {
  const text = await file.slice(0, 64).text();
  const [, length] = /^CASEBOOK-WORKSPACE 1\n(\d+)\n/.exec(text) ?? [];
  const start = text.indexOf('\n', text.indexOf('\n') + 1) + 1;
  const headerEnd = start + Number(length);
  return { json: await file.slice(start, headerEnd).text(), binary: file.slice(headerEnd) };
}

export function assemble(json: string, binary: Blob, magic = 'CASEBOOK-WORKSPACE 1'): Blob {
  const bytes = new TextEncoder().encode(json);
  return new Blob([`${magic}\n${bytes.byteLength}\n`, bytes, binary]);
}

export type Header = Record<string, unknown> & {
  runs: Record<string, unknown>[];
  runNotes: Record<string, unknown>[];
  modelVersions: Record<string, unknown>[];
  modelBundles: Record<string, unknown>[];
  stageEvents: Record<string, unknown>[];
};

export async function withHeader(file: Blob, change: (header: Header) => void): Promise<Blob> {
  const { json, binary } = await parts(file);
  const header: Header = JSON.parse(json);
  change(header);
  return assemble(JSON.stringify(header), binary);
}
