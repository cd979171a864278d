import { tableToIPC } from 'apache-arrow';
import { columnsTable } from '../../data/arrow-columns';
import type { SqlEngine } from '../../data/engine';
import type { RunRecord } from './result';

/** The columns of a train cell's predictions table, in order. */
export const PREDICTION_COLUMNS = ['run_id', 'run', 'role', 'row_id', 'truth', 'score'] as const;

/**
 * Writes the validation rows' predictions of every run that has them as the table `name`: one
 * row per run and validation row (run_id, run, role, row_id, truth, score), so that SQL can
 * compare models row by row. Goes in as Arrow: no value is ever spliced into SQL text.
 */
export async function writePredictions(
  engine: SqlEngine,
  name: string,
  runs: readonly RunRecord[],
  rowIds: Int32Array | Float64Array,
  truth: Float32Array,
): Promise<number> {
  const scored = runs.filter((r): r is RunRecord & { scores: Float32Array } => r.scores !== null);
  const n = rowIds.length;
  const total = scored.length * n;
  const runId: string[] = new Array<string>(total);
  const label: string[] = new Array<string>(total);
  const role: string[] = new Array<string>(total);
  const rowId = rowIds instanceof Int32Array ? new Int32Array(total) : new Float64Array(total);
  const truthColumn = new Float64Array(total);
  const score = new Float64Array(total);
  scored.forEach((run, r) => {
    const at = r * n;
    runId.fill(run.id, at, at + n);
    label.fill(run.label, at, at + n);
    role.fill(run.role, at, at + n);
    rowId.set(rowIds, at);
    truthColumn.set(truth, at);
    score.set(run.scores, at);
  });
  // Not tableFromArrays: its string builder compiles code, which the app's CSP refuses.
  const table = columnsTable({
    run_id: runId,
    run: label,
    role,
    row_id: rowId,
    truth: truthColumn,
    score,
  });
  await engine.insertArrowIpc(name, tableToIPC(table, 'stream'));
  return total;
}
