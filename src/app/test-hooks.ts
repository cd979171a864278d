import type { DuckDbWasmEngine } from '../data/duckdb-wasm';

/**
 * What end-to-end tests may do to the built app that no user action can: break the SQL engine
 * the way a DuckDB fatal error does, and set a DuckDB option (`SET memory_limit`, which a SQL cell
 * refuses: it holds one query). Installed only when the address carries `?test-hooks`. Nothing
 * here loosens the CSP or touches the stored data, and whatever can call it already runs script
 * in the page.
 */
export interface CasebookTestHooks {
  /** The engine's next statement fails as an invalidated DuckDB's does (`DuckDbWasmEngine.poison`). */
  poisonEngine(): Promise<void>;
  /** Runs statements whose result does not matter, on the cells' lane. */
  exec(sql: string): Promise<void>;
}

declare global {
  interface Window {
    __casebookTest?: CasebookTestHooks;
  }
}

export function installTestHooks(engine: DuckDbWasmEngine): void {
  const hooks: CasebookTestHooks = {
    poisonEngine: () => engine.poison(),
    exec: (sql) => engine.exec(sql),
  };
  Object.defineProperty(window, '__casebookTest', { value: Object.freeze(hooks), configurable: true });
}
