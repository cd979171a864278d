import { AppError, errorMessage } from '../lib/errors';
import type { CsvOptions, SourceFormat } from '../notebook/types';
import { describeRelation, type ColumnInfo } from './catalog';
import type { SqlEngine } from './engine';
import { jsonToArrowIpc } from './json';
import { quoteIdent, quoteLiteral } from './sql';

/** Parquet and JSON are read into memory before DuckDB sees them; CSV is read lazily from disk. */
export const MAX_PARQUET_BYTES = 1024 ** 3;
export const MAX_JSON_BYTES = 512 * 1024 ** 2;

export interface ImportDeps {
  readonly engine: SqlEngine;
  /** Parquet bytes → an Arrow IPC stream (parquet-wasm: DuckDB-WASM has no Parquet reader offline). */
  readonly readParquet: (bytes: Uint8Array) => Promise<Uint8Array>;
}

export interface ImportRequest {
  readonly table: string;
  /** The name under which the file is registered in DuckDB. */
  readonly fileName: string;
  /** The file's own name, for messages. */
  readonly originalName: string;
  readonly blob: Blob;
  readonly format: SourceFormat;
  readonly csv: CsvOptions;
  readonly signal?: AbortSignal;
}

export interface ImportResult {
  readonly rowCount: number;
  readonly columns: readonly ColumnInfo[];
  readonly skippedRows: number;
  readonly skippedSample: readonly string[];
  readonly notices: readonly string[];
}

export function formatFromName(name: string): SourceFormat | null {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  switch (extension) {
    case 'csv':
    case 'tsv':
    case 'txt':
    case 'tab':
      return 'csv';
    case 'parquet':
    case 'pq':
      return 'parquet';
    case 'json':
      return 'json';
    case 'ndjson':
    case 'jsonl':
      return 'ndjson';
    default:
      return null;
  }
}

const SNIFF_BYTES = 1024 * 1024;

/** Looks at a file before import: its format, its text encoding, and whether it can be imported at all. */
export async function inspectFile(
  name: string,
  blob: Blob,
): Promise<{ format: SourceFormat; encoding: 'utf-8' | 'latin-1' }> {
  const head = new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer());
  if (isParquet(head)) {
    if (blob.size > MAX_PARQUET_BYTES) throw tooLarge(name, blob.size, MAX_PARQUET_BYTES);
    return { format: 'parquet', encoding: 'utf-8' };
  }
  const text = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
  if (text.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    throw new AppError(
      'import-empty',
      `${name} is empty: there is nothing to import. Check that the export finished, then import it again.`,
    );
  }
  const byName = formatFromName(name);
  if (byName === 'parquet') {
    throw new AppError(
      'import-malformed',
      `${name} is not a Parquet file (it does not start with "PAR1"). Export it again.`,
    );
  }
  if (looksBinary(text.subarray(0, 64 * 1024))) {
    throw new AppError(
      'import-binary',
      `${name} is not a text file: it looks like binary data (perhaps a spreadsheet, an archive or an image). ` +
        'Export the data as CSV, Parquet or JSON and import that file.',
    );
  }
  const format = byName ?? 'csv';
  const encoding = isUtf8(text, blob.size <= SNIFF_BYTES) ? 'utf-8' : 'latin-1';
  if (format !== 'csv') {
    if (encoding !== 'utf-8') {
      throw new AppError(
        'import-encoding',
        `${name} is not UTF-8 text, which JSON must be. Save it as UTF-8 and import it again.`,
      );
    }
    if (blob.size > MAX_JSON_BYTES) throw tooLarge(name, blob.size, MAX_JSON_BYTES);
  }
  return { format, encoding };
}

export async function importSource(deps: ImportDeps, req: ImportRequest): Promise<ImportResult> {
  const { engine } = deps;
  const options = req.signal ? { signal: req.signal } : {};
  let skipped: { count: number; sample: string[] } = { count: 0, sample: [] };
  const notices: string[] = [];
  const name = req.originalName;
  switch (req.format) {
    case 'csv': {
      const { encoding } = await inspectFile(req.originalName, req.blob);
      if (encoding === 'latin-1') {
        notices.push(
          'The file is not UTF-8; it was read as Latin-1 (Windows-1252). Check accented characters.',
        );
      }
      await engine.dropFile(req.fileName).catch(() => undefined);
      await engine.registerFile(req.fileName, req.blob);
      const head = await req.blob.slice(0, 64 * 1024).text();
      skipped = await importCsv(engine, req, encoding, guessDelimiter(head), options);
      break;
    }
    case 'parquet': {
      const bytes = await readWhole(req.blob, MAX_PARQUET_BYTES, name);
      let ipc: Uint8Array;
      try {
        ipc = await deps.readParquet(bytes);
      } catch (e: unknown) {
        throw new AppError(
          'import-malformed',
          `${name} is not a readable Parquet file (it may be truncated or corrupt): ${errorMessage(e)}. Export it again.`,
          { cause: e },
        );
      }
      await engine.insertArrowIpc(req.table, ipc);
      break;
    }
    case 'json':
    case 'ndjson': {
      const text = new TextDecoder('utf-8').decode(await readWhole(req.blob, MAX_JSON_BYTES, name));
      await engine.insertArrowIpc(req.table, jsonToArrowIpc(text, req.format, name));
      break;
    }
  }
  const { rowCount, columns } = await describeRelation(engine, req.table, req.signal);
  return { rowCount, columns, skippedRows: skipped.count, skippedSample: skipped.sample, notices };
}

