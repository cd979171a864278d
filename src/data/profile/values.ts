import type { Table } from 'apache-arrow';
import { quoteLiteral } from '../sql';
import { countAt, mapRows, numberOrNull, textOrNull } from './results';
import { CODED_UNKNOWN_PATTERN, ident, PLACEHOLDERS, REVIEW_PATTERN, type Col } from './shape';
import type { Placeholder, ValueCount } from './types';

/*
 * The most frequent values of every column, the number of distinct values of the columns that are
 * not text, and the placeholder spellings of text columns, in one query. Text columns read their
 * distinct values from the table `textValuesSql` made; other columns are grouped here, on their
 * own values (cast to text only for the ten shown: casting a million numbers costs more than
 * grouping them), so their distinct count is exact and costs nothing more.
 */

const TOP = 10;
const MAX_PLACEHOLDERS = 20;

const COLUMNS = 'col, part, value, n, distinct_values, r';

function topBranch(relation: string, col: Col): string {
  // Nested types ('other') are grouped and ordered by their text, as they print.
  const v = col.kind === 'other' ? `CAST(${ident(col)} AS VARCHAR)` : ident(col);
  const grouped = `SELECT ${v} AS v, count(*) AS n FROM ${relation} WHERE ${ident(col)} IS NOT NULL GROUP BY ALL`;
  const counted = `SELECT v, n, count(*) OVER () AS d FROM (${grouped})`;
  const top = `SELECT v, n, d FROM (${counted}) ORDER BY n DESC, v LIMIT ${TOP}`;
  return `SELECT ${col.index} AS col, 'top' AS part, CAST(v AS VARCHAR) AS value, n, d AS distinct_values, row_number() OVER (ORDER BY n DESC, v) AS r FROM (${top})`;
}

/** Per text column, its TOP most frequent values and its placeholders, from `values`. */
function textBranch(values: string): string {
  const placeholder = `s IN (${PLACEHOLDERS.map(quoteLiteral).join(', ')}) OR regexp_matches(s, ${quoteLiteral(CODED_UNKNOWN_PATTERN)}) OR regexp_matches(s, ${quoteLiteral(REVIEW_PATTERN)})`;
  const rank = (where: string) =>
    `SELECT col, v, n, row_number() OVER (PARTITION BY col ORDER BY n DESC, v) AS r FROM ${values} WHERE ${where}`;
  return [
    `SELECT col, 'top' AS part, v AS value, n, NULL AS distinct_values, r FROM (${rank('true')}) WHERE r <= ${TOP}`,
    `SELECT col, 'placeholder' AS part, v AS value, n, NULL AS distinct_values, r FROM (${rank(placeholder)}) WHERE r <= ${MAX_PLACEHOLDERS}`,
  ].join('\nUNION ALL\n');
}

/** `values` is the table of text values, null when the relation has no text column. */
export function valuesSql(relation: string, cols: readonly Col[], values: string | null): string {
  const branches = [
    ...cols.filter((c) => c.kind !== 'text').map((c) => topBranch(relation, c)),
    ...(values === null ? [] : [textBranch(values)]),
  ];
  const union = branches.map((b) => `SELECT ${COLUMNS} FROM (${b})`).join('\nUNION ALL\n');
  return `SELECT * FROM (\n${union}\n) ORDER BY col, part, r`;
}

export interface ColumnValues {
  readonly top: ValueCount[];
  readonly placeholders: Placeholder[];
  /** Distinct non-NULL values; null for text columns (counted in `detect.ts`). */
  readonly distinct: number | null;
}

export function readValues(result: Table): Map<number, ColumnValues> {
  const byColumn = new Map<number, ColumnValues>();
  mapRows(result, (row) => {
    const col = countAt(result, 'col', row);
    const known = byColumn.get(col);
    const distinct = known?.distinct ?? numberOrNull(result, 'distinct_values', row);
    const entry = { top: known?.top ?? [], placeholders: known?.placeholders ?? [], distinct };
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
  const s = value.trim().toLowerCase();
  return PLACEHOLDERS.includes(s) || new RegExp(CODED_UNKNOWN_PATTERN).test(s);
}
