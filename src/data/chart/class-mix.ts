import { AppError } from '../../lib/errors';
import { MAX_CLASSES } from '../../ml/metrics';
import { quoteIdent, quoteLiteral } from '../sql';
import { baseCtes, countSql, MAX_ROWS, withCtes } from './base';
import { asDouble, asLabel, columnClass, findColumn, MISSING, OTHER, type ChartColumn } from './columns';
import { NO_QUERY_DEFAULTS, type ChartQuery } from './query';
import type { TargetRateSpec } from './types';

/*
 * "Target rate by segment" for a target of 3 to 50 classes (issue 20): each segment's class mix,
 * the share of each class among the segment's rows with a class. A rate of one class would hide
 * the others; a class index has no mean.
 */

const SEGMENTS = 20;
/** Fewer classes is binary (a rate), more is not a multiclass target (MAX_CLASSES, as the brief). */
export const MIN_MIX_CLASSES = 3;

/** The target's distinct non-NULL values as text, sorted, one past the most a class mix takes. */
export function targetClassesSql(table: string, target: ChartColumn): string {
  const t = quoteIdent(target.name);
  return `SELECT DISTINCT CAST(${t} AS VARCHAR) AS value FROM ${quoteIdent(table)} WHERE ${t} IS NOT NULL ORDER BY value LIMIT ${MAX_CLASSES + 1}`;
}

/** Whether a target whose first three values are `firstValues` may be a multiclass one: text or true/false, not numbers. */
export function mayBeMulticlass(target: ChartColumn, firstValues: readonly string[]): boolean {
  return firstValues.length >= MIN_MIX_CLASSES && columnClass(target.type) !== 'number';
}

/** The classes to mix, or an error when the target has more than a class mix can show. */
export function mixClasses(target: ChartColumn, values: readonly string[]): string[] {
  if (values.length > MAX_CLASSES) {
    throw new AppError(
      'bad-input',
      `"${target.name}" has more than ${MAX_CLASSES} values: too many classes for a class mix. Say which value is the positive class to chart its rate, or group the rare ones in a clean cell.`,
    );
  }
  return [...values];
}

/** Each class's share of a segment: the segment's rows (`count`) and the class's (`n`). */
const MIX_FIELDS = `y AS class, CAST(count(*) AS DOUBLE) AS n, CAST(sum(count(*)) OVER (PARTITION BY facet, segment_key) AS DOUBLE) AS count,
  count(*) / sum(count(*)) OVER (PARTITION BY facet, segment_key) AS share`;

/**
 * The class mix per value of a text segment (the 20 most frequent, then "(other)") or per
 * quantile bin of a numeric one (percent rank, ties share a bin, as the rate). Rows: facet, ord,
 * segment (null for a bin), lo, hi, class, share, n, count; a class absent from a segment has no row.
 */
export function classMixQuery(
  spec: TargetRateSpec,
  table: string,
  columns: readonly ChartColumn[],
  classes: readonly string[],
): ChartQuery {
  const target = findColumn(columns, spec.target, table);
  const segment = findColumn(columns, spec.segment, table);
  const numeric = columnClass(segment.type) === 'number';
  const facet = spec.facet === undefined ? null : findColumn(columns, spec.facet, table);
  const fields = [
    { alias: 's', sql: numeric ? asDouble(segment) : asLabel(segment) },
    { alias: 'y', sql: `CAST(${quoteIdent(target.name)} AS VARCHAR)` },
  ];
  const bins = spec.bins ?? 10;
  const segmented = numeric
    ? `SELECT facet, y, s, CASE WHEN s IS NULL THEN -1 ELSE least(floor(percent_rank() OVER (PARTITION BY facet, s IS NULL ORDER BY s) * ${bins}), ${bins - 1}) END AS segment_key FROM __cb_vals`
    : `SELECT facet, y, s, CASE WHEN s IN (SELECT s FROM __cb_vals GROUP BY s ORDER BY count(*) DESC, s LIMIT ${SEGMENTS}) THEN s ELSE ${quoteLiteral(OTHER)} END AS segment_key FROM __cb_vals`;
  const ctes = [
    ...baseCtes(table, fields, facet),
    `__cb_vals AS (SELECT * FROM __cb_base WHERE y IS NOT NULL)`,
    `__cb_seg AS (${segmented})`,
    `__cb_mix AS (SELECT facet, segment_key, min(s) AS lo, max(s) AS hi, ${MIX_FIELDS} FROM __cb_seg GROUP BY facet, segment_key, y)`,
  ];
  const ord = numeric
    ? 'CAST(segment_key AS DOUBLE)'
    : `CAST(dense_rank() OVER (PARTITION BY facet ORDER BY segment_key = ${quoteLiteral(OTHER)}, count DESC, segment_key) AS DOUBLE)`;
  const label = numeric ? `CASE WHEN segment_key < 0 THEN ${quoteLiteral(MISSING)} END` : 'segment_key';
  const bounds = numeric
    ? 'min(lo) OVER w AS lo, max(hi) OVER w AS hi'
    : 'CAST(NULL AS DOUBLE) AS lo, CAST(NULL AS DOUBLE) AS hi';
  const select = `SELECT facet, ${ord} AS ord, ${label} AS segment, ${bounds}, class, share, n, count
FROM __cb_mix${numeric ? ' WINDOW w AS (PARTITION BY facet, segment_key)' : ''} ORDER BY facet, ord, class LIMIT ${MAX_ROWS}`;
  return {
    ...NO_QUERY_DEFAULTS,
    sql: withCtes(ctes, select),
    countSql: countSql(table, `${quoteIdent(target.name)} IS NOT NULL`),
    binned: numeric,
    classes,
    labels: {
      x: segment.name,
      y: `class mix of ${target.name}`,
      color: target.name,
      facet: spec.facet ?? null,
    },
    units: { x: numeric ? 'number' : 'category', y: 'fraction' },
  };
}
