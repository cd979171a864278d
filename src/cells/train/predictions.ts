import { Table, makeVector, tableToIPC } from 'apache-arrow';
import { utf8Vector } from '../../data/arrow-vectors';
import type { SqlEngine } from '../../data/engine';
import { SOURCE_COLUMN, SOURCE_FINGERPRINT_COLUMN, type PredictionSource } from '../shared/predictions';
import type { RunRecord } from './result';
import { classScoreColumn } from '../../notebook/bundle/score';

/** The source columns of `total` rows: the same table and fingerprint on each, or NULL when unknown. */
function sourceColumns(source: PredictionSource | null, total: number) {
  return {
    [SOURCE_COLUMN]: utf8Vector(new Array<string | null>(total).fill(source?.table ?? null)),
    [SOURCE_FINGERPRINT_COLUMN]: utf8Vector(
      new Array<string | null>(total).fill(source?.fingerprint ?? null),
    ),
  };
}

/**
 * Writes the validation rows' predictions of every run that has them as the table `name`: one
 * row per run and validation row (run_id, run, role, row_id, truth, score, source,
 * source_fingerprint), so that SQL can compare models row by row, and an evaluate cell joins the
 * rows back to the table `row_id` numbers (`source`). Goes in as Arrow: no value is ever spliced
 * into SQL text.
 */
export async function writePredictions(
  engine: SqlEngine,
  name: string,
  runs: readonly RunRecord[],
  rowIds: Int32Array | Float64Array,
  truth: Float32Array,
  classes: readonly string[] | null = null,
  source: PredictionSource | null = null,
): Promise<number> {
  if (classes !== null) return writeClassPredictions(engine, name, runs, rowIds, truth, classes, source);
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
    ...sourceColumns(source, total),
  });
  await engine.insertArrowIpc(name, tableToIPC(table, 'stream'));
  return total;
}

/** The most probable class of row i of k probabilities per row (the first on a tie, as arg-max everywhere). */
function argMax(scores: Float32Array, i: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if ((scores[i * k + c] ?? NaN) > (scores[i * k + best] ?? NaN)) best = c;
  return best;
}

/**
 * Multiclass: one row per run and validation row (run_id, run, role, row_id, truth, predicted,
 * then score_<class> for each class, then the source columns); truth and predicted are class names.
 */
async function writeClassPredictions(
  engine: SqlEngine,
  name: string,
  runs: readonly RunRecord[],
  rowIds: Int32Array | Float64Array,
  truth: Float32Array,
  classes: readonly string[],
  source: PredictionSource | null,
): Promise<number> {
  const scored = runs.filter((r): r is RunRecord & { scores: Float32Array } => r.scores !== null);
  const n = rowIds.length;
  const k = classes.length;
  const total = scored.length * n;
  const text = () => new Array<string>(total);
  const [runId, label, role, truthName, predicted] = [text(), text(), text(), text(), text()];
  const rowId = rowIds instanceof Int32Array ? new Int32Array(total) : new Float64Array(total);
  const perClass = classes.map(() => new Float64Array(total));
  scored.forEach((run, r) => {
    runId.fill(run.id, r * n, (r + 1) * n);
    label.fill(run.label, r * n, (r + 1) * n);
    role.fill(run.role, r * n, (r + 1) * n);
    rowId.set(rowIds, r * n);
    for (let i = 0; i < n; i++) {
      truthName[r * n + i] = classes[truth[i] ?? 0] ?? '';
      predicted[r * n + i] = classes[argMax(run.scores, i, k)] ?? '';
      perClass.forEach((column, c) => (column[r * n + i] = run.scores[i * k + c] ?? NaN));
    }
  });
  const scores = Object.fromEntries(
    classes.map((c, i) => [classScoreColumn(c), makeVector(perClass[i] ?? [])]),
  );
  const table = new Table({
    run_id: utf8Vector(runId),
    run: utf8Vector(label),
    role: utf8Vector(role),
    row_id: makeVector(rowId),
    truth: utf8Vector(truthName),
    predicted: utf8Vector(predicted),
    ...scores,
    ...sourceColumns(source, total),
  });
  await engine.insertArrowIpc(name, tableToIPC(table, 'stream'));
  return total;
}
