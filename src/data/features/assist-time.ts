import type { Table } from 'apache-arrow';
import type { ColumnInfo } from '../catalog';
import type { SqlEngine } from '../engine';
import { datesSql, laterSql, mayHoldDates } from './assist-sql';
import { countAt } from './results';

/* The data-based post-outcome check: a column whose dates fall after the time column's. */

/** Text holds dates when at least this share of its values parse as dates or timestamps. */
const PARSED_SHARE = 0.95;

/** A candidate's dates against the time column's, on the training rows. */
export interface TimeOrder {
  readonly column: string;
  readonly time: string;
  /** Rows where both are dates. */
  readonly paired: number;
  /** Rows where the column is later than the time column (on a later day when that holds days). */
  readonly later: number;
}

function holdsDates(result: Table): boolean {
  const parsed = countAt(result, 'parsed');
  return parsed > 0 && parsed >= PARSED_SHARE * countAt(result, 'present');
}

/**
 * Each candidate that holds dates (a DATE or TIMESTAMP, or text that parses as them) against the
 * time column on the rows of `from`; none when there is no time column or it does not hold dates.
 */
export async function timeOrders(
  engine: SqlEngine,
  from: string,
  candidates: readonly ColumnInfo[],
  time: ColumnInfo | undefined,
  signal?: AbortSignal,
): Promise<TimeOrder[]> {
  if (time === undefined || !mayHoldDates(time.type)) return [];
  const options = signal ? { signal } : {};
  const dated = await engine.query(datesSql(from, time), options);
  if (!holdsDates(dated)) return [];
  const timeIsDay = countAt(dated, 'timed') === 0;
  const orders: TimeOrder[] = [];
  for (const column of candidates.filter((c) => mayHoldDates(c.type))) {
    const result = await engine.query(laterSql(from, column, time, timeIsDay), options);
    if (holdsDates(result)) {
      const paired = countAt(result, 'paired');
      orders.push({ column: column.name, time: time.name, paired, later: countAt(result, 'later') });
    }
  }
  return orders;
}
