import { Table, makeVector, tableToIPC } from 'apache-arrow';
import { utf8Vector } from '../../data/arrow-vectors';
import type { SqlEngine } from '../../data/engine';
import type { RunRecord } from './result';

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
  // Built buffer by buffer: Arrow's builders evaluate a string, which the app's CSP forbids.
  const table = new Table({
    run_id: utf8Vector(runId),
    run: utf8Vector(label),
    role: utf8Vector(role),
    row_id: makeVector(rowId),
    truth: makeVector(truthColumn),
    score: makeVector(score),
  });
  await engine.insertArrowIpc(name, tableToIPC(table, 'stream'));
  return total;
}
