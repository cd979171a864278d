// DuckDB-WASM's worker script: run for its effect (it answers the page's messages), exports nothing.
declare module '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js';