const REJECTS_TABLE = 'casebook_rejects';
const REJECTS_SCAN = 'casebook_reject_scans';

async function importCsv(
  engine: SqlEngine,
  req: ImportRequest,
  encoding: 'utf-8' | 'latin-1',
  guessed: CsvOptions['delimiter'] | null,
  options: { signal?: AbortSignal },
): Promise<{ count: number; sample: string[] }> {
  const delimiter = req.csv.delimiter === 'auto' ? guessed : req.csv.delimiter;
  const args = [
    quoteLiteral(req.fileName),
    `header = ${req.csv.header ? 'true' : 'false'}`,
    ...(delimiter && delimiter !== 'auto' ? [`delim = ${quoteLiteral(delimiter)}`] : []),
    ...(encoding === 'latin-1' ? ["encoding = 'latin-1'"] : []),
    ...(req.csv.skipBadRows
      ? [
          'ignore_errors = true',
          'store_rejects = true',
          `rejects_table = '${REJECTS_TABLE}'`,
          `rejects_scan = '${REJECTS_SCAN}'`,
        ]
      : []),
  ];
  const sql = `CREATE OR REPLACE TABLE ${quoteIdent(req.table)} AS SELECT * FROM read_csv(${args.join(', ')})`;
  try {
    await engine.exec(sql, options);
  } catch (e: unknown) {
    if (e instanceof AppError && e.code === 'sql') throw malformedCsv(req.originalName, e.message, e);
    throw e;
  }
  if (!req.csv.skipBadRows) return { count: 0, sample: [] };
  const rejects = await engine.query(
    `SELECT line, error_message FROM ${REJECTS_TABLE} ORDER BY line`,
    options,
  );
  const lines = rejects.getChild('line');
  const messages = rejects.getChild('error_message');
  const sample: string[] = [];
  for (let i = 0; i < Math.min(5, rejects.numRows); i++) {
    sample.push(`line ${String(lines?.get(i))}: ${String(messages?.get(i))}`);
  }
  await engine.exec(`DROP TABLE IF EXISTS ${REJECTS_TABLE}; DROP TABLE IF EXISTS ${REJECTS_SCAN}`, options);
  return { count: rejects.numRows, sample };
}

function malformedCsv(name: string, message: string, cause: unknown): AppError {
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const detail = message
    .split('\n')
    .find((l, i) => i > 0 && l.trim() !== '' && !l.startsWith('Possible'))
    ?.trim();
  const what = /not possible to automatically detect/.test(message)
    ? 'its rows do not share one layout (some rows have more or fewer fields than others)'
    : line
      ? `line ${line} does not fit the layout of the rows before it${detail ? ` (${detail})` : ''}`
      : message.split('\n')[0];
  return new AppError(
    'import-malformed',
    `${name} could not be read as CSV: ${what}. Turn on “Skip bad rows” to import the rest; the number of ` +
      'rows skipped will be shown. Or choose the delimiter by hand.',
    { cause },
  );
}

/** The delimiter that appears most in the first line, if any does. */
export function guessDelimiter(head: string): CsvOptions['delimiter'] | null {
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  let best: CsvOptions['delimiter'] | null = null;
  let bestCount = 0;
  for (const candidate of [',', ';', '\t', '|'] as const) {
    const count = unquoted.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

async function readWhole(blob: Blob, limit: number, name: string): Promise<Uint8Array> {
  if (blob.size > limit) throw tooLarge(name, blob.size, limit);
  return new Uint8Array(await blob.arrayBuffer());
}

function tooLarge(name: string, size: number, limit: number): AppError {
  const mb = (n: number): string => `${Math.round(n / 1024 ** 2).toLocaleString('en-US')} MB`;
  return new AppError(
    'import-too-large',
    `${name} is ${mb(size)}, more than this browser can read into memory (${mb(limit)} for this format). ` +
      'Split it into smaller files, or convert it to CSV, which is read from disk as needed.',
  );
}

function isParquet(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;
}

/** NUL bytes, or many control characters, mean binary data. */
function looksBinary(bytes: Uint8Array): boolean {
  let control = 0;
  for (const b of bytes) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control > bytes.length * 0.05;
}

/** Valid UTF-8, allowing a multi-byte character cut off at the end of a partial read. */
function isUtf8(bytes: Uint8Array, whole: boolean): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(bytes, { stream: !whole });
    return true;
  } catch {
    return false;
  }
}
