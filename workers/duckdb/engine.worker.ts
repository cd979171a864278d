/*
 * The DuckDB engine's worker (src/data/duckdb-wasm.ts): DuckDB-WASM's own worker code, run after
 * a module that takes TransformStream away from it, so that its wasm's compiled code is cached by
 * the browser (see without-transform-stream.ts). ES modules run in import order.
 */
import './without-transform-stream';
import '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js';
