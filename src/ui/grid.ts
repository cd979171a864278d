import type { Table } from 'apache-arrow';

/** How a value from DuckDB is shown in a grid cell: text only (the view never renders it as HTML). */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : formatFloat(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (typeof value === 'object') {
    // Arrow's big integers (HUGEINT, DECIMAL without a cast) convert themselves to text.
    if (Symbol.toPrimitive in value) return String(value);
    try {
      return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    } catch {
      return String(value);
    }
  }
  return String(value);
}

function formatFloat(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e12)) return value.toExponential(4);
  return String(Number(value.toPrecision(10)));
}

/** Rows of an Arrow table as display strings, with a flag for NULLs. */
export function tableToDisplayRows(table: Table): { text: string; isNull: boolean }[][] {
  const rows: { text: string; isNull: boolean }[][] = [];
  const columns = table.schema.fields.map((_, i) => table.getChildAt(i));
  for (let r = 0; r < table.numRows; r++) {
    rows.push(
      columns.map((column) => {
        const value: unknown = column?.get(r);
        return { text: formatValue(value), isNull: value === null || value === undefined };
      }),
    );
  }
  return rows;
}

/** Which page indexes cover rows [first, first + count). */
export function pagesFor(first: number, count: number, pageSize: number, rowCount: number): number[] {
  const last = Math.min(rowCount, first + count) - 1;
  if (last < first) return [];
  const pages: number[] = [];
  for (let p = Math.floor(first / pageSize); p <= Math.floor(last / pageSize); p++) pages.push(p);
  return pages;
}
