import { readParquet } from 'parquet-wasm/node';

/** `readParquetBrowser` for Node tests: parquet-wasm's Node build loads its wasm synchronously. */
export function readParquetNode(bytes: Uint8Array): Promise<Uint8Array> {
  return Promise.resolve().then(() => readParquet(bytes).intoIPCStream());
}
