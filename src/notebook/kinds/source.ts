import { uniqueName } from '../names';
import { invalid, optionalText, record, text } from '../read';
import { readsInPlace, type CsvOptions, type SourceFile, type SourceFormat } from '../source-types';
import type { KindFacts } from './facts';

export interface SourceConfig {
  /** The DuckDB table the file becomes. */
  readonly output: string;
  readonly file: SourceFile | null;
  /** Where the file came from, in the user's words. */
  readonly note: string;
  readonly csv: CsvOptions;
}

/** The name a new source's table has until a file gives it one. */
const PLACEHOLDER = /^source_\d+$/;

/** An imported file, kept unchanged, as a table. */
export const source: KindFacts<SourceConfig> = {
  title: (config) => `Source → ${config.output}`,
  defaults: ({ taken }) => ({
    output: uniqueName('source', taken),
    file: null,
    note: '',
    csv: { delimiter: 'auto', header: true, skipBadRows: false },
  }),
  restore: (raw, path) => ({
    output: text(raw['output'], `${path}.output`, true),
    note: optionalText(raw['note'], `${path}.note`) ?? '',
    file: raw['file'] === null || raw['file'] === undefined ? null : sourceFile(raw['file'], `${path}.file`),
    csv: csvOptions(raw['csv']),
  }),
  reads: () => ({ tables: [] }),
  output: (config) => config.output,
  /*
   * The note is metadata, and the file counts by content (SHA-256) and format, not by name, size
   * or import time: the same bytes re-imported give the same fingerprint.
   */
  fingerprint: ({ output, file, csv }) => ({
    output,
    csv,
    file: file ? { sha256: file.sha256, format: file.format } : null,
  }),
  readsBrief: false,
  readsChampion: () => false,
  runs: true,
  // A source's table is its file as imported: the cached copy skips the import. A file read in
  // place is a view, which the cache would have to read whole: its view is made again instead.
  cacheable: (config) => config.file !== null && !readsInPlace(config.file),
  files: (config) => (config.file ? [{ file: config.file, origin: config.note }] : []),
  // A table still named by the placeholder takes the file's name.
  withFile: (config, file, table) => ({
    ...config,
    file,
    output: PLACEHOLDER.test(config.output) ? table : config.output,
  }),
};

const FORMATS: readonly SourceFormat[] = ['csv', 'parquet', 'json', 'ndjson'];

function sourceFile(raw: unknown, path: string): SourceFile {
  const file = record(raw, path);
  const sha256 = text(file['sha256'], `${path}.sha256`);
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw invalid(`${path}.sha256 is not a SHA-256 digest`);
  const format = FORMATS.find((f) => f === file['format']);
  if (!format) throw invalid(`${path}.format is not one of ${FORMATS.join(', ')}`);
  const sizeBytes = file['sizeBytes'];
  if (typeof sizeBytes !== 'number' || !Number.isFinite(sizeBytes) || sizeBytes < 0) {
    throw invalid(`${path}.sizeBytes is not a size`);
  }
  return {
    sha256,
    format,
    sizeBytes,
    name: text(file['name'], `${path}.name`, true),
    importedAt: text(file['importedAt'], `${path}.importedAt`, true),
  };
}

const DELIMITERS: readonly CsvOptions['delimiter'][] = ['auto', ',', ';', '\t', '|'];

function csvOptions(raw: unknown): CsvOptions {
  const options = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
  const delimiter = DELIMITERS.find((d) => d === Reflect.get(options, 'delimiter')) ?? 'auto';
  return {
    delimiter,
    header: Reflect.get(options, 'header') !== false,
    skipBadRows: Reflect.get(options, 'skipBadRows') === true,
  };
}
