import type { CaseId, CellId } from '../../notebook/ids';
import type { RunBatch, RunBatchBundle } from '../../notebook/runs';
import type { Case, Cell } from '../../notebook/types';

/** What of the run store the report reads. */
export interface StoredRunsReader {
  listCase(caseId: CaseId): Promise<{ readonly batches: readonly RunBatch[] }>;
  /** A batch with the runs it keeps (runs deleted for good left out); null when gone or damaged. */
  getBatch(batchId: string): Promise<RunBatchBundle | null>;
}

/**
 * Per cell that saved runs (a train cell), the stored batch the report shows: the one the cell shows in this tab (it was
 * saved or restored), else the cell's newest batch. A batch with runs deleted for good shows the
 * runs it keeps, as the train cell does.
 */
export async function loadBatches(
  store: StoredRunsReader,
  doc: Case,
  shown: (cell: Cell) => string | null,
): Promise<Map<CellId, RunBatchBundle>> {
  const { batches } = await store.listCase(doc.id);
  const out = new Map<CellId, RunBatchBundle>();
  for (const cell of doc.cells) {
    const shownId = shown(cell);
    const candidates = batches
      .filter((b) => b.cellId === cell.id)
      .sort((a, b) =>
        a.id === shownId ? -1 : b.id === shownId ? 1 : b.finishedAt.localeCompare(a.finishedAt),
      );
    for (const batch of candidates) {
      const bundle = await store.getBatch(batch.id);
      if (bundle) {
        out.set(cell.id, bundle);
        break;
      }
    }
  }
  return out;
}
