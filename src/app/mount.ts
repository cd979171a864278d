import { mount } from 'svelte';
import type { DuckDbWasmEngine } from '../data/duckdb-wasm';
import App from './App.svelte';
import type { AppTestHooks } from './test-hooks';

/**
 * Mounts the app on `target` with the engine `main.ts` started before loading this chunk, and the
 * e2e test hooks when the address asked for them.
 */
export function mountApp(target: HTMLElement, engine: DuckDbWasmEngine, testHooks?: AppTestHooks): void {
  mount(App, { target, props: { engine, ...(testHooks ? { testHooks } : {}) } });
}
