import { AppError, assertNever } from '../../lib/errors';
import { quoteIdent, quoteLiteral } from '../sql';
import type { Aggregate } from './types';

export interface ChartColumn {
  readonly name: string;
  readonly type: string;
}

export type ColumnClass = 'number' | 'time' | 'boolean' | 'text' | 'other';

const NUMBER =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL(\(\d+,\s*\d+\))?)$/i;
const TIME = /^(DATE|TIMESTAMP(_S|_MS|_NS)?|TIMESTAMP WITH TIME ZONE|TIMESTAMPTZ)$/i;

/** How a chart can use a column of this DuckDB type. */
export function columnClass(type: string): ColumnClass {
  const t = type.trim();
  if (NUMBER.test(t)) return 'number';
  if (TIME.test(t)) return 'time';
  if (/^BOOLEAN$/i.test(t)) return 'boolean';
  if (/^(VARCHAR|ENUM\(.*\)|UUID)$/is.test(t)) return 'text';
  return 'other';
}

/** The column called `name` (DuckDB names are case-insensitive), or a message for people. */
export function findColumn(columns: readonly ChartColumn[], name: string, table: string): ChartColumn {
  const found =
    columns.find((c) => c.name === name) ?? columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (found === undefined) {
    throw new AppError('bad-input', `The chart uses column "${name}", which table "${table}" does not have.`);
  }
  return found;
}

/** A column that must hold numbers (a measure, a histogram, a scatter axis). */
export function numericColumn(columns: readonly ChartColumn[], name: string, table: string): ChartColumn {
  const column = findColumn(columns, name, table);
  if (columnClass(column.type) !== 'number') {
    throw new AppError(
      'bad-input',
      `Column "${column.name}" is ${column.type}, not numbers: cast it to a number first, or chart another column.`,
    );
  }
  return column;
}

/** The SQL of a column as DOUBLE. */
export function asDouble(column: ChartColumn): string {
  return `CAST(${quoteIdent(column.name)} AS DOUBLE)`;
}

/** The SQL of a column as a category label: its text, with NULL shown as "(missing)". */
export function asLabel(column: ChartColumn): string {
  return `coalesce(CAST(${quoteIdent(column.name)} AS VARCHAR), ${quoteLiteral(MISSING)})`;
}

export const MISSING = '(missing)';
export const OTHER = '(other)';

/** "mean of price", "count". */
export function aggregateLabel(aggregate: Aggregate, y: string | undefined): string {
  if (aggregate === 'count' || y === undefined) return 'count';
  return `${aggregate} of ${y}`;
}

/** The DuckDB aggregate over the DOUBLE column `v` (or rows, for count). */
export function aggregateSql(aggregate: Aggregate, v: string): string {
  switch (aggregate) {
    case 'count':
      return 'CAST(count(*) AS DOUBLE)';
    case 'sum':
      return `sum(${v})`;
    case 'mean':
      return `avg(${v})`;
    case 'median':
      return `median(${v})`;
    case 'min':
      return `min(${v})`;
    case 'max':
      return `max(${v})`;
    default:
      return assertNever(aggregate);
  }
}

const POSITIVE = /^(yes|y|true|t|1|1\.0|positive|pos)$/i;

/**
 * The positive class of a binary target, from its distinct non-NULL values as text: the one that
 * reads as Yes / true / 1. Null when the target has not two values or none of them reads so.
 */
export function detectPositive(values: readonly string[]): string | null {
  const distinct = [...new Set(values)];
  if (distinct.length !== 2) return null;
  return distinct.find((value) => POSITIVE.test(value.trim())) ?? null;
}
