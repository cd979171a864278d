import type { Table } from 'apache-arrow';
import type { ChartRow, ChartValue } from './types';

/* Query results arrive from Arrow as unknown and become plain JSON here. */

/** A cell as plain JSON: finite numbers (bigint converted; NaN and ±Infinity become null), text, epoch ms for dates. */
export function plainValue(value: unknown): ChartValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() : null;
  return String(value);
}

/** Every row of an Arrow result as a plain object keyed by column name. */
export function plainRows(table: Table): ChartRow[] {
  const names = table.schema.fields.map((f) => f.name);
  const children = names.map((name) => table.getChild(name));
  const rows: ChartRow[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, ChartValue> = {};
    names.forEach((name, c) => {
      const value: unknown = children[c]?.get(i);
      row[name] = plainValue(value);
    });
    rows.push(row);
  }
  return rows;
}

/** A number field of a row, or null. */
export function numberField(row: ChartRow | undefined, name: string): number | null {
  const value = row?.[name];
  return typeof value === 'number' ? value : null;
}
