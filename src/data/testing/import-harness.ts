import { AppError } from '../../lib/errors';
import type { CsvOptions, SourceFormat } from '../../notebook/types';
import type { SqlEngine } from '../engine';
import { importSource, type ImportRequest, type ImportResult } from '../import';
import { quoteIdent } from '../sql';
import { createNodeEngine } from './node-engine';
import { readParquetNode } from './parquet-node';

export const AUTO_CSV: CsvOptions = { delimiter: 'auto', header: true, skipBadRows: false };

export interface ImportHarness {
  readonly engine: SqlEngine;
  /** Imports `content` as file `fileName` into table `t` (or `extra.table`). */
  run(
    fileName: string,
    content: BlobPart,
    format: SourceFormat,
    extra?: Partial<ImportRequest>,
  ): Promise<ImportResult>;
  /** The rows of `table` as plain objects. */
  rows(table: string, orderBy?: string): Promise<unknown[]>;
}

/**
 * Imports against DuckDB-WASM in Node (the browser's wasm build, v1.4.3) and parquet-wasm's Node
 * build, in a new DuckDB instance (the hostile files' time limits are for one, see node-engine.ts).
 */
export async function createImportHarness(): Promise<ImportHarness> {
  const engine = await createNodeEngine({ fresh: true });
  return {
    engine,
    run: (fileName, content, format, extra = {}) =>
      importSource(
        { engine, readParquet: readParquetNode },
        { table: 't', fileName, blob: new Blob([content]), format, csv: AUTO_CSV, ...extra },
      ),
    rows: async (table, orderBy = '') => {
      const result = await engine.query(`SELECT * FROM ${quoteIdent(table)} ${orderBy}`);
      return result.toArray().map((row: { toJSON(): unknown }) => row.toJSON());
    },
  };
}

/** The AppError a promise rejects with; fails if it resolves or rejects with something else. */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e: unknown) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the import to fail');
}
