import { AppError } from '../../lib/errors';
import { quoteLiteral } from '../sql';
import { baseCtes, countSql, MAX_ROWS, topLabels, withCtes } from './base';
import { asDouble, asLabel, columnClass, findColumn, numericColumn, type ChartColumn } from './columns';
import { NO_QUERY_DEFAULTS, type ChartQuery } from './query';
import type { HeatmapSpec, ScatterSpec } from './types';

/** Up to this many rows a scatter plot draws every point; past it, 2D bins with counts. */
export const RAW_POINTS = 5_000;
export const SCATTER_BINS = 40;
export const MAX_CORR_COLUMNS = 20;

function optionalColumn(columns: readonly ChartColumn[], name: string | undefined, table: string) {
  return name === undefined ? null : findColumn(columns, name, table);
}

/** Raw rows: x, y, color, facet. */
function rawSelect(): string {
  return `SELECT x, y, color, facet FROM __cb_vals LIMIT ${RAW_POINTS}`;
}

/** Binned rows: facet, x0, x1, y0, y1, width (on x), height (on y), count. */
function binnedCtes(): string[] {
  const b = SCATTER_BINS;
  return [
    `__cb_range AS (SELECT min(x) AS x_lo, max(x) AS x_hi, min(y) AS y_lo, max(y) AS y_hi FROM __cb_vals)`,
    `__cb_params AS (SELECT x_lo, y_lo, CASE WHEN x_hi > x_lo THEN (x_hi - x_lo) / ${b} ELSE 1.0 END AS width, CASE WHEN y_hi > y_lo THEN (y_hi - y_lo) / ${b} ELSE 1.0 END AS height FROM __cb_range WHERE x_lo IS NOT NULL)`,
    `__cb_bins AS (SELECT facet, least(floor((x - x_lo) / width), ${b - 1}) AS bin_x, least(floor((y - y_lo) / height), ${b - 1}) AS bin_y, count(*) AS n FROM __cb_vals, __cb_params GROUP BY ALL)`,
  ];
}

const BINNED_SELECT = `SELECT facet, x_lo + bin_x * width AS x0, x_lo + (bin_x + 1) * width AS x1, y_lo + bin_y * height AS y0, y_lo + (bin_y + 1) * height AS y1, width, height, CAST(n AS DOUBLE) AS count
FROM __cb_bins, __cb_params ORDER BY facet, bin_x, bin_y LIMIT ${MAX_ROWS}`;

/** Points when the table has at most RAW_POINTS rows, else 2D bins over the range of x and y. */
export function scatterQuery(
  spec: ScatterSpec,
  table: string,
  columns: readonly ChartColumn[],
  rowCount: number,
): ChartQuery {
  const x = numericColumn(columns, spec.x, table);
  const y = numericColumn(columns, spec.y, table);
  const color = optionalColumn(columns, spec.color, table);
  const binned = rowCount > RAW_POINTS;
  const colors = topLabels('__cb_colors', 'color', 10);
  const fields = [
    { alias: 'x', sql: asDouble(x) },
    { alias: 'y', sql: asDouble(y) },
    { alias: 'color', sql: color === null ? 'CAST(NULL AS VARCHAR)' : asLabel(color) },
  ];
  const ctes = [
    ...baseCtes(table, fields, optionalColumn(columns, spec.facet, table)),
    colors.cte,
    `__cb_vals AS (SELECT x, y, ${color === null ? 'color' : colors.sql} AS color, facet FROM __cb_base WHERE isfinite(x) AND isfinite(y))`,
    ...(binned ? binnedCtes() : []),
  ];
  return {
    ...NO_QUERY_DEFAULTS,
    sql: withCtes(ctes, binned ? BINNED_SELECT : rawSelect()),
    countSql: countSql(table, `isfinite(${asDouble(x)}) AND isfinite(${asDouble(y)})`),
    binned,
    labels: {
      x: x.name,
      y: y.name,
      color: binned ? 'count' : (color?.name ?? null),
      facet: spec.facet ?? null,
    },
    units: { x: 'number', y: 'number' },
  };
}

/** The numeric columns to correlate, and those left out. */
export function corrColumns(spec: HeatmapSpec, table: string, columns: readonly ChartColumn[]) {
  const asked = spec.columns?.map((name) => findColumn(columns, name, table)) ?? columns;
  const numeric = asked.filter((c) => columnClass(c.type) === 'number');
  const kept = numeric.slice(0, MAX_CORR_COLUMNS);
  const skipped = asked.filter((c) => !kept.includes(c)).map((c) => c.name);
  if (kept.length < 2) {
    throw new AppError(
      'bad-input',
      `A correlation heatmap needs at least two numeric columns; ${table} has ${kept.length}.`,
    );
  }
  return { kept, skipped };
}

/**
 * Pearson correlation (DuckDB corr) of every pair of numeric columns, with the rows where both
 * are set. Rows: facet, x, y, r (null when a column is constant), n; both triangles and the diagonal.
 */
export function heatmapQuery(spec: HeatmapSpec, table: string, columns: readonly ChartColumn[]): ChartQuery {
  const { kept, skipped } = corrColumns(spec, table, columns);
  const fields = kept.map((c, i) => ({ alias: `c${i}`, sql: asDouble(c) }));
  const aggregates: string[] = [];
  const cells: string[] = [];
  kept.forEach((a, i) => {
    kept.forEach((b, j) => {
      const [lo, hi] = i <= j ? [i, j] : [j, i];
      if (i <= j) {
        aggregates.push(`corr(c${lo}, c${hi}) AS r${lo}_${hi}`, `count(c${lo} + c${hi}) AS n${lo}_${hi}`);
      }
      cells.push(
        `{'x': ${quoteLiteral(a.name)}, 'y': ${quoteLiteral(b.name)}, 'r': r${lo}_${hi}, 'n': CAST(n${lo}_${hi} AS DOUBLE)}`,
      );
    });
  });
  const ctes = [
    ...baseCtes(table, fields, optionalColumn(columns, spec.facet, table)),
    `__cb_corr AS (SELECT facet, ${aggregates.join(', ')} FROM __cb_base GROUP BY facet)`,
  ];
  const select = `SELECT facet, unnest([${cells.join(', ')}], recursive := true) FROM __cb_corr ORDER BY facet LIMIT ${MAX_ROWS}`;
  return {
    ...NO_QUERY_DEFAULTS,
    sql: withCtes(ctes, select),
    countSql: countSql(table, 'true'),
    skipped,
    labels: { x: '', y: '', color: 'correlation', facet: spec.facet ?? null },
    units: { x: 'category', y: 'category' },
  };
}
