import type { ChartSpec } from './chart-types';
import type { CleanStep } from './clean-types';
import type { CaseId, CellId } from './ids';

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

export interface MarkdownConfig {
  readonly text: string;
}

export interface SourceConfig {
  /** The DuckDB table the file becomes. */
  readonly output: string;
  readonly file: SourceFile | null;
  /** Where the file came from, in the user's words. */
  readonly note: string;
  readonly csv: CsvOptions;
}

export interface SqlConfig {
  readonly sql: string;
  /** The table or view the query's result becomes. */
  readonly output: string;
  readonly materialize: 'table' | 'view';
}

export interface ProfileConfig {
  /** The table profiled. */
  readonly input: string;
  /** The column whose rate (or mean) is shown per value and bin; null for none. */
  readonly target: string | null;
  /** Above this many rows, the profile is computed from a repeatable sample of this size. */
  readonly sampleRows: number;
}

export interface CleanConfig {
  /** The table cleaned. */
  readonly input: string;
  /** The table the steps produce. */
  readonly output: string;
  /** Applied in order; disabled steps are skipped. */
  readonly steps: readonly CleanStep[];
}

export interface ChartConfig {
  /** The table drawn. */
  readonly input: string;
  /** null until the user has chosen a chart and its fields. */
  readonly spec: ChartSpec | null;
}

/** Every cell kind and its config: add a kind here and the registry fails to compile until it handles it. */
export interface CellConfigs {
  markdown: MarkdownConfig;
  source: SourceConfig;
  sql: SqlConfig;
  profile: ProfileConfig;
  clean: CleanConfig;
  chart: ChartConfig;
}

export type CellKind = keyof CellConfigs;

export type CellOf<K extends CellKind> = {
  readonly id: CellId;
  readonly kind: K;
  readonly config: CellConfigs[K];
  /**
   * The tables this cell reads, as the SQL parser found them when the config last changed.
   * Kept in the document so that the graph can be computed without an engine.
   */
  readonly reads: readonly string[];
};

export type Cell = { [K in CellKind]: CellOf<K> }[CellKind];

export const CASE_SCHEMA_VERSION = 1;

export interface Case {
  readonly schemaVersion: typeof CASE_SCHEMA_VERSION;
  readonly id: CaseId;
  readonly title: string;
  readonly cells: readonly Cell[];
  /** ISO 8601. */
  readonly createdAt: string;
  /** ISO 8601. */
  readonly updatedAt: string;
}
