import { quoteIdent, quoteLiteral } from '../sql';
import { baseCtes, countSql, MAX_ROWS, notNull, topLabels, withCtes, type BaseField } from './base';
import {
  aggregateLabel,
  aggregateSql,
  asDouble,
  asLabel,
  columnClass,
  findColumn,
  numericColumn,
  OTHER,
  type ChartColumn,
} from './columns';
import { NO_QUERY_DEFAULTS, type ChartQuery } from './query';
import type { Aggregate, BarSpec, LineGrain, LineSpec } from './types';
import { AppError } from '../../lib/errors';

const DEFAULT_TOP = 20;
/** Numbers, dates and booleans keep up to this many bars before folding: hours, weekdays, small counts never fold. */
const MAX_ORDERED = 100;

/** What orders x naturally: numbers as numbers (not as text: 10 after 9), dates in time, text as text. */
function sortKey(x: ChartColumn): string {
  switch (columnClass(x.type)) {
    case 'number':
      return asDouble(x);
    case 'time':
      return `epoch_ms(CAST(${quoteIdent(x.name)} AS TIMESTAMP))`;
    case 'boolean':
      return `CAST(${quoteIdent(x.name)} AS INTEGER)`;
    default:
      return asLabel(x);
  }
}
const COLORS = 10;

function optionalColumn(columns: readonly ChartColumn[], name: string | undefined, table: string) {
  return name === undefined ? null : findColumn(columns, name, table);
}

/** The measure (DOUBLE `v`) of an aggregate: none for count. */
function measure(
  columns: readonly ChartColumn[],
  aggregate: Aggregate,
  y: string | undefined,
  table: string,
) {
  if (aggregate === 'count' || y === undefined) return null;
  return numericColumn(columns, y, table);
}

/** The base fields of a chart with an optional measure and colour. */
function fieldsOf(first: BaseField, v: ChartColumn | null, color: ChartColumn | null): BaseField[] {
  return [
    first,
    { alias: 'v', sql: v === null ? 'CAST(NULL AS DOUBLE)' : asDouble(v) },
    { alias: 'color', sql: color === null ? 'CAST(NULL AS VARCHAR)' : asLabel(color) },
  ];
}

/**
 * One bar per value of x (its `topN` largest by the aggregate, then "(other)"), split by the
 * 10 most frequent colours, in x's own order (numbers, dates) or by value (text). Rows: x, color,
 * facet, value, count, rank (1… in the chosen order, "(other)" last).
 */
export function barQuery(spec: BarSpec, table: string, columns: readonly ChartColumn[]): ChartQuery {
  const x = findColumn(columns, spec.x, table);
  const v = measure(columns, spec.aggregate, spec.y, table);
  const color = optionalColumn(columns, spec.color, table);
  const facet = optionalColumn(columns, spec.facet, table);
  const ordered = columnClass(x.type) !== 'text' && columnClass(x.type) !== 'other';
  const top = spec.topN ?? (ordered ? MAX_ORDERED : DEFAULT_TOP);
  const natural = (spec.order ?? (ordered ? 'natural' : 'value')) === 'natural';
  const agg = aggregateSql(spec.aggregate, 'v');
  const colors = topLabels('__cb_colors', 'color', COLORS);
  const fields = [...fieldsOf({ alias: 'x', sql: asLabel(x) }, v, color), { alias: 'k', sql: sortKey(x) }];
  const ctes = [
    ...baseCtes(table, fields, facet),
    // The bars kept are the largest; they are then ranked by value or in x's own order.
    `__cb_keep AS (SELECT x, min(k) AS k, ${agg} AS value FROM __cb_base GROUP BY x ORDER BY value DESC NULLS LAST, x LIMIT ${top})`,
    `__cb_top AS (SELECT x, row_number() OVER (ORDER BY ${natural ? 'k' : 'value DESC NULLS LAST'}, x) AS rank FROM __cb_keep)`,
    colors.cte,
    `__cb_labelled AS (SELECT coalesce(t.x, ${quoteLiteral(OTHER)}) AS x, coalesce(t.rank, ${top + 1}) AS rank, v, ${color === null ? 'color' : colors.sql} AS color, facet FROM __cb_base AS b LEFT JOIN __cb_top AS t USING (x))`,
  ];
  const select = `SELECT x, color, facet, ${agg} AS value, CAST(count(*) AS DOUBLE) AS count, CAST(rank AS DOUBLE) AS rank
FROM __cb_labelled GROUP BY x, rank, color, facet ORDER BY rank, color, facet LIMIT ${MAX_ROWS}`;
  return {
    ...NO_QUERY_DEFAULTS,
    sql: withCtes(ctes, select),
    countSql: countSql(table, notNull(v === null ? [] : [v])),
    labels: {
      x: x.name,
      y: aggregateLabel(spec.aggregate, v?.name),
      color: color?.name ?? null,
      facet: spec.facet ?? null,
    },
    units: { x: 'category', y: spec.aggregate === 'count' ? 'count' : 'number' },
  };
}

