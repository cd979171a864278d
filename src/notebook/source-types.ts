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
