import { describeRelation, relationType } from '../../data/catalog';
import type { ColumnSpec } from '../../data/clean';
import type { SqlEngine } from '../../data/engine';
import { throwIf, type Problem } from '../../lib/errors';

/* The table a cell reads, as most kinds name it: one input, chosen in the cell. */

/** What is wrong with a cell's input table: none chosen, or not made yet (`exists`: null when not asked). */
export function inputProblem(input: string, exists: boolean | null): Problem | null {
  if (input.trim() === '') {
    return { code: 'missing-input', message: 'Choose the table this cell reads, in the field above.' };
  }
  if (exists === false) {
    return {
      code: 'table-missing',
      message: `The table "${input}" does not exist yet. Run the cell that creates it, or pick another table.`,
    };
  }
  return null;
}

/** The input's columns, or an error that says what to choose or which cell should make the table. */
export async function inputColumns(
  engine: SqlEngine,
  input: string,
  signal?: AbortSignal,
): Promise<{ rowCount: number; columns: ColumnSpec[] }> {
  throwIf(inputProblem(input, null));
  throwIf(inputProblem(input, (await relationType(engine, input, signal)) !== null));
  const { rowCount, columns } = await describeRelation(engine, input, signal);
  return { rowCount, columns };
}