/** The time column of a line chart, which must hold dates or timestamps. */
export function timeColumn(columns: readonly ChartColumn[], name: string, table: string): ChartColumn {
  const column = findColumn(columns, name, table);
  if (columnClass(column.type) !== 'time') {
    throw new AppError(
      'bad-input',
      `Column "${column.name}" is ${column.type}, not dates: parse it as a date first (clean cell), or pick another column.`,
    );
  }
  return column;
}

/**
 * The aggregate per period (date_trunc by `grain`) and colour. Rows: t (epoch ms of the period's
 * start, UTC), date ('YYYY-MM-DD'), color, facet, value, count.
 */
export function lineQuery(
  spec: LineSpec,
  table: string,
  columns: readonly ChartColumn[],
  grain: LineGrain,
): ChartQuery {
  const time = timeColumn(columns, spec.time, table);
  const v = measure(columns, spec.aggregate, spec.y, table);
  const color = optionalColumn(columns, spec.color, table);
  const facet = optionalColumn(columns, spec.facet, table);
  const agg = aggregateSql(spec.aggregate, 'v');
  const colors = topLabels('__cb_colors', 'color', COLORS);
  const period = {
    alias: 't',
    sql: `date_trunc(${quoteLiteral(grain)}, CAST(${quoteIdent(time.name)} AS TIMESTAMP))`,
  };
  const ctes = [
    ...baseCtes(table, [...fieldsOf(period, v, color), { alias: 'raw', sql: quoteIdent(time.name) }], facet),
    colors.cte,
    // Filters on the raw column: DuckDB-WASM 1.4.3 keeps rows where `t IS NOT NULL` should drop them (native 1.5 does not).
    `__cb_labelled AS (SELECT t, v, ${color === null ? 'color' : colors.sql} AS color, facet FROM __cb_base WHERE raw IS NOT NULL)`,
  ];
  const select = `SELECT CAST(epoch_ms(t) AS DOUBLE) AS t, strftime(t, '%Y-%m-%d') AS date, color, facet, ${agg} AS value, CAST(count(*) AS DOUBLE) AS count
FROM __cb_labelled GROUP BY ALL ORDER BY color, facet, t LIMIT ${MAX_ROWS}`;
  return {
    ...NO_QUERY_DEFAULTS,
    sql: withCtes(ctes, select),
    countSql: countSql(table, notNull(v === null ? [time] : [time, v])),
    grain,
    labels: {
      x: `${time.name} (${grain})`,
      y: aggregateLabel(spec.aggregate, v?.name),
      color: color?.name ?? null,
      facet: spec.facet ?? null,
    },
    units: { x: 'time-ms', y: spec.aggregate === 'count' ? 'count' : 'number' },
  };
}
