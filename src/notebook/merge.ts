import { assertNever } from '../lib/errors';
import type { CellId } from './ids';
import type { Case, Cell, ReportSettings } from './types';

/*
 * Three-way merge of a case edited in two tabs (issue 18): `base` is the copy both started from,
 * `mine` this tab's unsaved edits, `theirs` what another tab saved since. Edits to different
 * parts (the title, the report, different cells, the order) both survive. When both tabs changed
 * the same part differently, theirs is kept (it is saved already) and mine becomes a `Conflict`
 * the person sees and can apply: nothing is dropped silently. Pure.
 */

export type Conflict =
  | { readonly part: 'title'; readonly mine: string }
  | { readonly part: 'report'; readonly mine: ReportSettings | undefined }
  | { readonly part: 'cell'; readonly cellId: CellId; readonly mine: Cell };

export interface Merged {
  readonly merged: Case;
  readonly conflicts: readonly Conflict[];
}

export function mergeCases(base: Case, mine: Case, theirs: Case): Merged {
  const conflicts: Conflict[] = [];
  const title = pick(base.title, mine.title, theirs.title);
  if (title.conflict) conflicts.push({ part: 'title', mine: mine.title });
  const report = pick(base.report, mine.report, theirs.report);
  if (report.conflict) conflicts.push({ part: 'report', mine: mine.report });

  const byId = (c: Case) => new Map(c.cells.map((cell) => [cell.id, cell]));
  const [b, m, t] = [byId(base), byId(mine), byId(theirs)];
  const kept = new Map<CellId, Cell>();
  for (const id of new Set([...b.keys(), ...m.keys(), ...t.keys()])) {
    const [inBase, inMine, inTheirs] = [b.get(id), m.get(id), t.get(id)];
    const chosen = pick(inBase, inMine, inTheirs);
    // One side deleted the cell the other edited: the edit wins, so no work is lost.
    const cell = chosen.value ?? (chosen.conflict ? (inMine ?? inTheirs) : undefined);
    if (cell) kept.set(id, cell);
    if (chosen.conflict && inMine && inTheirs) conflicts.push({ part: 'cell', cellId: id, mine: inMine });
  }

  const { report: _theirReport, ...rest } = theirs;
  const merged: Case = {
    ...rest,
    title: title.value,
    cells: mergeOrder(base, mine, theirs, kept),
    updatedAt: mine.updatedAt > theirs.updatedAt ? mine.updatedAt : theirs.updatedAt,
    ...(report.value === undefined ? {} : { report: report.value }),
  };
  return { merged, conflicts };
}

/** The value a three-way merge keeps; `conflict` when both sides changed it differently. */
function pick<T>(base: T, mine: T, theirs: T): { value: T; conflict: boolean } {
  if (same(mine, theirs)) return { value: theirs, conflict: false };
  if (same(base, mine)) return { value: theirs, conflict: false };
  if (same(base, theirs)) return { value: mine, conflict: false };
  return { value: theirs, conflict: true };
}

/**
 * The order of the kept cells: the order of the side that moved cells (theirs when both did),
 * with the cells only the other side added placed after the cell they followed there.
 */
function mergeOrder(base: Case, mine: Case, theirs: Case, kept: ReadonlyMap<CellId, Cell>): Cell[] {
  const ids = (c: Case) => c.cells.map((cell) => cell.id);
  const baseIds = new Set(ids(base));
  const relative = (c: Case) => ids(c).filter((id) => baseIds.has(id) && kept.has(id));
  const theirsMoved = !same(
    relative(theirs),
    ids(base).filter((id) => relative(theirs).includes(id)),
  );
  const [lead, other] = theirsMoved ? [theirs, mine] : [mine, theirs];
  const order = ids(lead).filter((id) => kept.has(id));
  const otherIds = ids(other);
  otherIds.forEach((id, i) => {
    if (order.includes(id) || !kept.has(id)) return;
    const after = otherIds.slice(0, i).findLast((prev) => order.includes(prev));
    order.splice(after === undefined ? 0 : order.indexOf(after) + 1, 0, id);
  });
  for (const id of kept.keys()) if (!order.includes(id)) order.push(id);
  return order.flatMap((id) => {
    const cell = kept.get(id);
    return cell ? [cell] : [];
  });
}

/** Structural equality of plain data, whatever the order of object keys. */
export function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  const keysA = Object.keys(a).filter((k) => Reflect.get(a, k) !== undefined);
  const keysB = Object.keys(b).filter((k) => Reflect.get(b, k) !== undefined);
  return keysA.length === keysB.length && keysA.every((k) => same(Reflect.get(a, k), Reflect.get(b, k)));
}

/** The case with this tab's side of a conflict put back: the title, the report, or the cell as it was here. */
export function applyConflict(c: Case, conflict: Conflict, now: string): Case {
  switch (conflict.part) {
    case 'title':
      return { ...c, title: conflict.mine, updatedAt: now };
    case 'report': {
      const { report: _report, ...rest } = c;
      return { ...rest, updatedAt: now, ...(conflict.mine === undefined ? {} : { report: conflict.mine }) };
    }
    case 'cell': {
      const present = c.cells.some((cell) => cell.id === conflict.cellId);
      const cells = present
        ? c.cells.map((cell) => (cell.id === conflict.cellId ? conflict.mine : cell))
        : [...c.cells, conflict.mine];
      return { ...c, cells, updatedAt: now };
    }
    default:
      return assertNever(conflict);
  }
}
