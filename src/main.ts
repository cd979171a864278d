import { DuckDbWasmEngine } from './data/duckdb-wasm';
import './app/global.css';

// The SQL engine starts first: its worker fetches and compiles DuckDB's 34 MB wasm (streaming)
// while the app's own code loads, reads the stored cases and paints (issue 21, a lean boot).
const engine = DuckDbWasmEngine.start();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
const { mountApp } = await import('./app/mount');
mountApp(target, engine);
