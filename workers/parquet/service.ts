import * as Comlink from 'comlink';
import type { ParquetCodec } from '../../src/data/table-parquet';
import type { ParquetWorkerApi } from './api';

/** A fresh buffer of the bytes' own: a copy only where the codec handed out a view into a larger one. */
const own = (bytes: Uint8Array): Uint8Array =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();

/** The worker's side over a codec (parquet-wasm's browser build there, its Node build in tests): results transferred back. */
export function parquetService(codec: ParquetCodec): ParquetWorkerApi {
  return {
    async read(parquet) {
      const ipc = own(await codec.read(parquet));
      return Comlink.transfer(ipc, [ipc.buffer]);
    },
    async write(ipc) {
      const parquet = own(await codec.write(ipc));
      return Comlink.transfer(parquet, [parquet.buffer]);
    },
  };
}
