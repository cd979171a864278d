import type { DuckDbWasmEngine } from '../data/duckdb-wasm';
import type { AppState } from './app-state.svelte';

/**
 * What end-to-end tests may do to the built app that no user action can: break the SQL engine
 * the way a DuckDB fatal error does, set a DuckDB option (`SET memory_limit`, which a SQL cell
 * refuses: it holds one query), and destroy the WebGPU device of the open case's training worker.
 * Installed only when the address carries `?test-hooks`; only then does a case start its training
 * worker in test mode (the one that answers `loseDevice`). Nothing here loosens the CSP or
 * touches the stored data, and whatever can call it already runs script in the page.
 */
export interface CasebookTestHooks {
  /** The engine's next statement fails as an invalidated DuckDB's does (`DuckDbWasmEngine.poison`). */
  poisonEngine(): Promise<void>;
  /** Runs statements whose result does not matter, on the cells' lane. */
  exec(sql: string): Promise<void>;
  /**
   * `GPUDevice.destroy()` in the open case's training worker, mid-fit: a real device loss. False
   * when its worker is not on WebGPU (or none runs); rejects when no case is open.
   */
  loseTrainingDevice(): Promise<boolean>;
}

/** What the app takes from the hooks: it shows them its state once it has one. */
export interface AppTestHooks {
  attach(app: AppState): void;
}

declare global {
  interface Window {
    __casebookTest?: CasebookTestHooks;
  }
}

export function installTestHooks(engine: DuckDbWasmEngine): AppTestHooks {
  let app: AppState | null = null;
  const hooks: CasebookTestHooks = {
    poisonEngine: () => engine.poison(),
    exec: (sql) => engine.exec(sql),
    loseTrainingDevice: async () => {
      const session = app?.session;
      if (!session) throw new Error('No case is open: there is no training worker to reach.');
      return session.loseTrainingDevice();
    },
  };
  Object.defineProperty(window, '__casebookTest', { value: Object.freeze(hooks), configurable: true });
  return {
    attach: (state) => {
      app = state;
    },
  };
}
