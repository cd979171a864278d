import type { QueryOptions, SqlEngine } from '../engine';

/** A result row as plain values (BIGINT as bigint), whichever DuckDB gave it. */
export type Row = Readonly<Record<string, unknown>>;

/**
 * Runs one query and gives its rows: the one thing the scoring SQL needs of an engine, so that
 * the same SQL runs on DuckDB-WASM in the app (`engineRows`) and on native DuckDB in the
 * command line (cli/duckdb.ts).
 */
export type RowReader = (sql: string) => Promise<readonly Row[]>;

/** A `RowReader` over the app's engine (small results only: every row becomes an object). */
export function engineRows(engine: SqlEngine, options: QueryOptions = {}): RowReader {
  return async (sql) => {
    const table = await engine.query(sql, options);
    const names = table.schema.fields.map((f) => f.name);
    return Array.from({ length: table.numRows }, (_, i) => {
      const row: Record<string, unknown> = {};
      for (const name of names) {
        const value: unknown = table.getChild(name)?.get(i);
        Object.defineProperty(row, name, { value: value ?? null, enumerable: true });
      }
      return row;
    });
  };
}
