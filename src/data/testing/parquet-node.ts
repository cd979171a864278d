import { Compression, readParquet, Table, writeParquet, WriterPropertiesBuilder } from 'parquet-wasm/node';
import type { ParquetCodec } from '../table-parquet';

/** `readParquetBrowser` for Node tests: parquet-wasm's Node build loads its wasm synchronously. */
export function readParquetNode(bytes: Uint8Array): Promise<Uint8Array> {
  return Promise.resolve().then(() => readParquet(bytes).intoIPCStream());
}

/** `writeParquetBrowser` for Node tests, with the same writer settings. */
export function writeParquetNode(ipc: Uint8Array): Promise<Uint8Array> {
  return Promise.resolve().then(() => {
    const properties = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build();
    return writeParquet(Table.fromIPCStream(ipc), properties);
  });
}

/** The table cache's Parquet codec in Node tests. */
export const parquetNode: ParquetCodec = { read: readParquetNode, write: writeParquetNode };
