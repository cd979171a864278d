import { cellOutput } from '../../notebook/graph';
import type { RunLineage } from '../../notebook/runs';

/**
 * The columns of a predictions table, in order: one row per run and validation row, as a train
 * cell writes it and an evaluate cell reads it.
 */
export const PREDICTION_COLUMNS = ['run_id', 'run', 'role', 'row_id', 'truth', 'score'] as const;

/**
 * The columns that say which rows `row_id` numbers (issue 22, item 2): the table the features were
 * made from, and the fingerprint of the cell that made that table when the model trained. The
 * same on every row; a predictions table without them is read as before (row ids of the brief's
 * input).
 */
export const SOURCE_COLUMN = 'source';
export const SOURCE_FINGERPRINT_COLUMN = 'source_fingerprint';

/** The table whose rows a predictions table's `row_id` numbers, and the fingerprint of its cell. */
export interface PredictionSource {
  readonly table: string;
  /** The fingerprint of the cell that makes `table` (as staleness counts it); null when no cell of the chain makes it. */
  readonly fingerprint: string | null;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The fingerprint of the cell of `lineage` that makes `table`; null when none does. */
export function tableFingerprint(lineage: RunLineage, table: string): string | null {
  const link = lineage.links.find((l) => same(cellOutput(l.cell) ?? '', table));
  return link?.fingerprint ?? null;
}

/**
 * Where the rows of a features table come from: the input of the Features cell of the chain that
 * makes `features` (its `__row_id` numbers that input's rows). Null when no Features cell of the
 * chain makes it.
 */
export function predictionSource(lineage: RunLineage, features: string): PredictionSource | null {
  const link = lineage.links.find((l) => same(cellOutput(l.cell) ?? '', features));
  if (link?.cell.kind !== 'features' || link.cell.config.input.trim() === '') return null;
  const table = link.cell.config.input;
  return { table, fingerprint: tableFingerprint(lineage, table) };
}
