import type { ColumnInfo } from '../data/catalog';

/** The shape @codemirror/lang-sql completes from: table name → column names. */
export function completionSchema(
  schema: ReadonlyMap<string, readonly ColumnInfo[]>,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [table, columns] of schema) result[table] = columns.map((c) => c.name);
  return result;
}
