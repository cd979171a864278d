import type { CsvOptions } from '../notebook/types';
import { delimiterLabel, firstLine, guessDelimiter, looksDoubleQuoted, type Delimiter } from './csv-text';
import type { QueryOptions, SqlEngine } from './engine';
import type { TextEncoding } from './inspect';
import { quoteIdent, quoteLiteral } from './sql';

// Where the reader keeps the rows it skips (csv-rejects.ts reads them back). Our own names:
// DuckDB's defaults (`reject_errors`, `reject_scans`) could be a user's tables.
export const REJECTS_TABLE = 'casebook_csv_rejects';
export const REJECTS_SCAN = 'casebook_csv_reject_scans';

/** What the CSV reader was told beyond the user's options, after looking at the file. */
export interface Dialect {
  readonly delimiter: Delimiter | null;
  /** Force RFC 4180 quoting (`"`, doubled inside) where DuckDB's sniffer gave up on quotes. */
  readonly quote: boolean;
  /** Read with these columns and no sniffing (when the sniffer itself fails on the quoting). */
  readonly columns?: readonly SniffedColumn[];
}

export interface SniffedColumn {
  readonly name: string;
  readonly type: string;
}

export interface CsvSource {
  readonly table: string;
  /** The name the file is registered under in DuckDB. */
  readonly fileName: string;
  /** The file's name for people. */
  readonly displayName: string;
  readonly csv: CsvOptions;
  /** The text encoding DuckDB reads it as (anything else was converted to UTF-8 first). */
  readonly encoding: TextEncoding;
  /** `view`: a file too large to copy (`VIEW_ABOVE_BYTES`), read in place by every query. */
  readonly materialize: 'table' | 'view';
  readonly options: QueryOptions;
}

export function readCsvSql(source: CsvSource, dialect: Dialect): string {
  const { csv } = source;
  const delimiter = csv.delimiter === 'auto' ? dialect.delimiter : csv.delimiter;
  const args = [
    quoteLiteral(source.fileName),
    `header = ${csv.header ? 'true' : 'false'}`,
    ...(delimiter ? [`delim = ${quoteLiteral(delimiter)}`] : []),
    ...(source.encoding === 'latin-1' ? ["encoding = 'latin-1'"] : []),
    ...(dialect.quote ? [`quote = '"'`, `escape = '"'`] : []),
    ...(dialect.columns ? ['auto_detect = false', `columns = ${columnsStruct(dialect.columns)}`] : []),
    // A view's rows are read by each query over it: bad ones are skipped there, but not stored.
    ...(csv.skipBadRows && source.materialize === 'view' ? ['ignore_errors = true'] : []),
    ...(csv.skipBadRows && source.materialize === 'table'
      ? [
          'ignore_errors = true',
          'store_rejects = true',
          `rejects_table = ${quoteLiteral(REJECTS_TABLE)}`,
          `rejects_scan = ${quoteLiteral(REJECTS_SCAN)}`,
        ]
      : []),
  ];
  const kind = source.materialize === 'view' ? 'VIEW' : 'TABLE';
  return `CREATE OR REPLACE ${kind} ${quoteIdent(source.table)} AS SELECT * FROM read_csv(${args.join(', ')})`;
}

function columnsStruct(columns: readonly SniffedColumn[]): string {
  return `{${columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(', ')}}`;
}

interface Sniffed {
  readonly delimiter: string;
  readonly quote: string;
  readonly columnCount: number;
}

/** DuckDB's own guess at the dialect (`sniff_csv`), with the user's options. */
async function sniff(engine: SqlEngine, source: CsvSource): Promise<Sniffed> {
  const sql = `SELECT Delimiter AS delimiter, Quote AS quote, len(Columns) AS n FROM ${sniffCall(source)}`;
  const result = await engine.query(sql, source.options);
  return {
    delimiter: String(result.getChild('delimiter')?.get(0) ?? ','),
    quote: String(result.getChild('quote')?.get(0) ?? ''),
    columnCount: Number(result.getChild('n')?.get(0) ?? 0),
  };
}

