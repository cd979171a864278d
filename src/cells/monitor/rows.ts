import type { Table } from 'apache-arrow';
import { describeRelation } from '../../data/catalog';
import type { SqlEngine } from '../../data/engine';
import { readScoringMatrix } from '../../data/features/matrix';
import { countAt, textOrNull } from '../../data/features/results';
import type { PlannedBatch } from '../../data/drift';
import { scoringPlan } from '../../data/score/plan';
import { engineRows } from '../../data/score/rows';
import { describeColumns, inputStats } from '../../data/score/stats';
import { quoteIdent, quoteLiteral } from '../../data/sql';
import { AppError } from '../../lib/errors';
import { checkInput, type InputReport } from '../../notebook/bundle/check';
import { decideClassesOf, scoreClasses, scoreRows } from '../../notebook/bundle/score';
import type { ModelBundle } from '../../notebook/bundle/types';

/*
 * The monitor's rows in DuckDB: a work table numbering the new rows with their batch and label,
 * each version's scores of a table (through the feature SQL generated from its bundle, as the
 * score cell scores), and the rows of a batch that neither of two versions trained on.
 */

/** Columns the work table adds in front of the input's own. */
export const ROW = '__monitor_row';
export const BATCH = '__monitor_batch';
export const LABEL = '__monitor_label';

export interface WorkTable {
  readonly name: string;
  readonly rows: number;
  /** Per row (in `ROW` order): its batch (1 … k, 0 for none) and its label as text (null when none). */
  readonly batch: Int32Array;
  readonly labels: readonly (string | null)[];
}

async function query(engine: SqlEngine, sql: string, signal: AbortSignal): Promise<Table> {
  return engine.query(sql, { signal });
}

/** Numbers the input's rows and tags each with its batch and its label; drops it with `dropWork`. */
export async function makeWorkTable(
  engine: SqlEngine,
  name: string,
  input: string,
  batches: readonly PlannedBatch[],
  label: string,
  signal: AbortSignal,
): Promise<WorkTable> {
  const column = batches[0]?.column ?? null;
  const batch =
    column === null
      ? '1'
      : `CASE CAST(${quoteIdent(column)} AS VARCHAR) ${batches.map((b, i) => `WHEN ${quoteLiteral(b.label)} THEN ${i + 1}`).join(' ')} ELSE 0 END`;
  const labelSql = label === '' ? 'CAST(NULL AS VARCHAR)' : `CAST(${quoteIdent(label)} AS VARCHAR)`;
  await engine.exec(
    `CREATE OR REPLACE TABLE ${quoteIdent(name)} AS SELECT CAST(row_number() OVER () AS BIGINT) AS ${ROW}, ${batch} AS ${BATCH}, ${labelSql} AS ${LABEL}, * FROM ${quoteIdent(input)}`,
    { signal },
  );
  const read = await query(
    engine,
    `SELECT ${BATCH} AS b, ${LABEL} AS y, row_number() OVER () = ${ROW} AS in_order FROM ${quoteIdent(name)}`,
    signal,
  );
  const rows = read.numRows;
  const batchOf = new Int32Array(rows);
  const labels: (string | null)[] = [];
  for (let i = 0; i < rows; i++) {
    // The scoring SQL numbers rows as they are scanned; they must be the work table's numbers.
    if (read.getChild('in_order')?.get(i) !== true)
      throw new AppError(
        'internal',
        'The monitor’s rows were not read back in their order; run the cell again.',
      );
    batchOf[i] = countAt(read, 'b', i);
    labels.push(textOrNull(read, 'y', i));
  }
  return { name, rows, batch: batchOf, labels };
}

