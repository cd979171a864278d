/** The formats a source cell can import. */
export type SourceFormat = 'csv' | 'parquet' | 'json' | 'ndjson';

/** An imported file, kept unchanged: its bytes live in storage under `sha256`. */
export interface SourceFile {
  readonly sha256: string;
  readonly name: string;
  readonly sizeBytes: number;
  readonly format: SourceFormat;
  /** ISO 8601 time of the import. */
  readonly importedAt: string;
}

/** How a CSV is read; ignored for other formats. */
export interface CsvOptions {
  /** `auto` lets DuckDB sniff it. */
  readonly delimiter: 'auto' | ',' | ';' | '\t' | '|';
  readonly header: boolean;
  /** Skip rows that do not parse and report how many were skipped. */
  readonly skipBadRows: boolean;
}

/**
 * A CSV larger than this is read in place, as a view over the file, instead of being copied into
 * a table: DuckDB-WASM's memory (about 4 GB at most, shared with everything else) would not hold
 * it, and reading it all takes minutes. Parquet and JSON have their own, lower limits (data/inspect.ts).
 */
export const VIEW_ABOVE_BYTES = 1024 ** 3;

/** Whether `file` is read in place as a view over it (see `VIEW_ABOVE_BYTES`). */
export function readsInPlace(
  file: Pick<SourceFile, 'format' | 'sizeBytes'>,
  limitBytes = VIEW_ABOVE_BYTES,
): boolean {
  return file.format === 'csv' && file.sizeBytes > limitBytes;
}
