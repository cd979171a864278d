import { mayBeMulticlass, mixClasses, targetClassesSql } from './class-mix';
import { describeRelation } from '../catalog';
import type { SqlEngine } from '../engine';
import { quoteIdent } from '../sql';
import { columnClass, findColumn, type ChartColumn } from './columns';
import type { ChartContext, EdgeBinned } from './query';
import { numberField, plainRows } from './rows';
import { chartQuery } from './sql';
import { gridFeatures, gridProfileSql, GRID_MANY_VALUES } from './grid';
import { resolvePositive, targetValuesSql } from './target';
import { chooseGrain, timeSpanSql } from './time';
import type { ChartData, ChartRow, ChartSpec } from './types';
import { timeColumn } from './bar';

export interface RunChartOptions {
  readonly signal?: AbortSignal;
}

/** Runs one statement of the chart, noting it for `meta.queries`. */
type Read = (sql: string) => Promise<ChartRow[]>;

/** What the chart query needs to know of the data: a line's span, a target's values. */
async function readContext(
  read: Read,
  table: string,
  spec: ChartSpec,
  columns: readonly ChartColumn[],
  rowCount: number,
): Promise<ChartContext> {
  if (spec.kind === 'line') {
    const span = await read(timeSpanSql(table, timeColumn(columns, spec.time, table)));
    return {
      rowCount,
      grain: chooseGrain(spec.grain, numberField(span[0], 'lo'), numberField(span[0], 'hi')),
    };
  }
  if (spec.kind === 'target-rate' || spec.kind === 'target-grid') {
    const target = findColumn(columns, spec.target, table);
    const values = (await read(targetValuesSql(table, target))).map((row) => String(row['value']));
    if (spec.kind === 'target-rate' && spec.positive === undefined && mayBeMulticlass(target, values)) {
      const classes = (await read(targetClassesSql(table, target))).map((row) => String(row['value']));
      return { rowCount, positive: null, classes: mixClasses(target, classes) };
    }
    const positive = resolvePositive(spec.positive, target, values);
    if (spec.kind === 'target-rate') return { rowCount, positive };
    const idLike = spec.columns === undefined ? await idLikeColumns(read, table, columns, rowCount) : [];
    const features = gridFeatures(spec, target, table, columns, idLike).kept;
    const edgeBinned = await manyValuedColumns(read, table, target, features, rowCount);
    return { rowCount, positive, idLike, edgeBinned };
  }
  return { rowCount };
}

/** Text columns whose values are (nearly) all distinct: customer ids, free-text notes. */
async function idLikeColumns(
  read: Read,
  table: string,
  columns: readonly ChartColumn[],
  rowCount: number,
): Promise<string[]> {
  const text = columns.filter((c) => columnClass(c.type) === 'text');
  if (text.length === 0 || rowCount < 50) return [];
  const counts = text.map((c, i) => `approx_count_distinct(${quoteIdent(c.name)}) AS d${i}`);
  const row = (await read(`SELECT ${counts.join(', ')} FROM ${quoteIdent(table)}`))[0];
  return text.filter((_, i) => (numberField(row, `d${i}`) ?? 0) > 0.9 * rowCount).map((c) => c.name);
}

/** Target grids over a large table: the numeric features with many distinct values, and their rows. */
async function manyValuedColumns(
  read: Read,
  table: string,
  target: ChartColumn,
  features: readonly ChartColumn[],
  rowCount: number,
): Promise<EdgeBinned[]> {
  const query = gridProfileSql(table, target, features, rowCount);
  if (query === null) return [];
  const row = (await read(query.sql))[0];
  return query.numbers.flatMap((c, i) =>
    (numberField(row, `d${i}`) ?? 0) > GRID_MANY_VALUES
      ? [{ name: c.name, rows: numberField(row, `n${i}`) ?? 0 }]
      : [],
  );
}

/**
 * Runs the chart's queries over `table` (its column types read with DESCRIBE) and returns small
 * plain rows: every aggregation and binning happens in DuckDB, no query returns more than 10,000
 * rows. Rejects with AppError('bad-input') for a spec that does not fit the table, with
 * SqlError for a failed query, AppError('cancelled') when `signal` aborts.
 */
export async function runChart(
  engine: SqlEngine,
  table: string,
  spec: ChartSpec,
  { signal }: RunChartOptions = {},
): Promise<ChartData> {
  const options = signal ? { signal } : {};
  const { rowCount, columns } = await describeRelation(engine, table, signal);
  // Every statement the chart runs, in order: shown to the user and replayed by the benchmark.
  const queries: string[] = [];
  const read: Read = async (sql) => {
    queries.push(sql);
    return plainRows(await engine.query(sql, options));
  };
  const context = await readContext(read, table, spec, columns, rowCount);
  const query = chartQuery(spec, table, columns, context);
  const rows = await read(query.sql);
  const outliers = query.outliersSql === null ? [] : await read(query.outliersSql);
  const counts = (await read(query.countSql))[0];
  const totalRows = numberField(counts, 'total') ?? rowCount;
  const rowsDrawn = numberField(counts, 'drawn') ?? 0;
  const binWidth = spec.kind === 'histogram' || query.binned ? numberField(rows[0], 'width') : null;
  return {
    kind: spec.kind,
    rows,
    outliers,
    meta: {
      totalRows,
      rowsDrawn,
      nullCount: totalRows - rowsDrawn,
      binned: query.binned,
      binWidth,
      labels: query.labels,
      units: query.units,
      grain: query.grain,
      positive: query.positive,
      classes: query.classes,
      skipped: query.skipped,
      queries,
    },
  };
}
