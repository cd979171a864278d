import { mount } from 'svelte';
import type { DuckDbWasmEngine } from '../data/duckdb-wasm';
import App from './App.svelte';

/** Mounts the app on `target` with the engine `main.ts` started before loading this chunk. */
export function mountApp(target: HTMLElement, engine: DuckDbWasmEngine): void {
  mount(App, { target, props: { engine } });
}
