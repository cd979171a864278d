import { Table, makeVector, tableToIPC } from 'apache-arrow';
import { boolVector, utf8Vector } from '../../data/arrow-vectors';
import type { SqlEngine } from '../../data/engine';

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
 * it. Goes in as Arrow built buffer by buffer: no value is spliced into SQL, and Arrow's own
 * builders would evaluate a string, which the app's CSP forbids.
 */
export async function writeScores(engine: SqlEngine, name: string, rows: ScoredRows): Promise<void> {
  const n = rows.rowIds.length;
  const table = new Table({
    row_id: makeVector(rows.rowIds),
    score: makeVector(rows.scores),
    decision: boolVector(rows.decisions),
    model_version: utf8Vector(new Array<string>(n).fill(rows.version)),
  });
  await engine.insertArrowIpc(name, tableToIPC(table, 'stream'));
}
