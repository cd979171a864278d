import { AppError } from '../../lib/errors';
import {
  MAX_CATEGORIES,
  type ExampleValue,
  type InputColumn,
  type InputSchema,
} from '../../notebook/bundle/types';
import type { FeatureSpec } from '../../notebook/feature-types';
import { quoteIdent, quoteLiteral } from '../sql';
import type { Row, RowReader } from './rows';
import { columnUses, count, describeColumns, numberOrNull, textOrNull } from './stats';

/*
 * The input schema a bundle carries: the columns of the model's input table that the features
 * read, as seen in that table — DuckDB's type, NULLs, the range of numbers and times, the
 * distinct texts — and a few example rows.
 */

/** Code-point order (as the one-hot encoding's categories), not UTF-16 order. */
function byCodePoint(a: string, b: string): number {
  const [x, y] = [Array.from(a), Array.from(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

const NUMERIC_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\))$/;

/** An example value as JSON can hold it: numbers as numbers, booleans as booleans, anything else as DuckDB prints it. */
function exampleSql(name: string, type: string): string {
  const q = quoteIdent(name);
  if (NUMERIC_TYPE.test(type))
    return `CASE WHEN isfinite(CAST(${q} AS DOUBLE)) THEN CAST(${q} AS DOUBLE) END`;
  if (type === 'BOOLEAN') return q;
  return `CAST(${q} AS VARCHAR)`;
}

/** Example texts are cut short and lose NUL characters: they are for people, and a bundle refuses both. */
function exampleText(text: string): string {
  const clean = text.replaceAll('\u0000', '\ufffd');
  return clean.length > 1000 ? `${clean.slice(0, 999)}…` : clean;
}

function exampleValue(value: unknown): ExampleValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  return exampleText(String(value));
}

function aggregateSql(
  columns: readonly { name: string; uses: ReadonlySet<string> }[],
  table: string,
): string {
  const lines = ['count(*) AS "rows"'];
  columns.forEach(({ name, uses }, i) => {
    const q = quoteIdent(name);
    lines.push(`count(*) FILTER (WHERE ${q} IS NULL) AS "c${i}_nulls"`);
    if (uses.has('number')) {
      const d = `TRY_CAST(${q} AS DOUBLE)`;
      lines.push(
        `min(${d}) FILTER (WHERE isfinite(${d})) AS "c${i}_min"`,
        `max(${d}) FILTER (WHERE isfinite(${d})) AS "c${i}_max"`,
      );
    }
    if (uses.has('time')) {
      const t = `TRY_CAST(${q} AS TIMESTAMP)`;
      lines.push(`CAST(min(${t}) AS VARCHAR) AS "c${i}_tmin"`, `CAST(max(${t}) AS VARCHAR) AS "c${i}_tmax"`);
    }
    if (uses.has('text')) lines.push(`count(DISTINCT CAST(${q} AS VARCHAR)) AS "c${i}_distinct"`);
  });
  return `SELECT\n  ${lines.join(',\n  ')}\nFROM ${quoteIdent(table)}`;
}

async function categories(read: RowReader, table: string, name: string): Promise<string[] | null> {
  const q = quoteIdent(name);
  const rows = await read(
    `SELECT DISTINCT CAST(${q} AS VARCHAR) AS "value" FROM ${quoteIdent(table)} WHERE ${q} IS NOT NULL LIMIT ${MAX_CATEGORIES + 1}`,
  );
  if (rows.length > MAX_CATEGORIES) return null;
  return rows.map((r) => String(r['value'])).sort(byCodePoint);
}

function columnOf(
  name: string,
  type: string,
  uses: ReadonlySet<string>,
  row: Row,
  i: number,
): Omit<InputColumn, 'text'> {
  const range = (lo: number | null, hi: number | null) =>
    lo === null || hi === null ? null : { min: lo, max: hi };
  const times = (lo: string | null, hi: string | null) =>
    lo === null || hi === null ? null : { min: lo, max: hi };
  return {
    name,
    type,
    nulls: count(row, `c${i}_nulls`),
    ...(uses.has('number')
      ? { number: range(numberOrNull(row, `c${i}_min`), numberOrNull(row, `c${i}_max`)) }
      : {}),
    ...(uses.has('time')
      ? { time: times(textOrNull(row, `c${i}_tmin`), textOrNull(row, `c${i}_tmax`)) }
      : {}),
    ...(uses.has('boolean') ? { boolean: true as const } : {}),
  };
}

/**
 * Profiles the model's input table for its bundle: every column the fitted spec reads (in the
 * order it first reads them), over all of the table's rows, and `exampleRows` rows of it.
 */
export async function profileInput(
  read: RowReader,
  table: string,
  spec: FeatureSpec,
  options: { exampleRows?: number } = {},
): Promise<InputSchema> {
  const described = new Map((await describeColumns(read, table)).map((c) => [c.name, c.type]));
  const columns = [...columnUses(spec)].map(([name, uses]) => {
    const type = described.get(name);
    if (type === undefined) {
      throw new AppError(
        'invalid-document',
        `The features read "${name}", which "${table}" does not have any more: run the Features cell again.`,
      );
    }
    return { name, type, uses };
  });
  const [row] = await read(aggregateSql(columns, table));
  if (!row) throw new AppError('internal', `Profiling "${table}" returned no row.`);
  const profiled: InputColumn[] = [];
  for (const [i, { name, type, uses }] of columns.entries()) {
    const base = columnOf(name, type, uses, row, i);
    profiled.push(
      uses.has('text')
        ? {
            ...base,
            text: { categories: await categories(read, table, name), distinct: count(row, `c${i}_distinct`) },
          }
        : base,
    );
  }
  const exampleRows = await read(
    `SELECT ${columns.map((c, i) => `${exampleSql(c.name, c.type)} AS "v${i}"`).join(', ')} FROM ${quoteIdent(table)} LIMIT ${options.exampleRows ?? 5}`,
  );
  return {
    table,
    rows: count(row, 'rows'),
    columns: profiled,
    example: {
      columns: columns.map((c) => c.name),
      rows: exampleRows.map((r) => columns.map((_, i) => exampleValue(r[`v${i}`]))),
    },
  };
}

/** A table of a bundle's example rows, each value as its JSON type (numbers as DOUBLE, text as VARCHAR). */
export function exampleTableSql(schema: InputSchema, table: string): string {
  const literal = (value: ExampleValue): string =>
    value === null
      ? 'NULL'
      : typeof value === 'string'
        ? quoteLiteral(value)
        : typeof value === 'boolean'
          ? String(value)
          : `CAST(${quoteLiteral(String(value))} AS DOUBLE)`;
  if (schema.example.rows.length === 0)
    throw new AppError('invalid-document', 'This bundle has no example rows.');
  const names = schema.example.columns.map(quoteIdent).join(', ');
  const rows = schema.example.rows.map((row) => `(${row.map(literal).join(', ')})`).join(',\n  ');
  return `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM (VALUES\n  ${rows}\n) AS example(${names})`;
}
