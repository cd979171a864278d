import { AppError } from '../../lib/errors';
import { quoteIdent, quoteLiteral } from '../sql';
import { baseCtes, countSql, MAX_ROWS, withCtes } from './base';
import { asDouble, asLabel, columnClass, findColumn, MISSING, OTHER, type ChartColumn } from './columns';
import { NO_QUERY_DEFAULTS, type ChartQuery, type EdgeBinned } from './query';
import { targetLabel, targetSql } from './target';
import type { TargetGridSpec } from './types';

/*
 * The target grid reads each feature once, without a window over the rows (a sort per feature
 * took ~0.5 s a feature over 1M rows in DuckDB-WASM). Bins are those of `percent_rank()` over
 * the rows (a number) or the 10 most frequent values then "(other)" (text), computed either way:
 * - from the feature grouped by value (rows and target sum per value): a value's rank is the rows
 *   below it, a running sum over the few values; text folds its values past the 10th;
 * - for a number with many distinct values in a large table (`GRID_EDGES_ABOVE`), where that
 *   grouping would be large too: from the values at the ranks where the bin changes, read with
 *   one `quantile_disc` (a selection, not a sort), then one comparison chain per row.
 * Ties share a bin both ways: a bin depends on the rows strictly below a value.
 */

const GRID_VALUES = 10;
const GRID_BINS = 10;
export const MAX_GRID_FEATURES = 20;
/** Tables of more rows than this bin their many-valued numbers on quantile edges. */
export const GRID_EDGES_ABOVE = 400_000;
/** Numbers with more distinct values than this are many-valued (approx_count_distinct). */
export const GRID_MANY_VALUES = 10_000;

/** The features of a target grid: numbers, text and booleans other than the target, at most 20. */
export function gridFeatures(
  spec: TargetGridSpec,
  target: ChartColumn,
  table: string,
  columns: readonly ChartColumn[],
  idLike: readonly string[],
) {
  // An ID explains nothing about the target: left out unless the user lists it.
  const asked =
    spec.columns?.map((name) => findColumn(columns, name, table)) ??
    columns.filter((c) => !idLike.includes(c.name));
  const usable = asked.filter(
    (c) => c !== target && ['number', 'text', 'boolean'].includes(columnClass(c.type)),
  );
  const kept = usable.slice(0, MAX_GRID_FEATURES);
  const skipped = asked.filter((c) => c !== target && !kept.includes(c)).map((c) => c.name);
  if (kept.length === 0)
    throw new AppError('bad-input', `Table "${table}" has no feature to set against "${target.name}".`);
  return { kept, skipped };
}

/**
 * One row: for each numeric feature, `d0`, `d1`, … its approximate distinct values and `n0`,
 * `n1`, … its non-NULL rows where the target is not NULL. Null for a table small enough to bin
 * every feature by value.
 */
export function gridProfileSql(
  table: string,
  target: ChartColumn,
  features: readonly ChartColumn[],
  rowCount: number,
) {
  const numbers = features.filter((c) => columnClass(c.type) === 'number');
  if (rowCount <= GRID_EDGES_ABOVE || numbers.length === 0) return null;
  const t = quoteIdent(target.name);
  const counts = numbers.map((c, i) => {
    const f = quoteIdent(c.name);
    return `approx_count_distinct(${f}) AS d${i}, CAST(count(${f}) FILTER (WHERE ${t} IS NOT NULL) AS DOUBLE) AS n${i}`;
  });
  return { numbers, sql: `SELECT ${counts.join(', ')} FROM ${quoteIdent(table)}` };
}

/** Rows (n) and target sum (s) per value (v) of the feature `f`, NULL included. */
const perValue = (f: string) => `SELECT ${f} AS v, count(*) AS n, sum(y) AS s FROM __cb_vals GROUP BY ${f}`;

/** The rate and count columns of a block over per-value rows. */
const VALUE_RATE = 'sum(s) / sum(n) AS rate, CAST(sum(n) AS DOUBLE) AS count';

/** Percent rank bins from per-value rows: rank - 1 is the rows below the value. */
function exactNumberBins(f: string): string {
  const below = `CAST(coalesce(sum(n) OVER (PARTITION BY v IS NULL ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS DOUBLE)`;
  const total = `CAST(sum(n) OVER (PARTITION BY v IS NULL) AS DOUBLE)`;
  // The same double arithmetic as percent_rank(): (rank - 1) / (rows - 1), 0 for a single row.
  const bin = `CASE WHEN v IS NULL THEN -1 ELSE least(floor(CASE WHEN total > 1 THEN below / (total - 1) ELSE 0 END * ${GRID_BINS}), ${GRID_BINS - 1}) END`;
  return `SELECT v, n, s, ${bin} AS bin FROM (SELECT v, n, s, ${below} AS below, ${total} AS total FROM (${perValue(f)}))`;
}

/**
 * The fractions for `quantile_disc` that read, of `rows` sorted values, the last value of each
 * percent rank bin: bin ≥ k holds for a value with at least ceil(k (rows - 1) / 10) rows below
 * it. quantile_disc(q) is the value at rank ceil(rows · q); q sits half a row below that rank so
 * rounding cannot move it.
 */
