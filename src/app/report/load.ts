import type { CaseId, CellId, RunId } from '../../notebook/ids';
import type { RunArtifact, RunBatch, RunBatchBundle, StoredRun } from '../../notebook/runs';
import type { Case, Cell } from '../../notebook/types';

/** What of the run store the report reads. */
export interface StoredRunsReader {
  listCase(
    caseId: CaseId,
  ): Promise<{ readonly batches: readonly RunBatch[]; readonly runs: readonly StoredRun[] }>;
  getArtifact(runId: RunId): Promise<RunArtifact | undefined>;
}

/**
 * Per cell that saved runs (a train cell), the stored batch the report shows: the one the cell
 * shows in this tab (`shown`: it was saved or restored), else the cell's newest complete batch. A
 * batch with a run deleted for good is skipped: the report shows only what it can show whole.
 */
export async function loadBatches(
  store: StoredRunsReader,
  doc: Case,
  shown: (cell: Cell) => string | null,
): Promise<Map<CellId, RunBatchBundle>> {
  const { batches, runs } = await store.listCase(doc.id);
  const out = new Map<CellId, RunBatchBundle>();
  for (const cell of doc.cells) {
    const shownId = shown(cell);
    const candidates = batches
      .filter((b) => b.cellId === cell.id)
      .sort((a, b) =>
        a.id === shownId ? -1 : b.id === shownId ? 1 : b.finishedAt.localeCompare(a.finishedAt),
      );
    for (const batch of candidates) {
      const bundle = await complete(store, batch, runs);
      if (bundle) {
        out.set(cell.id, bundle);
        break;
      }
    }
  }
  return out;
}

async function complete(
  store: StoredRunsReader,
  batch: RunBatch,
  all: readonly StoredRun[],
): Promise<RunBatchBundle | null> {
  const byId = new Map(all.filter((r) => r.batchId === batch.id).map((r) => [r.id, r]));
  const runs = batch.runIds.map((id) => byId.get(id));
  const artifacts = await Promise.all(batch.runIds.map((id) => store.getArtifact(id)));
  if (runs.some((r) => r === undefined) || artifacts.some((a) => a === undefined)) return null;
  return {
    batch,
    runs: runs.filter((r): r is StoredRun => r !== undefined),
    artifacts: artifacts.filter((a): a is RunArtifact => a !== undefined),
  };
}