function sniffCall(source: CsvSource): string {
  const { csv } = source;
  const args = [
    quoteLiteral(source.fileName),
    `header = ${csv.header ? 'true' : 'false'}`,
    ...(csv.delimiter === 'auto' ? [] : [`delim = ${quoteLiteral(csv.delimiter)}`]),
    ...(source.encoding === 'latin-1' ? ["encoding = 'latin-1'"] : []),
    ...(csv.skipBadRows ? ['ignore_errors = true'] : []),
  ];
  return `sniff_csv(${args.join(', ')})`;
}

/** The columns DuckDB sniffs when it ignores quotes, for a read that cannot sniff with them. */
export async function sniffColumns(engine: SqlEngine, source: CsvSource): Promise<SniffedColumn[]> {
  const sql = `SELECT c.name AS name, c.type AS type FROM (SELECT unnest(Columns) AS c FROM ${sniffCall(source)})`;
  const result = await engine.query(sql, source.options);
  const columns: SniffedColumn[] = [];
  for (let i = 0; i < result.numRows; i++) {
    // Without sniffing, dates are read as ISO only: keep them as text rather than reject every row.
    const type = String(result.getChild('type')?.get(i));
    columns.push({
      name: String(result.getChild('name')?.get(i)),
      type: /^(DATE|TIME)/.test(type) ? 'VARCHAR' : type,
    });
  }
  return columns;
}

/**
 * Fixes what DuckDB's sniffer gets wrong on hostile files: a ragged file read as one column
 * (duckdb/duckdb#14117) is split on the delimiter of its first line, and double quotes it gave
 * up on are enforced, so a broken row is reported (or skipped) instead of quotes left in values.
 */
export async function chooseDialect(
  engine: SqlEngine,
  source: CsvSource,
  head: string,
): Promise<{ dialect: Dialect; notices: string[]; quoted: boolean }> {
  const sniffed = await sniff(engine, source);
  const notices: string[] = [];
  let delimiter: Delimiter | null = null;
  if (source.csv.delimiter === 'auto' && sniffed.columnCount === 1) {
    delimiter = guessDelimiter(firstLine(head));
    if (delimiter) {
      notices.push(
        `DuckDB read ${source.displayName} as a single column, although its first line is split by ` +
          `“${delimiterLabel(delimiter)}”; it was read with that delimiter instead. If that is wrong, choose the delimiter by hand.`,
      );
    }
  }
  const used = source.csv.delimiter === 'auto' ? (delimiter ?? sniffed.delimiter) : source.csv.delimiter;
  const quote = sniffed.quote !== '"' && looksDoubleQuoted(head, used);
  // Read with RFC 4180 quotes (sniffed or enforced): a value may then start with a quote it holds.
  return { dialect: { delimiter, quote }, notices, quoted: quote || sniffed.quote === '"' };
}

/** A read that still came out as one column although the first line has a delimiter in it. */
export function oneColumnNotice(source: CsvSource, columnCount: number, head: string): string[] {
  if (columnCount !== 1) return [];
  const line = firstLine(head);
  const guessed = guessDelimiter(line);
  if (guessed === null) {
    // A file named like a table that reads as one column is rarely meant that way: say so.
    if (!/\.(csv|tsv|tab)$/i.test(source.displayName)) return [];
    const long = line.length > 200 ? `, ${line.length.toLocaleString('en-US')} characters long,` : '';
    return [
      `${source.displayName} came out as a single column: its first line${long} holds no comma, semicolon, tab or pipe. ` +
        'If it should have several columns, check that it is a CSV export and choose its delimiter.',
    ];
  }
  if (guessed === source.csv.delimiter) return [];
  return [
    `${source.displayName} came out as a single column, but its first line contains “${delimiterLabel(guessed)}”. ` +
      'If the data should have several columns, choose that delimiter.',
  ];
}
