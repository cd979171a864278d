import { AppError, errorMessage } from '../lib/errors';
import type { CsvOptions } from '../notebook/types';
import { clearRejects, malformedCsv, readRejects } from './csv-rejects';
import { checkLineWidths } from './csv-width';
import {
  chooseDialect,
  oneColumnNotice,
  readCsvSql,
  sniffColumns,
  type CsvSource,
  type Dialect,
} from './csv-sql';
import { DataType, type Table } from 'apache-arrow';
import {
  dropUnclosedQuotes,
  findUnclosedQuotes,
  unclosedQuoteError,
  type UnclosedQuotes,
} from './csv-quotes';
import { dropRelationUnless } from './catalog';
import type { QueryOptions, SqlEngine } from './engine';
import { quoteIdent } from './sql';

export interface CsvImport {
  readonly table: string;
  readonly fileName: string;
  readonly displayName: string;
  readonly blob: Blob;
  readonly csv: CsvOptions;
  /** What `inspectFile` found in the first MiB. */
  readonly encoding: 'utf-8' | 'latin-1';
  /** The first bytes of the file, for the checks DuckDB does not do. */
  readonly head: Uint8Array;
  /** `view`: read in place by every query, for a file too large to copy (`VIEW_ABOVE_BYTES`). */
  readonly materialize: 'table' | 'view';
  readonly options: QueryOptions;
}

export interface CsvOutcome {
  readonly skippedRows: number;
  readonly skippedSample: readonly string[];
  readonly notices: readonly string[];
}

/**
 * How the bytes are read. DuckDB 1.4.3 reads UTF-8, UTF-16 and Latin-1 (ISO 8859-1) without
 * extensions, but its Latin-1 rejects bytes 0x80–0x9F, which Windows-1252 files (Excel on
 * Windows: €, curly quotes, dashes) are full of: those are converted to UTF-8 here first.
 */
type CsvEncoding = 'utf-8' | 'latin-1' | 'windows-1252';

/** Reads a CSV file into `table` with DuckDB's `read_csv`, trying the next encoding when one fails. */
export async function importCsv(engine: SqlEngine, request: CsvImport): Promise<CsvOutcome> {
  // A line of thousands of delimiters under a short header never ends in DuckDB's sniffer: refused first.
  await checkLineWidths(request.displayName, request.blob, request.csv);
  let encoding: CsvEncoding = request.encoding;
  for (;;) {
    try {
      const { invalidEncoding, ...outcome } = await readAs(engine, request, encoding);
      // Skipping bad rows also skips rows that are not UTF-8 past the first MiB: read it as Latin-1.
      if (invalidEncoding && encoding === 'utf-8') {
        encoding = 'latin-1';
        continue;
      }
      return { ...outcome, notices: [...encodingNotices(request.displayName, encoding), ...outcome.notices] };
    } catch (e: unknown) {
      const next = nextEncoding(encoding, e);
      if (next === null) throw e;
      encoding = next;
    }
  }
}

function nextEncoding(tried: CsvEncoding, e: unknown): CsvEncoding | null {
  const cause = e instanceof AppError && e.code === 'import-malformed' ? e.cause : e;
  const message = errorMessage(cause);
  if (tried === 'utf-8' && /not utf-8 encoded|Invalid unicode/i.test(message)) return 'latin-1';
  if (tried === 'latin-1' && /not latin-1 encoded/i.test(message)) return 'windows-1252';
  return null;
}

function encodingNotices(name: string, encoding: CsvEncoding): string[] {
  if (encoding === 'utf-8') return [];
  const read = encoding === 'latin-1' ? 'Latin-1 (ISO 8859-1)' : 'Windows-1252 (Western European)';
  return [
    `${name} is not UTF-8 text; it was read as ${read}. Check accented letters in the result; if they ` +
      'look wrong, save the file as UTF-8 (in Excel: “CSV UTF-8”) and import it again.',
  ];
}

type ReadOutcome = CsvOutcome & { readonly invalidEncoding: boolean };

async function readAs(engine: SqlEngine, request: CsvImport, encoding: CsvEncoding): Promise<ReadOutcome> {
  const source: CsvSource = {
    table: request.table,
    fileName: request.fileName,
    displayName: request.displayName,
    csv: request.csv,
    encoding: encoding === 'latin-1' ? 'latin-1' : 'utf-8',
    materialize: request.materialize,
    options: request.options,
  };
  const head = new TextDecoder(encoding === 'utf-8' ? 'utf-8' : 'windows-1252').decode(request.head);
  if (encoding !== 'windows-1252') {
    await engine.registerFile(source.fileName, request.blob);
    return readRegistered(engine, source, head);
  }
  // A view reads its file on every query: a converted copy would have to stay, as large again.
  if (request.materialize === 'view') throw windows1252View(request.displayName);
  // The converted copy gets its own name: DuckDB-WASM may serve a re-registered name from its
  // cache of the old file (duckdb/duckdb-wasm#2076). It is dropped once the table is built.
  const converted = { ...source, fileName: `${source.fileName}.utf-8.csv` };
  await engine.registerFile(converted.fileName, await windows1252ToUtf8(request.blob));
  try {
    return await readRegistered(engine, converted, head);
  } finally {
    await engine.dropFile(converted.fileName);
  }
}

