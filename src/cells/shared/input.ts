import { describeRelation, relationType } from '../../data/catalog';
import type { ColumnSpec } from '../../data/clean';
import type { SqlEngine } from '../../data/engine';
import { AppError } from '../../lib/errors';

/* The table a cell reads, as most kinds name it: one input, chosen in the cell. */

/** The input's columns, or an error that says which cell should make the table. */
export async function inputColumns(
  engine: SqlEngine,
  input: string,
  signal?: AbortSignal,
): Promise<{ rowCount: number; columns: ColumnSpec[] }> {
  if (input.trim() === '') {
    throw new AppError('sql', 'Choose the table this cell reads, in the field above.');
  }
  if ((await relationType(engine, input, signal)) === null) {
    throw new AppError(
      'sql',
      `The table "${input}" does not exist yet. Run the cell that creates it, or pick another table.`,
    );
  }
  const { rowCount, columns } = await describeRelation(engine, input, signal);
  return { rowCount, columns };
}
