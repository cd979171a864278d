import { AppError } from '../lib/errors';
import type { QueryOptions, SqlEngine } from './engine';
import { quoteIdent, quoteLiteral } from './sql';

/** A value that opens a quote and never closes it: it starts with `"` and holds an odd number of them. */
const unclosed = (column: string): string => {
  const c = quoteIdent(column);
  return `(starts_with(${c}, '"') AND (length(${c}) - length(replace(${c}, '"', ''))) % 2 = 1)`;
};

export interface UnclosedQuotes {
  /** Rows holding such a value. */
  readonly count: number;
  /** A few of them: "data row 3001: name “"unclosed”". */
  readonly sample: readonly string[];
}

const SAMPLE = 5;

/**
 * Rows of a freshly read CSV table that hold a value with an unclosed quote. When DuckDB reads a
 * file without quoting (no quote in the part it sniffed), `"abc,5` far down the file arrives as the
 * value `"abc`: silently, unless it is looked for. Row numbers count data rows from 1 in file order.
 */
export async function findUnclosedQuotes(
  engine: SqlEngine,
  table: string,
  textColumns: readonly string[],
  options: QueryOptions,
): Promise<UnclosedQuotes> {
  if (textColumns.length === 0) return { count: 0, sample: [] };
  const where = textColumns.map(unclosed).join(' OR ');
  const firstOf = (pick: (c: string) => string): string =>
    `coalesce(${textColumns.map((c) => `CASE WHEN ${unclosed(c)} THEN ${pick(c)} END`).join(', ')})`;
  const found = await engine.query(
    `SELECT rowid + 1 AS row_number, ${firstOf(quoteLiteral)} AS column_name, ${firstOf(quoteIdent)} AS value,
      count(*) OVER () AS n
    FROM ${quoteIdent(table)} WHERE ${where} ORDER BY rowid LIMIT ${SAMPLE}`,
    options,
  );
  const sample: string[] = [];
  for (let i = 0; i < found.numRows; i++) {
    const value = String(found.getChild('value')?.get(i) ?? '');
    const shown = value.length > 40 ? `${value.slice(0, 37)}…` : value;
    sample.push(
      `data row ${String(found.getChild('row_number')?.get(i))}: ${String(found.getChild('column_name')?.get(i))} “${shown}” opens a quote that never closes`,
    );
  }
  return { count: Number(found.getChild('n')?.get(0) ?? 0), sample };
}

/** Deletes the rows `findUnclosedQuotes` found: what "skip bad rows" does with them. */
export async function dropUnclosedQuotes(
  engine: SqlEngine,
  table: string,
  textColumns: readonly string[],
  options: QueryOptions,
): Promise<void> {
  await engine.exec(
    `DELETE FROM ${quoteIdent(table)} WHERE ${textColumns.map(unclosed).join(' OR ')}`,
    options,
  );
}

/** The refusal when bad rows are not skipped, naming the first rows and how to go on. */
export function unclosedQuoteError(displayName: string, found: UnclosedQuotes): AppError {
  return new AppError(
    'import-malformed',
    `${displayName} could not be read as CSV: ${found.count.toLocaleString('en-US')} ${found.count === 1 ? 'row has' : 'rows have'} a value with an unclosed quote (${found.sample.join('; ')}). ` +
      'Turn on “Skip bad rows” to import the rest; the rows skipped will be counted. Or fix the quoting in the file and import it again.',
  );
}