async function readRegistered(engine: SqlEngine, source: CsvSource, head: string): Promise<ReadOutcome> {
  await clearRejects(engine);
  let dialect: Dialect = { delimiter: null, quote: false };
  let quoted = false;
  const notices: string[] = [];
  try {
    const chosen = await chooseDialect(engine, source, head);
    dialect = chosen.dialect;
    quoted = chosen.quoted;
    notices.push(...chosen.notices);
    await dropRelationUnless(engine, source.table, source.materialize, source.options.signal);
    await createTable(engine, source, dialect);
  } catch (e: unknown) {
    if (e instanceof AppError && e.code === 'out-of-memory') throw outOfMemory(source, e);
    if (e instanceof AppError && e.code !== 'sql') throw e;
    throw malformedCsv(source, dialect, head, e);
  }
  const columns = await engine.query(`SELECT * FROM ${quoteIdent(source.table)} LIMIT 0`, source.options);
  if (notices.length === 0) notices.push(...oneColumnNotice(source, columns.numCols, head));
  // A view's rows are read only by the queries over it: none was read to count or check here.
  if (source.materialize === 'view')
    return { skippedRows: 0, skippedSample: [], notices, invalidEncoding: false };
  const skipped = source.csv.skipBadRows
    ? await readRejects(engine, source.options)
    : { count: 0, sample: [], invalidEncoding: false };
  await clearRejects(engine);
  // Read with quotes, DuckDB itself refuses a quote that never closes; a value that starts with
  // one is then the text of a doubled quote (`""""` is `"`), not a broken row.
  const unclosed = quoted ? { count: 0, sample: [] } : await unclosedQuotes(engine, source, columns);
  return {
    skippedRows: skipped.count + unclosed.count,
    skippedSample: [...skipped.sample, ...unclosed.sample].slice(0, 5),
    notices,
    invalidEncoding: skipped.invalidEncoding,
  };
}

/**
 * DuckDB ran out of memory reading the file. Besides sheer size, a hostile line does that in
 * seconds (a million delimiters, or a quote that never closes over a megabyte): the message names
 * the file and what to check, not only "filter the data", which cannot apply before it is read.
 */
function outOfMemory(source: CsvSource, cause: AppError): AppError {
  return new AppError(
    'out-of-memory',
    `${source.displayName} could not be read as CSV: DuckDB ran out of memory reading it. A very large file does that, and so does a line with a huge number of fields or a quote that never closes. Check that it is a CSV export, or import a smaller part of it.`,
    { cause },
  );
}

function windows1252View(name: string): AppError {
  return new AppError(
    'import-encoding',
    `${name} is Windows-1252 text, not UTF-8, and too large to convert here: a file this size is read in place. ` +
      'Save it as UTF-8 (in Excel: “CSV UTF-8”) and import it again.',
  );
}

/**
 * Values that open a quote and never close it were read as text only because the file was read
 * without quoting: skipped and counted with the other bad rows, or refused when rows are not skipped.
 */
async function unclosedQuotes(engine: SqlEngine, source: CsvSource, columns: Table): Promise<UnclosedQuotes> {
  const text = columns.schema.fields.filter((f) => DataType.isUtf8(f.type)).map((f) => f.name);
  const found = await findUnclosedQuotes(engine, source.table, text, source.options);
  if (found.count === 0) return found;
  if (!source.csv.skipBadRows) throw unclosedQuoteError(source.displayName, found);
  await dropUnclosedQuotes(engine, source.table, text, source.options);
  return found;
}

/**
 * Creates the table. When double quotes are enforced and DuckDB's sniffer fails on them (a broken
 * quote inside its sample) while bad rows may be skipped, the columns it found without quotes
 * are given to it, so that it reads without sniffing and skips the broken rows.
 */
async function createTable(engine: SqlEngine, source: CsvSource, dialect: Dialect): Promise<void> {
  try {
    await engine.exec(readCsvSql(source, dialect), source.options);
  } catch (e: unknown) {
    const sniffFailed = /sniffing file|automatically detect/.test(errorMessage(e));
    if (!(dialect.quote && source.csv.skipBadRows && sniffFailed)) throw e;
    const columns = await sniffColumns(engine, source);
    await engine.exec(readCsvSql(source, { ...dialect, columns }), source.options);
  }
}

/** Windows-1252 → UTF-8, streamed: the browser may keep the result on disk rather than in memory. */
async function windows1252ToUtf8(blob: Blob): Promise<Blob> {
  const text = blob.stream().pipeThrough(new TextDecoderStream('windows-1252'));
  return new Response(text.pipeThrough(new TextEncoderStream())).blob();
}
