import { defaultCostMatrix } from '../../ml/value';

/*
 * Editing a multiclass brief's cost matrix, one cell at a time. The stored matrix may hold null
 * (a cell the user emptied) or be null (the default): what is stored is what was typed, and the
 * brief's run names any cell that is not a number.
 */

type Costs = readonly (readonly (number | null)[])[] | null;

/** The text shown in cell (t, p): the default's value when no matrix is stored. */
export function costCell(costs: Costs, t: number, p: number): string {
  if (costs === null) return t === p ? '0' : '1';
  const value = costs[t]?.[p];
  return value === null || value === undefined ? '' : String(value);
}

/** The matrix with cell (t, p) set from `text`: empty or not a number is stored as null. */
export function withCost(costs: Costs, k: number, t: number, p: number, text: string): (number | null)[][] {
  const base: (number | null)[][] =
    costs === null || costs.length !== k || costs.some((row) => row.length !== k)
      ? defaultCostMatrix(k)
      : costs.map((row) => [...row]);
  const n = text.trim() === '' ? NaN : Number(text);
  const row = base[t];
  if (row) row[p] = Number.isFinite(n) ? n : null;
  return base;
}
