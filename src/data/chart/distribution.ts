import { baseCtes, countSql, MAX_ROWS, withCtes } from './base';
import { asDouble, asLabel, findColumn, numericColumn, type ChartColumn } from './columns';
import { NO_QUERY_DEFAULTS, type ChartQuery } from './query';
import type { BoxSpec, HistogramSpec } from './types';
import { quoteIdent } from '../sql';

const DEFAULT_BINS = 30;
export const OUTLIER_SAMPLE = 200;
const GROUPS = 100;

function facetOf(columns: readonly ChartColumn[], facet: string | undefined, table: string) {
  return facet === undefined ? null : findColumn(columns, facet, table);
}

/**
 * Equal-width bins between the minimum and the maximum (of log10 values when `log`), every bin
 * of every facet listed, empty ones with count 0. One value: one bin of width 1 around it.
 * Rows: facet, bin, x0, x1 (in data units), width (in binned units), count.
 */
export function histogramQuery(
  spec: HistogramSpec,
  table: string,
  columns: readonly ChartColumn[],
): ChartQuery {
  const column = numericColumn(columns, spec.column, table);
  const bins = spec.bins ?? DEFAULT_BINS;
  const v = asDouble(column);
  const keepOf = (x: string) =>
    `${x} IS NOT NULL AND isfinite(${x})${spec.log === true ? ` AND ${x} > 0` : ''}`;
  const keep = keepOf('v');
  const edge = (bin: string) =>
    spec.log === true ? `power(10, start + ${bin} * width)` : `start + ${bin} * width`;
  const ctes = [
    ...baseCtes(table, [{ alias: 'v', sql: v }], facetOf(columns, spec.facet, table)),
    `__cb_vals AS (SELECT ${spec.log === true ? 'log10(v)' : 'v'} AS u, facet FROM __cb_base WHERE ${keep})`,
    `__cb_range AS (SELECT min(u) AS lo, max(u) AS hi FROM __cb_vals)`,
    `__cb_params AS (SELECT CASE WHEN hi > lo THEN lo ELSE lo - 0.5 END AS start, CASE WHEN hi > lo THEN (hi - lo) / ${bins} ELSE 1.0 END AS width, CASE WHEN hi > lo THEN ${bins} ELSE 1 END AS nbins FROM __cb_range WHERE lo IS NOT NULL)`,
    `__cb_counts AS (SELECT facet, CAST(least(floor((u - start) / width), nbins - 1) AS INTEGER) AS bin, count(*) AS n FROM __cb_vals, __cb_params GROUP BY ALL)`,
    `__cb_grid AS (SELECT f.facet, CAST(unnest(range(p.nbins)) AS INTEGER) AS bin FROM (SELECT DISTINCT facet FROM __cb_vals) AS f, __cb_params AS p)`,
  ];
  const select = `SELECT g.facet, g.bin, ${edge('g.bin')} AS x0, ${edge('(g.bin + 1)')} AS x1, width, CAST(coalesce(c.n, 0) AS DOUBLE) AS count
FROM __cb_grid AS g CROSS JOIN __cb_params LEFT JOIN __cb_counts AS c ON c.bin = g.bin AND c.facet IS NOT DISTINCT FROM g.facet
ORDER BY g.facet, g.bin LIMIT ${MAX_ROWS}`;
  return {
    ...NO_QUERY_DEFAULTS,
    sql: withCtes(ctes, select),
    countSql: countSql(table, keepOf(v)),
    binned: true,
    labels: { x: column.name, y: 'count', color: null, facet: spec.facet ?? null },
    units: { x: 'number', y: 'count' },
  };
}

/** The CTEs of a box plot: values by group with quartiles and 1.5 IQR fences. */
function boxCtes(spec: BoxSpec, table: string, columns: readonly ChartColumn[]): string[] {
  const y = numericColumn(columns, spec.y, table);
  const by = spec.by === undefined ? null : findColumn(columns, spec.by, table);
  const fields = [
    { alias: 'v', sql: asDouble(y) },
    { alias: 'grp', sql: by === null ? 'CAST(NULL AS VARCHAR)' : asLabel(by) },
  ];
  return [
    ...baseCtes(table, fields, facetOf(columns, spec.facet, table)),
    `__cb_vals AS (SELECT * FROM __cb_base WHERE v IS NOT NULL AND isfinite(v))`,
    `__cb_stats AS (SELECT grp, facet, count(*) AS n, quantile_cont(v, 0.25) AS q1, quantile_cont(v, 0.5) AS median, quantile_cont(v, 0.75) AS q3 FROM __cb_vals GROUP BY ALL ORDER BY n DESC, grp, facet LIMIT ${GROUPS})`,
    `__cb_fences AS (SELECT *, q1 - 1.5 * (q3 - q1) AS lo_fence, q3 + 1.5 * (q3 - q1) AS hi_fence FROM __cb_stats)`,
    `__cb_joined AS (SELECT f.*, b.v FROM __cb_fences AS f JOIN __cb_vals AS b ON b.grp IS NOT DISTINCT FROM f.grp AND b.facet IS NOT DISTINCT FROM f.facet)`,
  ];
}

/**
 * Quartiles (continuous), whiskers at the furthest values within 1.5 IQR, and the outlier count
 * per group (the 100 largest groups). Rows: group, facet, n, q1, median, q3, lo, hi, outliers.
 * The outliers query samples up to 200 of them: group, facet, value.
 */
export function boxQuery(spec: BoxSpec, table: string, columns: readonly ChartColumn[]): ChartQuery {
  const ctes = boxCtes(spec, table, columns);
  const select = `SELECT grp AS "group", facet, CAST(n AS DOUBLE) AS n, q1, median, q3,
  min(v) FILTER (WHERE v >= lo_fence) AS lo, max(v) FILTER (WHERE v <= hi_fence) AS hi,
  CAST(count(*) FILTER (WHERE v < lo_fence OR v > hi_fence) AS DOUBLE) AS outliers
FROM __cb_joined GROUP BY grp, facet, n, q1, median, q3 ORDER BY n DESC, grp, facet LIMIT ${MAX_ROWS}`;
  const outliers = `SELECT grp AS "group", facet, v AS value FROM __cb_joined WHERE v < lo_fence OR v > hi_fence
ORDER BY hash(grp, facet, v) LIMIT ${OUTLIER_SAMPLE}`;
  const y = numericColumn(columns, spec.y, table);
  return {
    ...NO_QUERY_DEFAULTS,
    sql: withCtes(ctes, select),
    outliersSql: withCtes(ctes, outliers),
    countSql: countSql(table, `${quoteIdent(y.name)} IS NOT NULL AND isfinite(${asDouble(y)})`),
    labels: { x: spec.by ?? '', y: y.name, color: null, facet: spec.facet ?? null },
    units: { x: 'category', y: 'number' },
  };
}
