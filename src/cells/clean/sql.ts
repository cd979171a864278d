import { compileSteps } from '../../data/clean';
import type { SqlEngine } from '../../data/engine';
import type { CellId } from '../../notebook/ids';
import type { Case } from '../../notebook/types';
import { inputColumns } from '../shared/input';

/**
 * The query of every clean cell whose steps compile against its input table as it is now (the
 * compiler needs the input's columns). The others are left out of the exported script, which
 * names them.
 */
export async function compileCleanCells(engine: SqlEngine, doc: Case): Promise<Map<CellId, string>> {
  const compiled = new Map<CellId, string>();
  for (const cell of doc.cells) {
    if (cell.kind !== 'clean') continue;
    try {
      const { columns } = await inputColumns(engine, cell.config.input);
      compiled.set(cell.id, compileSteps(cell.config.input, columns, cell.config.steps).sql);
    } catch {
      // Left out: the script lists it among the tables it cannot build yet.
    }
  }
  return compiled;
}
