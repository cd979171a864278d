import { DuckDbWasmEngine } from './data/duckdb-wasm';
import './app/global.css';
import type { AppTestHooks } from './app/test-hooks';

// The SQL engine starts first: its worker fetches and compiles DuckDB's 34 MB wasm (streaming)
// while the app's own code loads, reads the stored cases and paints (issue 21, a lean boot).
const engine = DuckDbWasmEngine.start();

// e2e tests of the engine's recovery and of a lost WebGPU device (src/app/test-hooks.ts): a chunk
// of its own, fetched only then.
let testHooks: AppTestHooks | undefined;
if (new URLSearchParams(location.search).has('test-hooks')) {
  const { installTestHooks } = await import('./app/test-hooks');
  testHooks = installTestHooks(engine);
}

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
const { mountApp } = await import('./app/mount');
mountApp(target, engine, testHooks);
