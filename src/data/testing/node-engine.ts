import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import type * as Blocking from '@duckdb/duckdb-wasm/blocking';
import { AppError } from '../../lib/errors';
import { classifyDuckDbError } from '../duckdb-errors';
import type { QueryOptions, SqlEngine } from '../engine';
import { quoteIdent, readTableNames } from '../sql';

type BlockingModule = typeof Blocking;

const require = createRequire(import.meta.url);

function isBlockingModule(value: unknown): value is BlockingModule {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'createDuckDB') === 'function' &&
    typeof Reflect.get(value, 'VoidLogger') === 'function' &&
    typeof Reflect.get(value, 'NODE_RUNTIME') === 'object'
  );
}

/**
 * DuckDB-WASM's synchronous Node build (the package's `blocking` export, which resolves to the
 * `.cjs` file under Node's `require`), opened with the browser adapter's settings.
 */
async function openDatabase() {
  const loaded: unknown = require('@duckdb/duckdb-wasm/blocking');
  if (!isBlockingModule(loaded)) throw new Error('@duckdb/duckdb-wasm/blocking has no createDuckDB');
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const bundles = {
    mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
  };
  const db = await loaded.createDuckDB(bundles, new loaded.VoidLogger(), loaded.NODE_RUNTIME);
  await db.instantiate(() => undefined);
  db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
  const conn = db.connect();
  // As in the browser: autoloading would fetch extensions (and hangs forever in Node's wasm build).
  conn.query('SET autoload_known_extensions = false; SET autoinstall_known_extensions = false');
  return { db, conn };
}

function cancelled(): AppError {
  return new AppError('cancelled', 'The query was cancelled.');
}

/**
 * DuckDB-WASM in Node (the same wasm build and DuckDB version as the browser, v1.4.3) as a
 * `SqlEngine` for tests, with the browser adapter's settings and error handling. It is
 * synchronous underneath: a query cannot be stopped once started, so the signal is checked
 * before each query.
 */
export async function createNodeEngine(): Promise<SqlEngine> {
  const { db, conn } = await openDatabase();
  // The blocking build carries its own copy of Arrow: its Tables are not this module's (so
  // `tableToIPC` would write nothing). The result's IPC bytes are read with ours instead.
  const connectionId: unknown = Reflect.get(conn, '_conn');
  if (typeof connectionId !== 'number') throw new Error('@duckdb/duckdb-wasm/blocking: no connection id');
  const run = (sql: string, options: QueryOptions = {}): Table => {
    if (options.signal?.aborted) throw cancelled();
    try {
      return tableFromIPC(db.runQuery(connectionId, sql));
    } catch (e: unknown) {
      throw classifyDuckDbError(e, sql);
    }
  };
  // Each call is deferred to a microtask so that callers see the same async shape as the browser.
  const later = <T>(task: () => T): Promise<T> => Promise.resolve().then(task);

  return {
    query: (sql, options) => later(() => run(sql, options)),
    exec: (sql, options) => later(() => void run(sql, options)),
    tableNames: (sql) =>
      readTableNames((text) => later(() => conn.getTableNames(text)), sql).catch((e: unknown) => {
        throw classifyDuckDbError(e, sql);
      }),
    // The browser reads the Blob lazily; here its bytes are copied in, which is fine for tests.
    registerFile: async (name, file) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      db.dropFile(name);
      db.registerFileBuffer(name, bytes);
    },
    dropFile: (name) => later(() => db.dropFile(name)),
    insertArrowIpc: (name, ipc) =>
      later(() => {
        run(`DROP TABLE IF EXISTS ${quoteIdent(name)}; DROP VIEW IF EXISTS ${quoteIdent(name)}`);
        try {
          conn.insertArrowFromIPCStream(ipc, { name, create: true });
        } catch (e: unknown) {
          throw classifyDuckDbError(e, `insert into ${name}`);
        }
      }),
    onRestart: () => () => undefined,
    terminate: () => later(() => db.reset()),
  };
}
