import { AppError } from '../../lib/errors';
import { RANGE_MARGIN, useOf, type ColumnStats, type ObservedColumn } from '../../notebook/bundle/check';
import type { ColumnUse, InputColumn, InputSchema } from '../../notebook/bundle/types';
import type { FeatureSpec } from '../../notebook/feature-types';
import { sqlNumber } from '../features/encodings';
import { quoteIdent, quoteLiteral } from '../sql';
import type { Row, RowReader } from './rows';

/*
 * The SQL that counts what the input check needs (src/notebook/bundle/check.ts), in one pass over
 * the rows to score, plus one small query per text column with values not seen in training.
 * Plain SQL over a relation name, read through a `RowReader`: the app runs it on DuckDB-WASM, the
 * command line on native DuckDB. Column names reach SQL through `quoteIdent`, training values
 * through `quoteLiteral` and `sqlNumber` only.
 */

/** The uses each column the spec reads is put to, in the order the spec first reads it. */
export function columnUses(spec: FeatureSpec): Map<string, Set<ColumnUse>> {
  const uses = new Map<string, Set<ColumnUse>>();
  for (const f of spec.features) {
    const set = uses.get(f.column) ?? new Set<ColumnUse>();
    set.add(useOf(f));
    uses.set(f.column, set);
  }
  return uses;
}

export function count(row: Row, key: string): number {
  const value = row[key];
  if (typeof value === 'bigint' || typeof value === 'number') return Number(value);
  throw new AppError('internal', `The input check read no count for ${key}.`);
}

export function numberOrNull(row: Row, key: string): number | null {
  const value = row[key];
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export function textOrNull(row: Row, key: string): string | null {
  const value = row[key];
  return value === null || value === undefined ? null : String(value);
}

const asDouble = (q: string) => `TRY_CAST(${q} AS DOUBLE)`;
const asTime = (q: string) => `TRY_CAST(${q} AS TIMESTAMP)`;
const asText = (q: string) => `CAST(${q} AS VARCHAR)`;

/** `value` beyond [lo, hi] widened by the margin: the SQL bounds for "far outside". */
function widened(lo: string, hi: string): { low: string; high: string } {
  const margin = sqlNumber(RANGE_MARGIN);
  return { low: `(${lo} - ${margin} * (${hi} - ${lo}))`, high: `(${hi} + ${margin} * (${hi} - ${lo}))` };
}

function categoriesIn(categories: readonly string[]): string {
  return categories.length === 0 ? 'false' : `IN (${categories.map(quoteLiteral).join(', ')})`;
}

const EXACT_NUMBER =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|DECIMAL\(\d+,\d+\))$/;
const FLOAT_NUMBER = /^(FLOAT|DOUBLE)$/;

/**
 * A column read as a number, as SQL: the column itself when its type is numeric (nothing to
 * convert, so nothing can fail), else TRY_CAST to DOUBLE; and whether a value can be NaN or ±inf.
 */
function numberOf(q: string, type: string): { value: string; exact: boolean; float: boolean } {
  if (EXACT_NUMBER.test(type)) return { value: `CAST(${q} AS DOUBLE)`, exact: true, float: false };
  if (FLOAT_NUMBER.test(type)) return { value: `CAST(${q} AS DOUBLE)`, exact: false, float: true };
  return { value: asDouble(q), exact: false, float: false };
}

/**
 * One column's counts in the first pass (`c<i>_…` columns), SQL chosen by the column's type here:
 * the cheapest that answers. Counts of values far outside the training range come in a second
 * pass (`rangeCountsSql`), only for columns whose smallest or largest value lies out there.
 */
