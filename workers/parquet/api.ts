/**
 * The Parquet worker's interface (`parquet.worker.ts`), as the page's codec uses it
 * (`src/data/parquet-worker.ts`): the table cache's Arrow IPC ⇄ Parquet, off the page's thread.
 */
export interface ParquetWorkerApi {
  /** Parquet bytes → an Arrow IPC stream (transferred back). */
  read(parquet: Uint8Array): Promise<Uint8Array>;
  /** An Arrow IPC stream → Parquet bytes, zstd (transferred back). */
  write(ipc: Uint8Array): Promise<Uint8Array>;
}
