import type { SqlEngine } from '../../data/engine';
import { countAt } from '../../data/features/results';
import { numberedRowsSql, ROW_ID } from '../../data/split';
import { quoteIdent } from '../../data/sql';
import { AppError } from '../../lib/errors';

/*
 * The backtest's rows in DuckDB: the features cell's input with its row number (`__row_id`, as
 * the features cell numbers it), the time as epoch milliseconds (`__t`) and the position in time
 * order (`__pos`, ties by row number), one temporary table per run; and each fold's rows from it.
 */

export const TIME_MS = '__t';
export const POSITION = '__pos';

/** How a column of `type` becomes a TIMESTAMP, or null when it cannot hold a time. */
function timestampSql(column: string, type: string): string | null {
  const t = type.toUpperCase();
  if (t === 'DATE' || t.startsWith('TIMESTAMP')) return `CAST(${quoteIdent(column)} AS TIMESTAMP)`;
  // Text: what DuckDB reads as a date or time ('2001-03-04', '2001-03-04 10:30:00'); others count as unparseable.
  if (t === 'VARCHAR') return `TRY_CAST(${quoteIdent(column)} AS TIMESTAMP)`;
  return null;
}

export interface TimedRows {
  /** The temporary table: every input column, `__row_id`, `__t`, `__pos`; labelled rows only. */
  readonly table: string;
  /** `__t` of every row, in `__pos` order (ascending). */
  readonly times: Float64Array;
}

/**
 * Makes the run's table of labelled rows in time order and reads their times. Refuses a time
 * column that is missing, not a date, time or text, or that has NULL or unparseable values on
 * labelled rows, naming how many.
 */
export async function timedRows(
  engine: SqlEngine,
  input: { readonly table: string; readonly columns: readonly { name: string; type: string }[] },
  timeColumn: string,
  target: string,
  name: string,
  signal: AbortSignal,
): Promise<TimedRows> {
  const column = input.columns.find((c) => c.name === timeColumn);
  if (column === undefined) {
    throw new AppError(
      'bad-input',
      `The time column "${timeColumn}" is not a column of "${input.table}". Choose the column that holds each row's date or time.`,
    );
  }
  const stamp = timestampSql(column.name, column.type);
  if (stamp === null) {
    throw new AppError(
      'bad-input',
      `The time column "${timeColumn}" is ${column.type}, not a date or time. Choose a DATE or TIMESTAMP column, or convert it in SQL (strptime).`,
    );
  }
  const labelled = `${quoteIdent(target)} IS NOT NULL`;
  const quality = await engine.query(
    `SELECT count(*) FILTER (WHERE ${quoteIdent(timeColumn)} IS NULL) AS nulls,
       count(*) FILTER (WHERE ${quoteIdent(timeColumn)} IS NOT NULL AND ${stamp} IS NULL) AS unparseable,
       count(*) AS n
     FROM ${quoteIdent(input.table)} WHERE ${labelled}`,
    { signal },
  );
  const nulls = countAt(quality, 'nulls');
  const unparseable = countAt(quality, 'unparseable');
  if (countAt(quality, 'n') === 0) {
    throw new AppError(
      'bad-input',
      `"${input.table}" has no rows with a target: there is nothing to backtest.`,
    );
  }
  if (nulls > 0 || unparseable > 0) {
    const parts = [
      nulls > 0 ? `${nulls.toLocaleString('en-US')} rows with no time (NULL)` : '',
      unparseable > 0 ? `${unparseable.toLocaleString('en-US')} values that are not a date or time` : '',
    ].filter((p) => p !== '');
    throw new AppError(
      'bad-input',
      `The time column "${timeColumn}" has ${parts.join(' and ')}. A backtest needs a time on every row: filter those rows out or fix the values in SQL (strptime with the right format), then run again.`,
    );
  }
  await engine.exec(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(name)} AS
     SELECT *, row_number() OVER (ORDER BY ${quoteIdent(TIME_MS)}, ${quoteIdent(ROW_ID)}) - 1 AS ${quoteIdent(POSITION)}
     FROM (SELECT *, epoch_ms(${stamp}) AS ${quoteIdent(TIME_MS)} FROM (${numberedRowsSql(input.table)}) WHERE ${labelled})`,
    { signal },
  );
  const read = await engine.query(
    `SELECT CAST(${quoteIdent(TIME_MS)} AS DOUBLE) AS t FROM ${quoteIdent(name)} ORDER BY ${quoteIdent(POSITION)}`,
    { signal },
  );
  const times: unknown = read.getChild('t')?.toArray();
  if (!(times instanceof Float64Array)) throw new AppError('internal', 'Could not read the backtest times.');
  return { table: name, times };
}

/**
 * The query of one fold's rows, each with `__split`: 'train' for positions in `train`, 'validation'
 * for those in `test` (inclusive ranges of `__pos`).
 */
export function foldRowsSql(
  table: string,
  train: readonly [number, number],
  test: readonly [number, number],
): string {
  const pos = quoteIdent(POSITION);
  const between = ([from, to]: readonly [number, number]) => `${pos} BETWEEN ${from} AND ${to}`;
  return `SELECT *, CASE WHEN ${between(train)} THEN 'train' ELSE 'validation' END AS __split
FROM ${quoteIdent(table)} WHERE ${between(train)} OR ${between(test)}`;
}
