import { DuckDBInstance } from '@duckdb/node-api';
import type { SqlEngine } from '../engine';
import { onTestFinished } from 'vitest';
import { createNodeEngine } from './node-engine';

/* For the SQL compilers' tests (clean, features): DuckDB-WASM in Node (the browser's build) and native DuckDB. */

/**
 * A DuckDB-WASM engine with `setup` run. Made inside a test, it is terminated when the test ends
 * (its instance then serves the next engine, see node-engine.ts); made in a hook, it lives on.
 */
export async function wasmEngine(setup: string): Promise<SqlEngine> {
  const engine = await createNodeEngine();
  try {
    onTestFinished(() => engine.terminate());
  } catch {
    // Not inside a test (a beforeAll): the engine serves the file's tests.
  }
  await engine.exec(setup);
  return engine;
}

/** The rows of a query as plain objects, each value as DuckDB prints it (NULL stays null). */
export async function textRows(engine: SqlEngine, sql: string): Promise<Record<string, string | null>[]> {
  const result = await engine.query(`SELECT COLUMNS(*)::VARCHAR FROM (${sql}\n)`);
  const names = result.schema.fields.map((f) => f.name);
  return Array.from({ length: result.numRows }, (_, row) =>
    Object.fromEntries(
      names.map((name) => {
        const value: unknown = result.getChild(name)?.get(row);
        return [name, value === null || value === undefined ? null : String(value)];
      }),
    ),
  );
}

/** The same, from native DuckDB: what an exported script gives. */
export async function nativeTextRows(setup: string, sql: string): Promise<Record<string, string | null>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(setup);
    const reader = await conn.runAndReadAll(`SELECT COLUMNS(*)::VARCHAR FROM (${sql}\n)`);
    return reader
      .getRowObjects()
      .map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : String(v)])),
      );
  } finally {
    conn.closeSync();
  }
}
