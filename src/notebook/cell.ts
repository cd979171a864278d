import { factsOf, type HeldFile } from './kinds';
import type { CellKind, CellOf } from './types';

/* What the kinds registry says of one cell, for the places that show cells of any kind. */

/** What a cell's frame (and its report section) is called: the kind, and the table it makes or looks at. */
export function cellTitle<K extends CellKind>(cell: CellOf<K>): string {
  return factsOf(cell.kind).title(cell.config);
}

/** The imported files a cell holds, with where each came from. */
export function cellFiles<K extends CellKind>(cell: CellOf<K>): readonly HeldFile[] {
  return factsOf(cell.kind).files(cell.config);
}

/** Whether a cell runs (a note does not: it is never stale and has no Run button). */
export function cellRuns<K extends CellKind>(cell: CellOf<K>): boolean {
  return factsOf(cell.kind).runs;
}
