import { AppError } from '../../lib/errors';
import { quoteIdent, quoteLiteral } from '../sql';
import { baseCtes, countSql, MAX_ROWS, withCtes } from './base';
import {
  asDouble,
  asLabel,
  columnClass,
  detectPositive,
  findColumn,
  MISSING,
  OTHER,
  type ChartColumn,
} from './columns';
import { NO_QUERY_DEFAULTS, type ChartQuery } from './query';
import type { TargetRateSpec } from './types';

const SEGMENTS = 20;

/** Up to three distinct values of the target as text: enough to tell a binary target. */
export function targetValuesSql(table: string, target: ChartColumn): string {
  const t = quoteIdent(target.name);
  return `SELECT DISTINCT CAST(${t} AS VARCHAR) AS value FROM ${quoteIdent(table)} WHERE ${t} IS NOT NULL ORDER BY value LIMIT 3`;
}

/**
 * The positive class: the one asked, else the detected one of a binary target (Yes / true / 1),
 * else null for a numeric target (its mean is shown). A text target with no positive class fails.
 */
export function resolvePositive(asked: string | undefined, target: ChartColumn, values: readonly string[]) {
  if (asked !== undefined) return asked;
  const detected = detectPositive(values);
  if (detected !== null || columnClass(target.type) === 'number') return detected;
  throw new AppError(
    'missing-input',
    `Say which value of "${target.name}" is the positive class: its values (${values.join(', ')}${values.length > 2 ? ', …' : ''}) are not yes/no.`,
  );
}

/** The target as DOUBLE: 1/0 for the positive class, else the number itself. */
export function targetSql(target: ChartColumn, positive: string | null): string {
  if (positive === null) return asDouble(target);
  const t = quoteIdent(target.name);
  return `CASE WHEN ${t} IS NULL THEN NULL WHEN CAST(${t} AS VARCHAR) = ${quoteLiteral(positive)} THEN 1.0 ELSE 0.0 END`;
}

export function targetLabel(target: ChartColumn, positive: string | null): string {
  return positive === null ? `mean of ${target.name}` : `rate of ${target.name} = ${positive}`;
}

/** Quantile bins of the DOUBLE `expr` (percent rank, so ties share a bin), NULLs in bin -1. */
function quantileBin(expr: string, bins: number, partition: string): string {
  return `CASE WHEN ${expr} IS NULL THEN -1 ELSE least(floor(percent_rank() OVER (PARTITION BY ${partition}${expr} IS NULL ORDER BY ${expr}) * ${bins}), ${bins - 1}) END`;
}

/** The columns the rows of a target chart have: ord, segment, lo, hi, rate, count. */
const RATE_FIELDS = 'avg(y) AS rate, CAST(count(*) AS DOUBLE) AS count';

/**
 * The target rate (or mean) per value of a text segment (the 20 most frequent, then "(other)")
 * or per quantile bin of a numeric one. Rows: facet, ord, segment (null for a bin), lo, hi, rate, count.
 */
export function targetRateQuery(
  spec: TargetRateSpec,
  table: string,
  columns: readonly ChartColumn[],
  positive: string | null,
): ChartQuery {
  const target = findColumn(columns, spec.target, table);
  const segment = findColumn(columns, spec.segment, table);
  const numeric = columnClass(segment.type) === 'number';
  const facet = spec.facet === undefined ? null : findColumn(columns, spec.facet, table);
  const fields = [
    { alias: 's', sql: numeric ? asDouble(segment) : asLabel(segment) },
    { alias: 'y', sql: targetSql(target, positive) },
  ];
  const ctes = [
    ...baseCtes(table, fields, facet),
    `__cb_vals AS (SELECT * FROM __cb_base WHERE y IS NOT NULL)`,
  ];
  const bins = spec.bins ?? 10;
  const select = numeric
    ? `SELECT facet, CAST(bin AS DOUBLE) AS ord, CASE WHEN bin < 0 THEN ${quoteLiteral(MISSING)} END AS segment, min(s) AS lo, max(s) AS hi, ${RATE_FIELDS}
FROM (SELECT s, y, facet, ${quantileBin('s', bins, 'facet, ')} AS bin FROM __cb_vals) GROUP BY facet, bin ORDER BY facet, bin LIMIT ${MAX_ROWS}`
    : `SELECT facet, CAST(row_number() OVER (PARTITION BY facet ORDER BY segment = ${quoteLiteral(OTHER)}, count(*) DESC, segment) AS DOUBLE) AS ord, segment, CAST(NULL AS DOUBLE) AS lo, CAST(NULL AS DOUBLE) AS hi, ${RATE_FIELDS}
FROM (SELECT CASE WHEN s IN (SELECT s FROM __cb_vals GROUP BY s ORDER BY count(*) DESC, s LIMIT ${SEGMENTS}) THEN s ELSE ${quoteLiteral(OTHER)} END AS segment, y, facet FROM __cb_vals)
GROUP BY facet, segment ORDER BY facet, ord LIMIT ${MAX_ROWS}`;
  return {
    ...NO_QUERY_DEFAULTS,
    sql: withCtes(ctes, select),
    countSql: countSql(table, `${quoteIdent(target.name)} IS NOT NULL`),
    binned: numeric,
    positive,
    labels: { x: segment.name, y: targetLabel(target, positive), color: null, facet: spec.facet ?? null },
    units: { x: numeric ? 'number' : 'category', y: positive === null ? 'number' : 'fraction' },
  };
}