export function edgeFractions(rows: number): { bin: number; fraction: number }[] {
  const edges: { bin: number; fraction: number }[] = [];
  for (let bin = 1; bin < GRID_BINS; bin++) {
    const below = Math.ceil((bin * (rows - 1)) / GRID_BINS);
    if (below >= 1) edges.push({ bin, fraction: (below - 0.5) / rows });
  }
  return edges;
}

/** Percent rank bins from edges: the number of edges below the value. */
function edgeNumberBins(f: string, rows: number): string {
  const edges = edgeFractions(rows);
  if (edges.length === 0)
    return `SELECT ${f} AS v, y, CASE WHEN ${f} IS NULL THEN -1 ELSE 0 END AS bin FROM __cb_vals`;
  const fractions = edges.map((e) => String(e.fraction)).join(', ');
  const read = edges.map((e, i) => `e[${i + 1}] AS e${e.bin}`).join(', ');
  const select = `SELECT ${read} FROM (SELECT quantile_disc(${f}, CAST([${fractions}] AS DOUBLE[])) AS e FROM __cb_vals)`;
  const chain = [...edges].reverse().map((e) => `WHEN v > e${e.bin} THEN ${e.bin}`);
  const bin = `CASE WHEN v IS NULL THEN -1 ${chain.join(' ')} ELSE 0 END`;
  return `SELECT v, y, ${bin} AS bin FROM (SELECT ${f} AS v, y FROM __cb_vals) CROSS JOIN (${select})`;
}

/** One feature's block of the grid's UNION ALL: feature, feature_index, ord, segment, lo, hi, rate, count. */
function gridBlock(feature: ChartColumn, index: number, edgeRows: number | undefined): string {
  const f = `f${index}`;
  const head = `SELECT ${quoteLiteral(feature.name)} AS feature, CAST(${index} AS DOUBLE) AS feature_index`;
  const missing = `CASE WHEN bin < 0 THEN ${quoteLiteral(MISSING)} END AS segment`;
  if (columnClass(feature.type) !== 'number') {
    const top = `CASE WHEN row_number() OVER (ORDER BY n DESC, v) <= ${GRID_VALUES} THEN v ELSE ${quoteLiteral(OTHER)} END`;
    return `${head}, CAST(row_number() OVER (ORDER BY segment = ${quoteLiteral(OTHER)}, sum(n) DESC, segment) AS DOUBLE) AS ord, segment, CAST(NULL AS DOUBLE) AS lo, CAST(NULL AS DOUBLE) AS hi, ${VALUE_RATE}
FROM (SELECT ${top} AS segment, n, s FROM (${perValue(f)})) GROUP BY segment`;
  }
  if (edgeRows !== undefined) {
    return `${head}, CAST(bin AS DOUBLE) AS ord, ${missing}, min(v) AS lo, max(v) AS hi, avg(y) AS rate, CAST(count(*) AS DOUBLE) AS count
FROM (${edgeNumberBins(f, edgeRows)}) GROUP BY bin`;
  }
  return `${head}, CAST(bin AS DOUBLE) AS ord, ${missing}, min(v) AS lo, max(v) AS hi, ${VALUE_RATE}
FROM (${exactNumberBins(f)}) GROUP BY bin`;
}

/**
 * Every feature against the target in one query (UNION ALL): 10 quantile bins of a number, the
 * 10 most frequent values of text then "(other)". The facet option is ignored (the grid is
 * already small multiples). `edgeBinned` lists the numbers binned on quantile edges (same bins,
 * read another way: see above). Rows: feature, feature_index, ord, segment, lo, hi, rate, count.
 */
export function targetGridQuery(
  spec: TargetGridSpec,
  table: string,
  columns: readonly ChartColumn[],
  positive: string | null,
  { idLike = [], edgeBinned = [] }: GridContext = {},
): ChartQuery {
  const target = findColumn(columns, spec.target, table);
  const found = gridFeatures(spec, target, table, columns, idLike);
  const kept = found.kept;
  const skipped =
    spec.columns === undefined
      ? [...idLike.map((name) => `${name} (ID-like)`), ...found.skipped]
      : found.skipped;
  const fields = [
    { alias: 'y', sql: targetSql(target, positive) },
    ...kept.map((c, i) => ({
      alias: `f${i}`,
      sql: columnClass(c.type) === 'number' ? asDouble(c) : asLabel(c),
    })),
  ];
  const ctes = [
    ...baseCtes(table, fields, null),
    // Computed once (the target's test included) for every feature's block: inlined, each block
    // would scan the table again (3× slower over 1M rows).
    `__cb_vals AS MATERIALIZED (SELECT * FROM __cb_base WHERE y IS NOT NULL)`,
  ];
  const blocks = kept
    .map((c, i) => `(${gridBlock(c, i, edgeBinned.find((e) => e.name === c.name)?.rows)})`)
    .join('\nUNION ALL\n');
  return {
    ...NO_QUERY_DEFAULTS,
    sql: withCtes(ctes, `SELECT * FROM (${blocks}) ORDER BY feature_index, ord LIMIT ${MAX_ROWS}`),
    countSql: countSql(table, `${quoteIdent(target.name)} IS NOT NULL`),
    binned: true,
    positive,
    skipped,
    labels: { x: '', y: targetLabel(target, positive), color: null, facet: null },
    units: { x: 'category', y: positive === null ? 'number' : 'fraction' },
  };
}

export interface GridContext {
  readonly idLike?: readonly string[] | undefined;
  readonly edgeBinned?: readonly EdgeBinned[] | undefined;
}
