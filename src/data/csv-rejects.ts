import { AppError, errorMessage } from '../lib/errors';
import { REJECTS_SCAN, REJECTS_TABLE, type CsvSource, type Dialect } from './csv-sql';
import { findLayoutProblem, firstLine, guessDelimiter, looksDoubleQuoted } from './csv-text';
import type { QueryOptions, SqlEngine } from './engine';
import { quoteIdent } from './sql';

export async function clearRejects(engine: SqlEngine): Promise<void> {
  await engine.exec(
    `DROP TABLE IF EXISTS temp.main.${quoteIdent(REJECTS_TABLE)}; DROP TABLE IF EXISTS temp.main.${quoteIdent(REJECTS_SCAN)}`,
  );
}

const SAMPLE_SIZE = 5;

/**
 * How many rows were skipped, and a few of DuckDB's reasons. A row with several bad values is
 * one row; a row with an unclosed quote swallows the lines after it, which are counted too.
 */
export async function readRejects(
  engine: SqlEngine,
  options: QueryOptions,
): Promise<{ count: number; sample: string[]; invalidEncoding: boolean }> {
  const table = `temp.main.${quoteIdent(REJECTS_TABLE)}`;
  const perLine = `SELECT line, min(error_message) AS reason, any_value(csv_line) AS text,
      max(len(csv_line) - len(replace(csv_line, chr(10), '')) + 1) AS lines
    FROM ${table} GROUP BY line`;
  const counted = await engine.query(
    `SELECT coalesce(sum(lines), 0) AS n,
      (SELECT count(*) FROM ${table} WHERE error_type = 'INVALID ENCODING') AS invalid_encoding
    FROM (${perLine})`,
    options,
  );
  const rows = await engine.query(`${perLine} ORDER BY line LIMIT ${SAMPLE_SIZE}`, options);
  const sample: string[] = [];
  for (let i = 0; i < rows.numRows; i++) {
    const text = String(rows.getChild('text')?.get(i) ?? '').replace(/\s+/g, ' ');
    const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
    sample.push(
      `line ${String(rows.getChild('line')?.get(i))}: ${String(rows.getChild('reason')?.get(i))} (“${shown}”)`,
    );
  }
  return {
    count: Number(counted.getChild('n')?.get(0) ?? 0),
    sample,
    invalidEncoding: Number(counted.getChild('invalid_encoding')?.get(0) ?? 0) > 0,
  };
}

const REASONS =
  /Expected Number of Columns: \d+ Found: \d+|Value with unterminated quote found\.|Error when converting column[^\n]*|Maximum line size[^\n]*|Invalid unicode[^\n]*/;

/** AppError('import-malformed') quoting DuckDB's reason and where it is, and what to do. */
export function malformedCsv(source: CsvSource, dialect: Dialect, head: string, e: unknown): AppError {
  const message = errorMessage(e);
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const reason = REASONS.exec(message)?.[0].replace(/\.$/, '');
  let what: string;
  if (line !== undefined) {
    what = `line ${line}: ${reason ?? 'it does not fit the layout of the rows before it'}`;
  } else if (/sniffing file|automatically detect/.test(message)) {
    const chosen = source.csv.delimiter === 'auto' ? dialect.delimiter : source.csv.delimiter;
    const delimiter = chosen ?? guessDelimiter(firstLine(head)) ?? ',';
    const problem = findLayoutProblem(head, delimiter, dialect.quote || looksDoubleQuoted(head, delimiter));
    what = problem
      ? `line ${problem.line}: ${problem.reason}`
      : 'its rows do not share one layout (the same delimiter, quoting and number of fields)';
  } else {
    what = (message.split('\n')[0] ?? message).trim();
  }
  const advice = source.csv.skipBadRows
    ? 'Check the delimiter and the header option, or export the file again.'
    : 'Turn on “Skip bad rows” to import the rest; the number of rows skipped will be shown.';
  const delimiterHint = source.csv.delimiter === 'auto' ? '' : ' Or check the delimiter you chose.';
  return new AppError(
    'import-malformed',
    `${source.displayName} could not be read as CSV: ${what}. ${advice}${delimiterHint}`,
    { cause: e },
  );
}
