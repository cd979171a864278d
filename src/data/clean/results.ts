import type { Table } from 'apache-arrow';

/* Reading query results: Arrow values arrive as unknown and are narrowed here. */

function valueAt(table: Table, column: string, row: number): unknown {
  const value: unknown = table.getChild(column)?.get(row);
  return value;
}

/** A count or sum; BIGINT and HUGEINT may arrive as bigint, and NULL (sum of nothing) as 0. */
export function numberAt(table: Table, column: string, row = 0): number {
  const value = valueAt(table, column, row);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  return 0;
}

/** A value the query cast to VARCHAR, or null. */
export function textAt(table: Table, column: string, row = 0): string | null {
  const value = valueAt(table, column, row);
  return value === null || value === undefined ? null : String(value);
}

/** Rows 0 … n-1 mapped by `read`. */
export function mapRows<T>(table: Table, read: (row: number) => T): T[] {
  return Array.from({ length: table.numRows }, (_, row) => read(row));
}