export async function dropWork(engine: SqlEngine, name: string): Promise<void> {
  await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(name)}`).catch(() => undefined);
}

/** The input check of the score cell, on `relation`: unseen categories scored as "other". */
export async function checkRows(
  engine: SqlEngine,
  bundle: ModelBundle,
  relation: string,
  signal: AbortSignal,
): Promise<InputReport> {
  const read = engineRows(engine, { signal });
  const columns = await describeColumns(read, relation);
  const stats = await inputStats(read, bundle.input, relation, columns);
  return checkInput(
    bundle.input,
    bundle.features.spec,
    { rows: stats.rows, columns, stats: stats.stats },
    { unseen: 'other' },
  );
}

/** A multiclass version's view of every row: k probabilities (row-major) and the class it decides. */
export interface ClassRows {
  readonly k: number;
  readonly probabilities: Float64Array;
  /**
   * Class index per row as the version decides it under its own rule (`decideClassesOf`, as the
   * score cell: least expected cost under its cost matrix, else the most probable); −1 where the
   * probabilities are not numbers.
   */
  readonly decided: Int32Array;
}

/**
 * The version's score of every row of `relation`, in its order, and the feature SQL used. A
 * multiclass version has no score (NaN) but its class probabilities and decided class.
 */
export async function scoreTable(
  engine: SqlEngine,
  bundle: ModelBundle,
  relation: string,
  signal: AbortSignal,
): Promise<{ scores: Float64Array; sql: string; classes: ClassRows | null }> {
  const plan = scoringPlan(bundle, relation);
  const m = await readScoringMatrix(engine, plan.sql, plan.columns, { signal });
  const x = { data: m.x, rows: m.rows, cols: m.features };
  const scores = new Float64Array(m.rows).fill(NaN);
  if (bundle.model.task === 'multiclass') {
    const p = scoreClasses(bundle.model.artifact, x);
    const k = p.classes;
    const chosen = decideClassesOf(p, bundle.decision);
    const probabilities = new Float64Array(m.rows * k).fill(NaN);
    const decided = new Int32Array(m.rows).fill(-1);
    for (let i = 0; i < m.rows; i++) {
      const at = (m.rowIds[i] ?? 0) - 1;
      probabilities.set(p.data.subarray(i * k, (i + 1) * k), at * k);
      decided[at] = chosen[i] ?? -1;
    }
    return { scores, sql: plan.sql, classes: { k, probabilities, decided } };
  }
  const out = scoreRows(bundle.model.artifact, x);
  for (let i = 0; i < m.rows; i++) scores[(m.rowIds[i] ?? 0) - 1] = out[i] ?? NaN;
  return { scores, sql: plan.sql, classes: null };
}

/**
 * The rows (`ROW` numbers) of batch `batch` with a label that are in none of `trained`: a row is
 * in a training table when every column the two share is equal (NULLs equal), so a copy of a
 * training row is left out whatever it is called. A training table that is not there is an error:
 * which rows it held cannot be told.
 */
export async function untrainedRows(
  engine: SqlEngine,
  work: string,
  batch: number,
  trained: readonly string[],
  signal: AbortSignal,
): Promise<{ rows: number[]; labelled: number }> {
  const own = new Map((await describeRelation(engine, work, signal)).columns.map((c) => [c.name, c.type]));
  const clauses: string[] = [];
  for (const table of [...new Set(trained)]) {
    let columns;
    try {
      columns = (await describeRelation(engine, table, signal)).columns;
    } catch (e: unknown) {
      throw new AppError(
        'missing-input',
        `Table "${table}", which a compared version trained on, is not there: which rows it trained on cannot be checked. Run the cell that makes it.`,
        { cause: e },
      );
    }
    const shared = columns.filter((c) => own.has(c.name) && ![ROW, BATCH, LABEL].includes(c.name));
    if (shared.length === 0)
      throw new AppError(
        'bad-input',
        `Table "${table}", which a compared version trained on, shares no column with the monitored rows.`,
      );
    const equal = shared.map((c) => {
      const same = own.get(c.name) === c.type;
      const side = (alias: string) =>
        same ? `${alias}.${quoteIdent(c.name)}` : `CAST(${alias}.${quoteIdent(c.name)} AS VARCHAR)`;
      return `${side('t')} IS NOT DISTINCT FROM ${side('w')}`;
    });
    clauses.push(`NOT EXISTS (SELECT 1 FROM ${quoteIdent(table)} AS t WHERE ${equal.join(' AND ')})`);
  }
  const base = `FROM ${quoteIdent(work)} AS w WHERE w.${BATCH} = ${batch} AND w.${LABEL} IS NOT NULL`;
  const kept = await query(
    engine,
    `SELECT w.${ROW} AS r ${base}${clauses.map((c) => ` AND ${c}`).join('')} ORDER BY w.${ROW}`,
    signal,
  );
  const all = await query(engine, `SELECT count(*) AS n ${base}`, signal);
  return {
    rows: Array.from({ length: kept.numRows }, (_, i) => countAt(kept, 'r', i)),
    labelled: countAt(all, 'n', 0),
  };
}
