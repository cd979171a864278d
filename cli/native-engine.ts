import { tableFromJSON, type Table } from 'apache-arrow';
import { AppError } from '../src/lib/errors';
import type { SqlEngine } from '../src/data/engine';
import type { NativeDb } from './duckdb';

/*
 * Native DuckDB behind the app's `SqlEngine` seam, for code that reads small results as Arrow
 * (fitting features in the benchmark): each result becomes an Arrow table through JSON rows.
 * Large results stay in DuckDB (COPY); files are read by path, so registering one is refused.
 */
export function nativeEngine(db: NativeDb): SqlEngine {
  const unsupported = (what: string) => () =>
    Promise.reject(new AppError('internal', `The native engine does not ${what}.`));
  return {
    async query(sql: string): Promise<Table> {
      const rows = await db.read(sql);
      return tableFromJSON(rows.map((row) => ({ ...row })));
    },
    exec: (sql: string) => db.run(sql),
    tableNames: (sql: string) => Promise.resolve([...db.conn.getTableNames(sql, false)]),
    registerFile: unsupported('register files'),
    dropFile: unsupported('register files'),
    insertArrowIpc: unsupported('insert Arrow'),
    onRestart: () => () => undefined,
    terminate: () => Promise.resolve(db.close()),
  };
}