function columnCounts(column: InputColumn, i: number, type: string): string[] {
  const q = quoteIdent(column.name);
  const key = (what: string) => quoteIdent(`c${i}_${what}`);
  const lines = [`count(*) - count(${q}) AS ${key('nulls')}`];
  if (column.number !== undefined) {
    const { value: d, exact, float } = numberOf(q, type);
    if (exact) {
      lines.push(`min(${d}) AS ${key('num_min')}`, `max(${d}) AS ${key('num_max')}`);
    } else {
      // A value that does not convert, NaN or ±inf fails: DuckDB orders NaN above every number.
      const failed = float
        ? `NOT isfinite(${q})`
        : `${q} IS NOT NULL AND NOT coalesce(isfinite(${d}), false)`;
      lines.push(
        `count(*) FILTER (WHERE ${failed}) AS ${key('num_failed')}`,
        `min(${d}) FILTER (WHERE isfinite(${d})) AS ${key('num_min')}`,
        `max(${d}) FILTER (WHERE isfinite(${d})) AS ${key('num_max')}`,
      );
    }
  }
  if (column.text?.categories) {
    const known = categoriesIn(column.text.categories);
    const unseen = known === 'false' ? 'true' : `${asText(q)} NOT ${known}`;
    lines.push(`count(*) FILTER (WHERE ${q} IS NOT NULL AND ${unseen}) AS ${key('unseen')}`);
  }
  if (column.time !== undefined) {
    const t = asTime(q);
    lines.push(`count(*) FILTER (WHERE ${q} IS NOT NULL AND ${t} IS NULL) AS ${key('time_failed')}`);
    lines.push(
      `CAST(min(${t}) AS VARCHAR) AS ${key('time_min')}`,
      `CAST(max(${t}) AS VARCHAR) AS ${key('time_max')}`,
    );
    if (column.time !== null) {
      const e = (text: string) => `epoch(TRY_CAST(${quoteLiteral(text)} AS TIMESTAMP))`;
      const { low, high } = widened(e(column.time.min), e(column.time.max));
      lines.push(
        `count(*) FILTER (WHERE epoch(${t}) < ${low}) AS ${key('time_before')}`,
        `count(*) FILTER (WHERE epoch(${t}) > ${high}) AS ${key('time_after')}`,
      );
    }
  }
  if (column.boolean && type !== 'BOOLEAN') {
    lines.push(
      `count(*) FILTER (WHERE ${q} IS NOT NULL AND TRY_CAST(${q} AS BOOLEAN) IS NULL) AS ${key('bool_failed')}`,
    );
  }
  return lines;
}

/** The first pass: the row count and every present column's counts. */
export function inputStatsSql(
  schema: InputSchema,
  relation: string,
  present: readonly ObservedColumn[],
): string {
  const types = new Map(present.map((c) => [c.name, c.type]));
  const lines = ['count(*) AS "rows"'];
  schema.columns.forEach((column, i) => {
    const type = types.get(column.name);
    if (type !== undefined) lines.push(...columnCounts(column, i, type));
  });
  return `SELECT\n  ${lines.join(',\n  ')}\nFROM ${quoteIdent(relation)}`;
}

/** The training range widened by the margin: beyond it a value is "far outside". */
function farBounds(range: { min: number; max: number }): { low: number; high: number } {
  const span = range.max - range.min;
  return { low: range.min - RANGE_MARGIN * span, high: range.max + RANGE_MARGIN * span };
}

/** The second pass: how many values lie far outside the training range, for the columns given. */
export function rangeCountsSql(
  columns: readonly { readonly column: InputColumn; readonly index: number; readonly type: string }[],
  relation: string,
): string {
  const lines = columns.flatMap(({ column, index, type }) => {
    if (!column.number) return [];
    const { value: d } = numberOf(quoteIdent(column.name), type);
    const { low, high } = farBounds(column.number);
    return [
      `count(*) FILTER (WHERE isfinite(${d}) AND ${d} < ${sqlNumber(low)}) AS ${quoteIdent(`c${index}_num_below`)}`,
      `count(*) FILTER (WHERE isfinite(${d}) AND ${d} > ${sqlNumber(high)}) AS ${quoteIdent(`c${index}_num_above`)}`,
    ];
  });
  return `SELECT\n  ${lines.join(',\n  ')}\nFROM ${quoteIdent(relation)}`;
}

