import init, { readParquet } from 'parquet-wasm/esm';
import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';

let ready: Promise<unknown> | null = null;

/** Parquet bytes → Arrow IPC stream, with parquet-wasm (bundled, so it works offline). */
export async function readParquetBrowser(bytes: Uint8Array): Promise<Uint8Array> {
  ready ??= init({ module_or_path: wasmUrl });
  await ready;
  return readParquet(bytes).intoIPCStream();
}
