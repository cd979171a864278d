import init, { readParquet } from 'parquet-wasm/esm';
import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';

let ready: Promise<unknown> | null = null;

/** Loads parquet-wasm's wasm once; a failed load is forgotten so that the next import retries. */
function loadWasm(): Promise<unknown> {
  ready ??= init({ module_or_path: wasmUrl }).catch((e: unknown) => {
    ready = null;
    throw e;
  });
  return ready;
}

/** Parquet bytes → Arrow IPC stream, with parquet-wasm (bundled and served by the app, so it works offline). */
export async function readParquetBrowser(bytes: Uint8Array): Promise<Uint8Array> {
  await loadWasm();
  return readParquet(bytes).intoIPCStream();
}
