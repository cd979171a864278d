import { describeRelation, relationType } from '../../data/catalog';
import type { SqlEngine } from '../../data/engine';
import { quoteIdent } from '../../data/sql';
import { AppError, throwIf } from '../../lib/errors';
import type { ClassScores } from '../../ml/metrics';
import type { RunRole } from '../../notebook/runs';
import { ROLES, runsProblem, summarise } from './read';

/*
 * A multiclass predictions table, as a train cell writes it: run_id, run, role, row_id, truth and
 * predicted (class names), then score_<class> per class. The classes are read off the score
 * columns, in their order (the models' class order).
 */

export interface ClassPredictionRun {
  readonly id: string;
  readonly label: string;
  readonly role: RunRole;
  /** n × k probabilities, row-major, rows in row_id order. */
  readonly probabilities: ClassScores;
}

export interface ClassPredictions {
  readonly classes: readonly string[];
  readonly rowIds: Float64Array;
  /** The class index of each validation row, row_id order. */
  readonly truth: Float64Array;
  readonly runs: readonly ClassPredictionRun[];
}

const REQUIRED = ['run_id', 'run', 'role', 'row_id', 'truth', 'predicted'];
const PREFIX = 'score_';

async function classColumns(engine: SqlEngine, table: string, signal: AbortSignal): Promise<string[]> {
  const exists = table.trim() !== '' && (await relationType(engine, table, signal)) !== null;
  if (!exists) {
    throw new AppError(
      table.trim() === '' ? 'missing-input' : 'table-missing',
      table.trim() === ''
        ? 'Choose the predictions table to evaluate (a Train cell writes one).'
        : `The table "${table}" does not exist yet. Run the Train cell that writes it, or pick another.`,
    );
  }
  const names = (await describeRelation(engine, table, signal)).columns.map((c) => c.name);
  const missing = REQUIRED.filter((c) => !names.includes(c));
  const classes = names.filter((n) => n.startsWith(PREFIX)).map((n) => n.slice(PREFIX.length));
  if (missing.length > 0 || classes.length < 3) {
    throw new AppError(
      'bad-input',
      `"${table}" is not a multiclass predictions table: it needs ${[...REQUIRED, 'score_<class>'].join(', ')} with at least 3 classes${missing.length > 0 ? ` (${missing.join(', ')} missing)` : ''}. Train the models again after setting the brief to multiclass.`,
    );
  }
  return classes;
}

/** Reads and checks a multiclass predictions table: every run scores the same rows once; truths are known classes. */
export async function readClassPredictions(
  engine: SqlEngine,
  table: string,
  signal: AbortSignal,
): Promise<ClassPredictions> {
  const classes = await classColumns(engine, table, signal);
  const scores = classes.map((c) => quoteIdent(`${PREFIX}${c}`));
  const blanks = [
    'row_id IS NULL OR truth IS NULL',
    ...scores.map((s) => `${s} IS NULL OR NOT isfinite(CAST(${s} AS DOUBLE))`),
  ].join(' OR ');
  const summary = await summarise(engine, table, signal, blanks, true);
  throwIf(runsProblem(table, 'multiclass', summary));
  const t = quoteIdent(table);
  const data = await engine.query(
    `WITH t AS (SELECT *, row_number() OVER () AS __pos FROM ${t}),
          runs AS (SELECT run_id, min(__pos) AS run_pos FROM t GROUP BY run_id)
     SELECT CAST(t.row_id AS DOUBLE) AS row_id, CAST(t.truth AS VARCHAR) AS truth,
       ${scores.map((s, c) => `CAST(t.${s} AS DOUBLE) AS p${c}`).join(', ')}
     FROM t JOIN runs USING (run_id) ORDER BY runs.run_pos, t.row_id`,
    { signal },
  );
  const n = summary.runs[0]?.rows ?? 0;
  const k = classes.length;
  const index = new Map(classes.map((c, i) => [c, i]));
  const truth = new Float64Array(n);
  const unknown = new Set<string>();
  for (let i = 0; i < n; i++) {
    const name = String(data.getChild('truth')?.get(i));
    const c = index.get(name);
    if (c === undefined) unknown.add(name);
    truth[i] = c ?? 0;
  }
  if (unknown.size > 0) {
    throw new AppError(
      'bad-input',
      `"${table}" has truths that are not among its classes (${[...unknown].slice(0, 5).join(', ')}): train the models again.`,
    );
  }
  const columns = classes.map((_, c) => data.getChild(`p${c}`));
  const rowIds: unknown = data.getChild('row_id')?.toArray();
  return {
    classes,
    rowIds: rowIds instanceof Float64Array ? rowIds.slice(0, n) : new Float64Array(n),
    truth,
    runs: summary.runs.map((run, r) => {
      const p = new Float64Array(n * k);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < k; c++) p[i * k + c] = Number(columns[c]?.get(r * n + i) ?? NaN);
      }
      return {
        id: run.id ?? '',
        label: run.label || (run.id ?? ''),
        role: ROLES.find((role) => role === run.role) ?? 'model',
        probabilities: { data: p, rows: n, classes: k },
      };
    }),
  };
}
