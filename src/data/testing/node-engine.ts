import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Table } from 'apache-arrow';
import { AppError } from '../../lib/errors';
import { classifyDuckDbError } from '../duckdb-errors';
import type { QueryOptions, SqlEngine } from '../engine';
import { quoteIdent } from '../sql';

/** The parts of DuckDB-WASM's synchronous Node build that tests use. */
interface BlockingConnection {
  query(sql: string): Table;
  getTableNames(sql: string): string[];
  insertArrowFromIPCStream(ipc: Uint8Array, options: { name: string; create: boolean }): void;
}
interface BlockingDb {
  instantiate(): Promise<unknown>;
  open(config: { query?: { castBigIntToDouble?: boolean; castDecimalToDouble?: boolean } }): void;
  connect(): BlockingConnection;
  registerFileBuffer(name: string, buffer: Uint8Array): void;
  dropFile(name: string): void;
}
interface BlockingModule {
  createDuckDB(bundles: unknown, logger: unknown, runtime: unknown): Promise<BlockingDb>;
  VoidLogger: new () => unknown;
  NODE_RUNTIME: unknown;
}

const require = createRequire(import.meta.url);

function loadModule(): { module: BlockingModule; dist: string } {
  // The package's exports map hides the Node build; resolve it from the package root.
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const loaded: unknown = require(join(dist, 'duckdb-node-blocking.cjs'));
  if (loaded === null || typeof loaded !== 'object' || !('createDuckDB' in loaded)) {
    throw new Error('duckdb-node-blocking.cjs has no createDuckDB');
  }
  return { module: loaded as BlockingModule, dist };
}

/**
 * DuckDB-WASM (the same wasm build and DuckDB version as the browser) as a `SqlEngine` for Node
 * tests. It is synchronous underneath, so cancellation is only checked before a query starts.
 */
export async function createNodeEngine(): Promise<SqlEngine> {
  const { module, dist } = loadModule();
  const bundles = {
    mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
  };
  const db = await module.createDuckDB(bundles, new module.VoidLogger(), module.NODE_RUNTIME);
  await db.instantiate();
  db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
  const conn = db.connect();
  conn.query('SET autoload_known_extensions = false; SET autoinstall_known_extensions = false');

  const run = (sql: string, options: QueryOptions = {}): Table => {
    if (options.signal?.aborted) throw new AppError('cancelled', 'The query was cancelled.');
    try {
      return conn.query(sql);
    } catch (e: unknown) {
      throw classifyDuckDbError(e, sql);
    }
  };

  return {
    query: (sql, options) => Promise.resolve().then(() => run(sql, options)),
    exec: (sql, options) => Promise.resolve().then(() => void run(sql, options)),
    tableNames: (sql) =>
      Promise.resolve().then(() => {
        try {
          return conn.getTableNames(sql);
        } catch (e: unknown) {
          throw classifyDuckDbError(e, sql);
        }
      }),
    registerFile: async (name, file) => db.registerFileBuffer(name, new Uint8Array(await file.arrayBuffer())),
    dropFile: (name) => Promise.resolve().then(() => db.dropFile(name)),
    insertArrowIpc: (name, ipc) =>
      Promise.resolve().then(() => {
        run(`DROP TABLE IF EXISTS ${quoteIdent(name)}; DROP VIEW IF EXISTS ${quoteIdent(name)}`);
        conn.insertArrowFromIPCStream(ipc, { name, create: true });
      }),
    onRestart: () => () => undefined,
    terminate: () => Promise.resolve(),
  };
}
