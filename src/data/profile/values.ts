import type { Table } from 'apache-arrow';
import { quoteLiteral } from '../sql';
import { countAt, mapRows, textOrNull } from './results';
import { asText, ident, PLACEHOLDERS, REVIEW_PATTERN, stripped, type Col } from './shape';
import type { Placeholder, ValueCount } from './types';

/* The most frequent values of every column, and the placeholder spellings of text columns, in one query. */

const TOP = 10;
const MAX_PLACEHOLDERS = 20;

export interface ValueColumn {
  readonly col: Col;
  /** Every value is distinct: the first values in order stand in for the most frequent. */
  readonly unique: boolean;
}

function topBranch(relation: string, { col, unique }: ValueColumn): string {
  const where = `FROM ${relation} WHERE ${ident(col)} IS NOT NULL`;
  // Positional GROUP BY / ORDER BY: a column named "value" or "n" must not capture the aliases.
  return unique
    ? `(SELECT ${col.index} AS col, 'top' AS part, ${asText(col)} AS value, 1 AS n ${where} ORDER BY 3 LIMIT ${TOP})`
    : `(SELECT ${col.index} AS col, 'top' AS part, ${asText(col)} AS value, count(*) AS n ${where} GROUP BY ALL ORDER BY 4 DESC, 3 LIMIT ${TOP})`;
}

function placeholderBranch(relation: string, col: Col): string {
  const s = `lower(${stripped(ident(col))})`;
  return [
    `(SELECT ${col.index} AS col, 'placeholder' AS part, ${ident(col)} AS value, count(*) AS n FROM ${relation}`,
    `WHERE ${s} IN (${PLACEHOLDERS.map(quoteLiteral).join(', ')}) OR regexp_matches(${s}, ${quoteLiteral(REVIEW_PATTERN)})`,
    `GROUP BY ALL ORDER BY 4 DESC, 3 LIMIT ${MAX_PLACEHOLDERS})`,
  ].join('\n');
}

export function valuesSql(relation: string, cols: readonly ValueColumn[]): string {
  const branches = [
    ...cols.map((c) => topBranch(relation, c)),
    ...cols.filter((c) => c.col.kind === 'text').map((c) => placeholderBranch(relation, c.col)),
  ];
  return branches.join('\nUNION ALL\n');
}

export interface ColumnValues {
  readonly top: ValueCount[];
  readonly placeholders: Placeholder[];
}

export function readValues(result: Table): Map<number, ColumnValues> {
  const byColumn = new Map<number, ColumnValues>();
  mapRows(result, (row) => {
    const col = countAt(result, 'col', row);
    const entry = byColumn.get(col) ?? { top: [], placeholders: [] };
    const value = textOrNull(result, 'value', row) ?? '';
    const count = countAt(result, 'n', row);
    if (textOrNull(result, 'part', row) === 'top') entry.top.push({ value, count });
    else entry.placeholders.push(isSure(value) ? { value, count } : { value, count, review: true });
    byColumn.set(col, entry);
  });
  return byColumn;
}

/** A sure placeholder, as opposed to one flagged for review. */
export function isSure(value: string): boolean {
  return PLACEHOLDERS.includes(value.trim().toLowerCase());
}
