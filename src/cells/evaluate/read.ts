import type { Table } from 'apache-arrow';
import { describeRelation, relationType } from '../../data/catalog';
import { isNumericType } from '../../data/clean/context';
import type { SqlEngine } from '../../data/engine';
import { quoteIdent } from '../../data/sql';
import { AppError, throwIf, type Problem } from '../../lib/errors';
import type { Task } from '../../notebook/types';
import { PREDICTION_COLUMNS } from '../shared/predictions';
import type { RunRole } from '../../notebook/runs';

/** One run of a predictions table: its scores in row_id order. */
export interface PredictionRun {
  readonly id: string;
  readonly label: string;
  readonly role: RunRole;
  readonly score: Float64Array;
}

/** A predictions table read and checked: every run scored the same rows, in row_id order. */
export interface Predictions {
  readonly rowIds: Float64Array;
  readonly truth: Float64Array;
  readonly runs: readonly PredictionRun[];
}

const ROLES: readonly RunRole[] = ['baseline', 'rule', 'model', 'trial'];
const NUMERIC_COLUMNS = ['row_id', 'truth', 'score'] as const;

const bad = (message: string): Problem => ({ code: 'bad-input', message });

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * What keeps `table` from being read as a predictions table: none chosen, not made yet (`types`
 * null), a column missing, or one that should hold numbers and does not. `types`: its columns'
 * DuckDB types by lower-case name.
 */
export function shapeProblem(table: string, types: ReadonlyMap<string, string> | null): Problem | null {
  if (table.trim() === '') {
    return {
      code: 'missing-input',
      message: 'Choose the predictions table to evaluate (a Train cell writes one).',
    };
  }
  if (types === null) {
    return {
      code: 'table-missing',
      message: `The table "${table}" does not exist yet. Run the Train cell that writes it, or pick another.`,
    };
  }
  const missing = PREDICTION_COLUMNS.filter((c) => !types.has(c));
  if (missing.length > 0) {
    return bad(
      `"${table}" is not a predictions table: it has no ${missing.join(', ')} column${missing.length === 1 ? '' : 's'}. ` +
        `A predictions table has one row per run and validation row (${PREDICTION_COLUMNS.join(', ')}), as a Train cell writes it.`,
    );
  }
  const text = NUMERIC_COLUMNS.filter((c) => !isNumericType(types.get(c) ?? ''));
  return text.length === 0
    ? null
    : bad(
        `"${table}" is not a predictions table: ${text.join(', ')} must be numbers (${text.map((c) => types.get(c)).join(', ')} here).`,
      );
}

/** The columns are there and the numbers are numbers; else an error that says what a Train cell writes. */
async function checkShape(engine: SqlEngine, table: string, signal: AbortSignal): Promise<void> {
  const exists = table.trim() !== '' && (await relationType(engine, table, signal)) !== null;
  const columns = exists ? (await describeRelation(engine, table, signal)).columns : null;
  throwIf(shapeProblem(table, columns && new Map(columns.map((c) => [c.name.toLowerCase(), c.type]))));
}

/** One run of a predictions table as DuckDB counted it. */
export interface RunSummary {
  readonly id: string | null;
  readonly label: string;
  readonly labels: number;
  readonly role: string | null;
  readonly roles: number;
  readonly rows: number;
  readonly distinctRows: number;
  readonly blanks: number;
}

/** A predictions table as DuckDB counted it: its runs, its distinct row_ids, rows whose truth disagrees across runs, truths other than 0 and 1. */
export interface TableSummary {
  readonly runs: readonly RunSummary[];
  readonly rowIds: number;
  readonly conflicts: number;
  readonly notBinary: number;
}

