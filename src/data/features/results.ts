import type { Table } from 'apache-arrow';

/* Reading query results: Arrow values arrive as unknown and are narrowed here. */

function valueAt(table: Table, column: string, row: number): unknown {
  const value: unknown = table.getChild(column)?.get(row);
  return value;
}

/** A number, or null for NULL; BIGINT may arrive as bigint. */
export function numberOrNull(table: Table, column: string, row = 0): number | null {
  const value = valueAt(table, column, row);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  return null;
}

/** A count: NULL (nothing to count) is 0. */
export const countAt = (table: Table, column: string, row = 0): number =>
  numberOrNull(table, column, row) ?? 0;

/** A value the query cast to VARCHAR, or null. */
export function textOrNull(table: Table, column: string, row = 0): string | null {
  const value = valueAt(table, column, row);
  return value === null || value === undefined ? null : String(value);
}

/** One column of text values, NULLs left out. */
export function texts(table: Table, column: string): string[] {
  const out: string[] = [];
  for (let row = 0; row < table.numRows; row++) {
    const text = textOrNull(table, column, row);
    if (text !== null) out.push(text);
  }
  return out;
}