/** The most frequent values of a text column that training did not see. */
export function unseenValuesSql(column: InputColumn, relation: string, limit = 5): string {
  const q = quoteIdent(column.name);
  const known = categoriesIn(column.text?.categories ?? []);
  const unseen = known === 'false' ? 'true' : `${asText(q)} NOT ${known}`;
  return `SELECT ${asText(q)} AS "value", count(*) AS "rows" FROM ${quoteIdent(relation)}
WHERE ${q} IS NOT NULL AND ${unseen}
GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit}`;
}

function statsOf(column: InputColumn, i: number, row: Row): ColumnStats {
  const at = (what: string) => `c${i}_${what}`;
  const zeroIfAbsent = (what: string) => (row[at(what)] === undefined ? 0 : count(row, at(what)));
  return {
    name: column.name,
    nulls: count(row, at('nulls')),
    ...(column.number === undefined
      ? {}
      : {
          number: {
            failed: zeroIfAbsent('num_failed'),
            below: zeroIfAbsent('num_below'),
            above: zeroIfAbsent('num_above'),
            min: numberOrNull(row, at('num_min')),
            max: numberOrNull(row, at('num_max')),
          },
        }),
    ...(column.text?.categories ? { text: { unseen: count(row, at('unseen')), values: [] } } : {}),
    ...(column.time === undefined
      ? {}
      : {
          time: {
            failed: count(row, at('time_failed')),
            before: zeroIfAbsent('time_before'),
            after: zeroIfAbsent('time_after'),
            min: textOrNull(row, at('time_min')),
            max: textOrNull(row, at('time_max')),
          },
        }),
    ...(column.boolean ? { boolean: { failed: zeroIfAbsent('bool_failed') } } : {}),
  };
}

/** DuckDB's DESCRIBE of a relation: its columns and types. */
export async function describeColumns(read: RowReader, relation: string): Promise<ObservedColumn[]> {
  const rows = await read(`DESCRIBE ${quoteIdent(relation)}`);
  return rows.map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) }));
}

/** Counts the rows to score for the input check: the single pass, then the unseen values of each text column that has some. */
export async function inputStats(
  read: RowReader,
  schema: InputSchema,
  relation: string,
  columns: readonly ObservedColumn[],
): Promise<{ rows: number; stats: ColumnStats[] }> {
  const types = new Map(columns.map((c) => [c.name, c.type]));
  const [first] = await read(inputStatsSql(schema, relation, columns));
  if (!first) throw new AppError('internal', 'The input check returned no row.');
  // The second pass, only for numbers whose smallest or largest value is far outside training's.
  const far = schema.columns.flatMap((column, index) => {
    const type = types.get(column.name);
    if (type === undefined || !column.number) return [];
    const { low, high } = farBounds(column.number);
    const [min, max] = [numberOrNull(first, `c${index}_num_min`), numberOrNull(first, `c${index}_num_max`)];
    return (min !== null && min < low) || (max !== null && max > high) ? [{ column, index, type }] : [];
  });
  const [second] = far.length > 0 ? await read(rangeCountsSql(far, relation)) : [{}];
  const row: Row = { ...first, ...second };
  const stats: ColumnStats[] = [];
  for (const [i, column] of schema.columns.entries()) {
    if (!types.has(column.name)) continue;
    const own = statsOf(column, i, row);
    if (own.text && own.text.unseen > 0) {
      const values = (await read(unseenValuesSql(column, relation))).map((r) => ({
        value: String(r['value']),
        rows: count(r, 'rows'),
      }));
      stats.push({ ...own, text: { ...own.text, values } });
    } else {
      stats.push(own);
    }
  }
  return { rows: count(first, 'rows'), stats };
}
