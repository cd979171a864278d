import { AppError, assertNever, errorMessage } from '../lib/errors';
import type { CsvOptions, SourceFormat } from '../notebook/types';
import { readsInPlace } from '../notebook/source-types';
import { describeHead, describeRelation, type ColumnInfo } from './catalog';
import type { QueryOptions, SqlEngine } from './engine';
import { importCsv } from './import-csv';
import { MAX_JSON_BYTES, MAX_PARQUET_BYTES, inspectHead, readHead, tooLarge } from './inspect';
import { jsonToArrowIpc } from './json';

export { MAX_JSON_BYTES, MAX_PARQUET_BYTES, formatFromName, inspectFile } from './inspect';

export interface ImportDeps {
  readonly engine: SqlEngine;
  /** Parquet bytes → an Arrow IPC stream (parquet-wasm: DuckDB-WASM has no Parquet reader offline). */
  readonly readParquet: (bytes: Uint8Array) => Promise<Uint8Array>;
}

export interface ImportRequest {
  /** The table to create or replace. Any name: it is quoted. */
  readonly table: string;
  /** The name under which the file is registered in DuckDB (and, without `originalName`, shown). */
  readonly fileName: string;
  /** The file's own name, for messages; defaults to `fileName`. */
  readonly originalName?: string;
  readonly blob: Blob;
  readonly format: SourceFormat;
  /** How a CSV is read; ignored for other formats. */
  readonly csv: CsvOptions;
  readonly signal?: AbortSignal;
  /** A CSV larger than this is read in place as a view; `VIEW_ABOVE_BYTES` unless a test says less. */
  readonly viewAboveBytes?: number;
}

export interface ImportResult {
  /** `view`: a CSV too large to copy, read in place by every query (`VIEW_ABOVE_BYTES`). */
  readonly materialize: 'table' | 'view';
  /** A table's rows; for a view, only the rows of its head (up to `HEAD_ROWS`): the file is not counted. */
  readonly rowCount: number;
  readonly columns: readonly ColumnInfo[];
  /** CSV rows DuckDB could not read and skipped (only with `csv.skipBadRows`). */
  readonly skippedRows: number;
  /** Up to five of them: "line 12: <DuckDB's reason> (“the line”)". */
  readonly skippedSample: readonly string[];
  /** Things the person should know about how the file was read (encoding, delimiter). */
  readonly notices: readonly string[];
}

/**
 * Turns a file into table `req.table`, or throws an `AppError` that says what is wrong with the
 * file and what to do: import-empty, import-binary, import-unsupported, import-encoding,
 * import-malformed, import-too-large; cancelled (through `req.signal`), out-of-memory.
 */
export async function importSource(deps: ImportDeps, req: ImportRequest): Promise<ImportResult> {
  const name = req.originalName ?? req.fileName;
  const options: QueryOptions = req.signal ? { signal: req.signal } : {};
  throwIfCancelled(req.signal);
  const head = await readHead(req.blob);
  const inspection = inspectHead(name, head, req.blob.size, req.format);
  // Parquet content wins over the recorded format; otherwise the recorded format is used.
  const format = inspection.format === 'parquet' ? 'parquet' : req.format;
  const materialize = readsInPlace({ format, sizeBytes: req.blob.size }, req.viewAboveBytes)
    ? 'view'
    : 'table';
  let outcome: Pick<ImportResult, 'skippedRows' | 'skippedSample' | 'notices'> = noSkips;
  switch (format) {
    case 'csv':
      outcome = await importCsv(deps.engine, {
        table: req.table,
        fileName: req.fileName,
        displayName: name,
        blob: req.blob,
        csv: req.csv,
        encoding: inspection.encoding,
        head,
        materialize,
        options,
      });
      break;
    case 'parquet':
      await importParquet(deps, req, name);
      break;
    case 'json':
    case 'ndjson':
      await importJson(deps.engine, req, format, name);
      break;
    default:
      assertNever(format);
  }
  if (materialize === 'view') {
    // Only the head is read: counting the rows would read the whole file.
    const { rowCount, columns } = await describeHead(deps.engine, req.table, HEAD_ROWS, req.signal);
    const notices = [inPlaceNotice(name, req.blob.size, req.csv.skipBadRows), ...outcome.notices];
    return { materialize, rowCount, columns, ...outcome, notices };
  }
  const { rowCount, columns } = await describeRelation(deps.engine, req.table, req.signal);
  return { materialize, rowCount, columns, ...outcome };
}

/** How many rows of a view over a file are counted and shown at import. */
export const HEAD_ROWS = 1000;

function inPlaceNotice(name: string, sizeBytes: number, skipBadRows: boolean): string {
  const gb = (sizeBytes / 1024 ** 3).toFixed(1);
  const skipped = skipBadRows ? ' Bad rows are skipped as each query reads them, and not counted.' : '';
  return (
    `${name} is ${gb} GB, too large to copy into memory: it is read in place, as a view over the file, ` +
    `and only its first ${HEAD_ROWS.toLocaleString('en-US')} rows are shown; its rows are not counted. ` +
    'Every query over it reads the file again, which takes minutes for all of it: make a smaller table ' +
    `from it with a SQL cell (filter, sample or aggregate it) and work on that.${skipped}`
  );
}

const noSkips = { skippedRows: 0, skippedSample: [], notices: [] };

async function importParquet(deps: ImportDeps, req: ImportRequest, name: string): Promise<void> {
  if (req.blob.size > MAX_PARQUET_BYTES) throw tooLarge(name, req.blob.size, MAX_PARQUET_BYTES, 'parquet');
  const bytes = new Uint8Array(await req.blob.arrayBuffer());
  throwIfCancelled(req.signal);
  let ipc: Uint8Array;
  try {
    ipc = await deps.readParquet(bytes);
  } catch (e: unknown) {
    throw new AppError(
      'import-malformed',
      `${name} is not a readable Parquet file (it may be truncated or corrupt): ${brief(errorMessage(e))}. Export it again.`,
      { cause: e },
    );
  }
  throwIfCancelled(req.signal);
  await deps.engine.insertArrowIpc(req.table, ipc);
}

async function importJson(
  engine: SqlEngine,
  req: ImportRequest,
  format: 'json' | 'ndjson',
  name: string,
): Promise<void> {
  if (req.blob.size > MAX_JSON_BYTES) throw tooLarge(name, req.blob.size, MAX_JSON_BYTES, 'json');
  const bytes = new Uint8Array(await req.blob.arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e: unknown) {
    // Past the first MiB (checked by inspectHead), or a file too long for one JS string.
    if (e instanceof RangeError) throw tooLarge(name, req.blob.size, MAX_JSON_BYTES, 'json');
    throw new AppError(
      'import-encoding',
      `${name} is not UTF-8 text, which JSON must be. Save it as UTF-8 and import it again.`,
      { cause: e },
    );
  }
  throwIfCancelled(req.signal);
  const ipc = jsonToArrowIpc(text, format, name);
  throwIfCancelled(req.signal);
  await engine.insertArrowIpc(req.table, ipc);
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('cancelled', 'The import was cancelled.');
}

/** The first line of a reader's error, without a trailing period. */
function brief(message: string): string {
  return (message.split('\n')[0] ?? message).trim().replace(/\.$/, '');
}
