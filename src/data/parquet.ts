import init, {
  Compression,
  readParquet,
  Table,
  writeParquet,
  WriterPropertiesBuilder,
} from 'parquet-wasm/esm';
import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { ParquetCodec } from './table-parquet';

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

/** Arrow IPC stream → Parquet bytes (zstd), with parquet-wasm. */
export async function writeParquetBrowser(ipc: Uint8Array): Promise<Uint8Array> {
  await loadWasm();
  const properties = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build();
  return writeParquet(Table.fromIPCStream(ipc), properties);
}

/** The table cache's Parquet codec in the browser. */
export const parquetBrowser: ParquetCodec = { read: readParquetBrowser, write: writeParquetBrowser };
