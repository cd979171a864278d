import { asCaseId, type CaseId, type RunId } from '../notebook/ids';
import type { CasebookDb } from './db';
import { ExportLog } from './exports';

/*
 * Purging cases from the Trash (issue 22, item 7): a purged case leaves nothing behind. Every
 * table that refers to a case by its id, its runs or its model versions is cleared of it in one
 * transaction, so that no record refers to the case afterwards and a workspace file exported
 * then holds nothing of it. A workspace export record that held other cases too keeps its hash
 * and the other cases (`ExportLog.forgetCase`).
 */

/** Session keys scoped to a case end in `:<caseId>` ("held-cells:<id>"); a value may name it ("lastCaseId"). */
const namesCase = (caseId: string) => (r: { key: string; value: unknown }) =>
  r.key.endsWith(`:${caseId}`) || r.value === caseId;

/** Everything stored of one case, but its document and files. In the caller's transaction. */
async function purgeCase(db: CasebookDb, caseId: CaseId): Promise<void> {
  const batches = await db.runBatches.where('caseId').equals(caseId).toArray();
  const live = await db.liveBatches.where('batch.caseId').equals(caseId).toArray();
  const runIds: RunId[] = [...batches, ...live.map((l) => l.batch)].flatMap((b) => [...b.runIds]);
  const batchIds = [...batches.map((b) => b.id), ...live.map((l) => l.batch.id)];
  await db.runBatches.bulkDelete(batches.map((b) => b.id));
  await db.liveBatches.bulkDelete(live.map((l) => l.batch.id));
  await db.runs.bulkDelete(runIds);
  await db.runs.where('batchId').anyOf(batchIds).delete();
  await db.runArtifacts.bulkDelete(runIds);
  await db.runNotes.bulkDelete(runIds);
  await db.checkpoints.bulkDelete(runIds);
  await db.checkpoints.where('batchId').anyOf(batchIds).delete();
  await db.runDeletions.where('caseId').equals(caseId).delete();
  await db.explanations.where('runId').anyOf(runIds).delete();
  await db.explanations.filter((e) => e.caseId === caseId).delete();
  await db.evaluations.where('caseId').equals(caseId).delete();
  const versions = await db.modelVersions.where('caseId').equals(caseId).primaryKeys();
  await db.modelBundles.bulkDelete(versions);
  await db.modelVersions.bulkDelete(versions);
  await db.stageEvents.where('versionId').anyOf(versions).delete();
  await db.stageEvents.filter((e) => e.caseId === caseId).delete();
  await new ExportLog(db).forgetCase(caseId, runIds);
  await db.session.filter(namesCase(caseId)).delete();
  const cached = await db.tableCache.where('caseId').equals(caseId).primaryKeys();
  await db.tableCache.bulkDelete(cached);
  await db.tableCacheData.bulkDelete(cached);
}

/** The tables a purge writes. */
export function purgeTables(db: CasebookDb) {
  return [
    db.cases,
    db.blobs,
    db.session,
    db.runBatches,
    db.runs,
    db.runArtifacts,
    db.runNotes,
    db.runDeletions,
    db.checkpoints,
    db.liveBatches,
    db.explanations,
    db.evaluations,
    db.modelVersions,
    db.modelBundles,
    db.stageEvents,
    db.exports,
    db.tableCache,
    db.tableCacheData,
  ];
}

/**
 * Removes the cases deleted before `before` (ISO time) with everything of them (`purgeCase`),
 * then the files that no remaining case refers to and that were stored before `before`: a file
 * stored since is kept, because the case that will refer to it may not be saved yet (an import
 * stores the bytes first). Returns the ids of the cases purged.
 */
export function purgeDeleted(
  db: CasebookDb,
  before: string,
  fileHashesIn: (doc: unknown) => readonly string[],
  only: readonly CaseId[] | null = null,
): Promise<CaseId[]> {
  return db.transaction('rw', purgeTables(db), async () => {
    // `only`: these cases if they are in the Trash, whenever deleted (its "Delete for good"); a
    // live case never goes.
    const purged =
      only === null
        ? (await db.cases.where('deletedAt').below(before).primaryKeys()).map(asCaseId)
        : (await db.cases.bulkGet([...only])).flatMap((r) =>
            r !== undefined && r.deletedAt !== null && r.deletedAt !== '' ? [asCaseId(r.id)] : [],
          );
    await db.cases.bulkDelete(purged);
    for (const caseId of purged) await purgeCase(db, caseId);
    const referenced = new Set<string>();
    await db.cases.each((r) => {
      for (const sha of fileHashesIn(r.doc)) referenced.add(sha);
    });
    await db.blobs.filter((b) => b.storedAt < before && !referenced.has(b.sha256)).delete();
    return purged;
  });
}
