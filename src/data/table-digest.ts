import type { SqlEngine } from './engine';
import { quoteIdent } from './sql';

/**
 * What `table` holds now, as text: its row count and the sum of its rows' hashes (DuckDB's
 * `hash` of every column, in the table's column order), so the same rows in any order give the
 * same digest and a changed value, row or column order another. For the table cache: a cell
 * whose input is made from stored runs is restored only while that input is what it read.
 * Null when the table cannot be read.
 */
export async function tableDigest(engine: SqlEngine, table: string): Promise<string | null> {
  try {
    const result = await engine.query(
      `SELECT count(*)::VARCHAR AS n, coalesce(sum(hash(*COLUMNS(*))::HUGEINT), 0)::VARCHAR AS h FROM ${quoteIdent(table)}`,
    );
    const n: unknown = result.getChild('n')?.get(0);
    const h: unknown = result.getChild('h')?.get(0);
    return typeof n === 'string' && typeof h === 'string' ? `${n}:${h}` : null;
  } catch {
    // A table that is not there (yet) or cannot be read: nothing to compare, the cell runs.
    return null;
  }
}
