import type { BriefConfig, Cell, CellOf } from './types';

/*
 * The case's brief is its first brief cell: the cells whose kind reads the brief (`readsBrief`)
 * have it upstream, and their runs and views read its config.
 */

export function briefCell(cells: readonly Cell[]): CellOf<'brief'> | undefined {
  return cells.find((c): c is CellOf<'brief'> => c.kind === 'brief');
}

/** The case's brief, or null when it has none. */
export function briefOf(cells: readonly Cell[]): BriefConfig | null {
  return briefCell(cells)?.config ?? null;
}
