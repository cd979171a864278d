import type { Table } from 'apache-arrow';

/* Query results arrive from Arrow as unknown and are narrowed here; NaN and ±Infinity become null. */

function valueAt(table: Table, column: string, row: number): unknown {
  const value: unknown = table.getChild(column)?.get(row);
  return value;
}

/** A finite number, or null (NULL, NaN, infinite, not a number). */
export function numberOrNull(table: Table, column: string, row = 0): number | null {
  const value = valueAt(table, column, row);
  const n = typeof value === 'bigint' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** A count: NULL (the count of nothing) reads as 0. */
export function countAt(table: Table, column: string, row = 0): number {
  return numberOrNull(table, column, row) ?? 0;
}

/** A value the query cast to VARCHAR, or null. */
export function textOrNull(table: Table, column: string, row = 0): string | null {
  const value = valueAt(table, column, row);
  return value === null || value === undefined ? null : String(value);
}

/** Rows 0 … n-1 mapped by `read`. */
export function mapRows<T>(table: Table, read: (row: number) => T): T[] {
  return Array.from({ length: table.numRows }, (_, row) => read(row));
}
