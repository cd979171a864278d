import { Table, makeVector, tableToIPC, type Vector } from 'apache-arrow';
import { boolVector } from '../../data/arrow-vectors';
import type { SqlEngine } from '../../data/engine';
import { quoteIdent, quoteLiteral } from '../../data/sql';
import { classScoreColumn } from '../../notebook/bundle/score';

/** The scored rows, in row id order: what the predictions table is written from. */
export interface ScoredRows {
  readonly rowIds: Float64Array;
  readonly scores: Float64Array;
  readonly decisions: readonly (boolean | null)[];
  /** "v1": the same text the command line writes. */
  readonly version: string;
}

/**
 * Writes the score cell's predictions table (row_id, score, decision, model_version), replacing
 * it. The numbers go in as Arrow built buffer by buffer (Arrow's own builders would evaluate a
 * string, which the app's CSP forbids); the version, the same on every row, is added by DuckDB
 * as the column's default, so that a million rows do not make a million strings in the page.
 */
export async function writeScores(engine: SqlEngine, name: string, rows: ScoredRows): Promise<void> {
  const table = new Table({
    row_id: makeVector(rows.rowIds),
    score: makeVector(rows.scores),
    decision: boolVector(rows.decisions),
  });
  await engine.insertArrowIpc(name, tableToIPC(table, 'stream'));
  await engine.exec(
    `ALTER TABLE ${quoteIdent(name)} ADD COLUMN model_version VARCHAR DEFAULT ${quoteLiteral(rows.version)}`,
  );
}

/** A multiclass version's scored rows, in row id order. */
export interface ClassScoredRows {
  readonly rowIds: Float64Array;
  readonly classes: readonly string[];
  /** k probabilities per row, row-major, in the order of `classes`. */
  readonly probabilities: Float64Array;
  /** The most probable class of each row, as an index into `classes`; −1 for none. */
  readonly predicted: Int32Array;
  /** The decided class (least expected cost, or the most probable); −1 for none. */
  readonly decided: Int32Array;
  readonly version: string;
}

/**
 * Writes a multiclass version's predictions table (row_id, score_<class> per class, predicted,
 * decision, model_version), replacing it. The numbers and the class indices go in as Arrow; the
 * indices become class names in DuckDB, so that a million rows do not make millions of strings
 * in the page.
 */
export async function writeClassScores(
  engine: SqlEngine,
  name: string,
  rows: ClassScoredRows,
): Promise<void> {
  const k = rows.classes.length;
  const n = rows.rowIds.length;
  const work = `__casebook_classes_${name}`;
  const columns: Record<string, Vector> = { row_id: makeVector(rows.rowIds) };
  rows.classes.forEach((_, j) => {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = rows.probabilities[i * k + j] ?? NaN;
    columns[`p${j}`] = makeVector(column);
  });
  columns['predicted'] = makeVector(rows.predicted);
  columns['decided'] = makeVector(rows.decided);
  await engine.insertArrowIpc(work, tableToIPC(new Table(columns), 'stream'));
  const names = `[${rows.classes.map(quoteLiteral).join(', ')}]`;
  const label = (column: string) => `CASE WHEN ${column} >= 0 THEN ${names}[${column} + 1] END`;
  try {
    await engine.exec(
      [
        `CREATE OR REPLACE TABLE ${quoteIdent(name)} AS SELECT row_id`,
        ...rows.classes.map((c, j) => `p${j} AS ${quoteIdent(classScoreColumn(c))}`),
        `${label('predicted')} AS predicted`,
        `${label('decided')} AS decision`,
        `${quoteLiteral(rows.version)} AS model_version`,
      ].join(', ') + ` FROM ${quoteIdent(work)} ORDER BY row_id`,
    );
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(work)}`).catch(() => undefined);
  }
}
