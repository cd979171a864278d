import type { Table } from 'apache-arrow';

/**
 * The narrow seam between Casebook and its SQL database. DuckDB-WASM is one implementation
 * (`duckdb-wasm.ts`); tests run the same contract against DuckDB-WASM in Node.
 *
 * Errors: a failed query rejects with `SqlError` (it keeps the SQL and, where DuckDB reports it,
 * the offset of the error); a query stopped through its signal rejects with `AppError('cancelled')`;
 * an out-of-memory with `AppError('out-of-memory')`. After a fatal error the engine restarts
 * itself and rejects with `AppError('engine-restarted')`: callers must register their files and
 * rebuild their tables again (see `onRestart`).
 */
export interface SqlEngine {
  /** Runs one statement and returns its result as Arrow. */
  query(sql: string, options?: QueryOptions): Promise<Table>;
  /** Runs statements whose result does not matter (DDL). */
  exec(sql: string, options?: QueryOptions): Promise<void>;
  /** The tables a query reads, as DuckDB's parser sees them (CTE names excluded). */
  tableNames(sql: string): Promise<string[]>;
  /** Makes a file readable by SQL under `name` (for `read_csv('name')`), read lazily from the Blob. */
  registerFile(name: string, file: Blob): Promise<void>;
  dropFile(name: string): Promise<void>;
  /** Creates or replaces table `name` from an Arrow IPC stream. */
  insertArrowIpc(name: string, ipc: Uint8Array): Promise<void>;
  /** Called after the engine had to restart (its tables and files are gone). */
  onRestart(listener: () => void): () => void;
  terminate(): Promise<void>;
}

export interface QueryOptions {
  readonly signal?: AbortSignal;
  /**
   * `work` queries (cells) run one after another; `interactive` ones (grid pages, completions)
   * use their own connection, so they are answered between the steps of a long query.
   */
  readonly lane?: 'work' | 'interactive';
}