function rowsOf(table: Table): Record<string, unknown>[] {
  return table.toArray().map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

async function summarise(engine: SqlEngine, table: string, signal: AbortSignal): Promise<TableSummary> {
  const t = quoteIdent(table);
  const perRun = await engine.query(
    `WITH t AS (SELECT *, row_number() OVER () AS __pos FROM ${t})
     SELECT CAST(run_id AS VARCHAR) AS id, any_value(CAST(run AS VARCHAR)) AS label,
            count(DISTINCT run)::INTEGER AS labels, any_value(CAST(role AS VARCHAR)) AS role,
            count(DISTINCT role)::INTEGER AS roles, count(*)::INTEGER AS rows,
            count(DISTINCT row_id)::INTEGER AS distinct_rows,
            count(*) FILTER (WHERE row_id IS NULL OR truth IS NULL OR score IS NULL
              OR NOT isfinite(CAST(score AS DOUBLE)) OR NOT isfinite(CAST(truth AS DOUBLE)))::INTEGER AS blanks
     FROM t GROUP BY run_id ORDER BY min(__pos)`,
    { signal },
  );
  const overall = await engine.query(
    `SELECT (SELECT count(DISTINCT row_id) FROM ${t})::INTEGER AS row_ids,
            (SELECT count(*) FROM (SELECT row_id FROM ${t} GROUP BY row_id HAVING count(DISTINCT truth) > 1))::INTEGER AS conflicts,
            (SELECT count(*) FROM ${t} WHERE truth NOT IN (0, 1))::INTEGER AS not_binary`,
    { signal },
  );
  const o = rowsOf(overall)[0] ?? {};
  return {
    runs: rowsOf(perRun).map((r) => ({
      id: str(r['id']),
      label: str(r['label']) ?? '',
      labels: Number(r['labels']),
      role: str(r['role']),
      roles: Number(r['roles']),
      rows: Number(r['rows']),
      distinctRows: Number(r['distinct_rows']),
      blanks: Number(r['blanks']),
    })),
    rowIds: Number(o['row_ids']),
    conflicts: Number(o['conflicts']),
    notBinary: Number(o['not_binary']),
  };
}

/** What keeps the runs of a predictions table from being compared row by row, as `summarise` found them. */
export function runsProblem(table: string, task: Task, s: TableSummary): Problem | null {
  if (s.runs.length === 0)
    return bad(`"${table}" has no predictions yet: run the Train cell that writes it.`);
  for (const run of s.runs) {
    const name = run.id === null ? 'Rows without a run_id' : `Run "${run.label || run.id}"`;
    if (run.id === null) return bad(`${name} cannot be told apart: every row needs a run_id.`);
    if (run.blanks > 0) {
      return bad(`${name} has ${count(run.blanks)} rows without a row_id, truth or a finite score.`);
    }
    if (run.role === null || !ROLES.some((r) => r === run.role) || run.roles !== 1) {
      return bad(`${name} has the role "${run.role ?? ''}"; a run's role is one of ${ROLES.join(', ')}.`);
    }
    if (run.rows !== run.distinctRows) {
      return bad(
        `${name} scores some rows more than once (${count(run.rows)} rows, ${count(run.distinctRows)} row_ids).`,
      );
    }
    if (run.distinctRows !== s.rowIds) {
      return bad(
        `${name} has ${count(run.distinctRows)} of the ${count(s.rowIds)} validation rows: runs are compared on the same rows, so every run must score all of them. Train the runs again on one features table.`,
      );
    }
  }
  if (s.conflicts > 0) {
    return bad(
      `${count(s.conflicts)} rows have a different truth in different runs: these runs were not scored on the same data.`,
    );
  }
  if (task === 'binary' && s.notBinary > 0) {
    return bad(
      `The brief's task is classification, but "${table}" has a truth other than 0 and 1 on ${count(s.notBinary)} rows. Change the brief's task, or evaluate a classification run.`,
    );
  }
  return null;
}

function column(table: Table, name: string): Float64Array {
  const values: unknown = table.getChild(name)?.toArray();
  if (!(values instanceof Float64Array)) throw new AppError('internal', `Could not read the ${name} column.`);
  return values;
}

/**
 * Reads a predictions table (run_id, run, role, row_id, truth, score), checked in DuckDB: every
 * run scores the same rows once, with a truth that agrees across runs. Runs in table order.
 */
export async function readPredictions(
  engine: SqlEngine,
  table: string,
  task: Task,
  signal: AbortSignal,
): Promise<Predictions> {
  await checkShape(engine, table, signal);
  const summary = await summarise(engine, table, signal);
  throwIf(runsProblem(table, task, summary));
  const { runs } = summary;
  const t = quoteIdent(table);
  const data = await engine.query(
    `WITH t AS (SELECT *, row_number() OVER () AS __pos FROM ${t}),
          runs AS (SELECT run_id, min(__pos) AS run_pos FROM t GROUP BY run_id)
     SELECT CAST(t.row_id AS DOUBLE) AS row_id, CAST(t.truth AS DOUBLE) AS truth, CAST(t.score AS DOUBLE) AS score
     FROM t JOIN runs USING (run_id) ORDER BY runs.run_pos, t.row_id`,
    { signal },
  );
  const n = runs[0]?.rows ?? 0;
  const rowIds = column(data, 'row_id');
  const truth = column(data, 'truth');
  const score = column(data, 'score');
  return {
    rowIds: rowIds.slice(0, n),
    truth: truth.slice(0, n),
    runs: runs.map((run, r) => ({
      id: run.id ?? '',
      label: run.label || (run.id ?? ''),
      role: ROLES.find((role) => role === run.role) ?? 'model',
      score: score.slice(r * n, (r + 1) * n),
    })),
  };
}
