import { Table, makeVector, tableToIPC } from 'apache-arrow';
import { boolVector } from '../../data/arrow-vectors';
import type { SqlEngine } from '../../data/engine';
import { quoteIdent, quoteLiteral } from '../../data/sql';

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
