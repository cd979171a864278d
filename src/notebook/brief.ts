import type { BriefConfig, Cell, CellOf } from './types';

/*
 * The case's brief is its first brief cell: the cells whose kind reads the brief (`readsBrief`)
 * have it upstream, and their runs and views read its config.
 */

/** Whether a cell is a brief: the case's first one is its brief. */
export function isBrief(cell: Cell): cell is CellOf<'brief'> {
  return cell.kind === 'brief';
}

export function briefCell(cells: readonly Cell[]): CellOf<'brief'> | undefined {
  return cells.find(isBrief);
}

/** The case's brief, or null when it has none. */
export function briefOf(cells: readonly Cell[]): BriefConfig | null {
  return briefCell(cells)?.config ?? null;
}
