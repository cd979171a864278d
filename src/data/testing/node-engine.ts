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
async function openDatabase(fresh: boolean) {
  const db = (fresh ? undefined : released.pop()) ?? (await instantiate());
  db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
  const conn = db.connect();
  // As in the browser: autoloading would fetch extensions (and hangs forever in Node's wasm build).
  conn.query('SET autoload_known_extensions = false; SET autoinstall_known_extensions = false');
  return { db, conn };
}

type Database = Awaited<ReturnType<BlockingModule['createDuckDB']>>;

async function instantiate(): Promise<Database> {
  const loaded: unknown = require('@duckdb/duckdb-wasm/blocking');
  if (!isBlockingModule(loaded)) throw new Error('@duckdb/duckdb-wasm/blocking has no createDuckDB');
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const bundles = {
    mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
  };
  const db = await loaded.createDuckDB(bundles, new loaded.VoidLogger(), loaded.NODE_RUNTIME);
  await db.instantiate(() => undefined);
  return db;
}

/**
 * Instances of terminated engines, emptied, for the next engine of this process (a test file's
 * worker: the unit tests share one module graph per worker). Instantiating DuckDB's wasm is
 * 1.0–1.5 s (its start-up, not the compile: a compiled module reused saves a fifth of it); an
 * emptied instance opens in about 0.1 s, and about 90 engines are made in a unit-test run.
 */
const released: Database[] = [];

/** Empties `db` (its database and every registered file: a reset keeps the files) and keeps it for reuse. */
function release(db: Database): void {
  db.dropFiles();
  db.reset();
  released.push(db);
}

function cancelled(): AppError {
  return new AppError('cancelled', 'The query was cancelled.');
}

/**
 * DuckDB-WASM in Node (the same wasm build and DuckDB version as the browser, v1.4.3) as a
 * `SqlEngine` for tests, with the browser adapter's settings and error handling. It is
 * synchronous underneath: a query cannot be stopped once started, so the signal is checked
 * before each query. Its DuckDB instance is a terminated engine's, emptied, when there is one;
 * `fresh`: a new instance, for tests that time how DuckDB meets a file that takes all its memory
 * (import-hostile.test.ts: a quote that never closes took 14–18 s in a reused instance, 7 s in a
 * new one, against a 15 s limit).
 */
export async function createNodeEngine(options: { readonly fresh?: boolean } = {}): Promise<SqlEngine> {
  const { db, conn } = await openDatabase(options.fresh === true);
  // The blocking build carries its own copy of Arrow: its Tables are not this module's (so
  // `tableToIPC` would write nothing). The result's IPC bytes are read with ours instead.
  const connectionId: unknown = Reflect.get(conn, '_conn');
  if (typeof connectionId !== 'number') throw new Error('@duckdb/duckdb-wasm/blocking: no connection id');
  // Its instance goes to the next engine when it is terminated: once, and nothing runs on it after.
  let terminated = false;
  const terminate = (): void => {
    if (terminated) return;
    terminated = true;
    release(db);
  };
  const live = (): void => {
    if (terminated)
      throw new Error('This test engine was terminated: its DuckDB instance went to another engine.');
  };
  const run = (sql: string, options: QueryOptions = {}): Table => {
    live();
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
      readTableNames(
        (text) =>
          later(() => {
            live();
            return conn.getTableNames(text);
          }),
        sql,
      ).catch((e: unknown) => {
        throw classifyDuckDbError(e, sql);
      }),
    // The browser reads the Blob lazily; here its bytes are copied in, which is fine for tests.
    registerFile: async (name, file) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      live();
      db.dropFile(name);
      db.registerFileBuffer(name, bytes);
    },
    dropFile: (name) =>
      later(() => {
        live();
        db.dropFile(name);
      }),
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
    terminate: () => later(terminate),
  };
}
