import { describeRelation } from '../catalog';
import type { SqlEngine } from '../engine';
import { quoteIdent } from '../sql';
import { columnClass, findColumn, type ChartColumn } from './columns';
import type { ChartContext } from './query';
import { numberField, plainRows } from './rows';
import { chartQuery } from './sql';
import { resolvePositive, targetValuesSql } from './target';
import { chooseGrain, timeSpanSql } from './time';
import type { ChartData, ChartSpec } from './types';
import { timeColumn } from './bar';

export interface RunChartOptions {
  readonly signal?: AbortSignal;
}

/** What the chart query needs to know of the data: a line's span, a target's values. */
async function readContext(
  engine: SqlEngine,
  table: string,
  spec: ChartSpec,
  columns: readonly ChartColumn[],
  rowCount: number,
  signal: AbortSignal | undefined,
): Promise<ChartContext> {
  const options = signal ? { signal } : {};
  if (spec.kind === 'line') {
    const span = plainRows(
      await engine.query(timeSpanSql(table, timeColumn(columns, spec.time, table)), options),
    );
    return {
      rowCount,
      grain: chooseGrain(spec.grain, numberField(span[0], 'lo'), numberField(span[0], 'hi')),
    };
  }
  if (spec.kind === 'target-rate' || spec.kind === 'target-grid') {
    const target = findColumn(columns, spec.target, table);
    const found = plainRows(await engine.query(targetValuesSql(table, target), options));
    const values = found.map((row) => String(row['value']));
    const positive = resolvePositive(spec.positive, target, values);
    if (spec.kind === 'target-rate' || spec.columns !== undefined) return { rowCount, positive };
    return { rowCount, positive, idLike: await idLikeColumns(engine, table, columns, rowCount, options) };
  }
  return { rowCount };
}

/** Text columns whose values are (nearly) all distinct: customer ids, free-text notes. */
async function idLikeColumns(
  engine: SqlEngine,
  table: string,
  columns: readonly ChartColumn[],
  rowCount: number,
  options: { signal?: AbortSignal },
): Promise<string[]> {
  const text = columns.filter((c) => columnClass(c.type) === 'text');
  if (text.length === 0 || rowCount < 50) return [];
  const counts = text.map((c, i) => `approx_count_distinct(${quoteIdent(c.name)}) AS d${i}`);
  const row = plainRows(
    await engine.query(`SELECT ${counts.join(', ')} FROM ${quoteIdent(table)}`, options),
  )[0];
  return text.filter((_, i) => (numberField(row, `d${i}`) ?? 0) > 0.9 * rowCount).map((c) => c.name);
}

/**
 * Runs the chart's queries over `table` (its column types read with DESCRIBE) and returns small
 * plain rows: every aggregation and binning happens in DuckDB, no query returns more than 10,000
 * rows. Rejects with AppError('invalid-document') for a spec that does not fit the table, with
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
  const context = await readContext(engine, table, spec, columns, rowCount, signal);
  const query = chartQuery(spec, table, columns, context);
  const rows = plainRows(await engine.query(query.sql, options));
  const outliers =
    query.outliersSql === null ? [] : plainRows(await engine.query(query.outliersSql, options));
  const counts = plainRows(await engine.query(query.countSql, options))[0];
  const queries = [query.sql, ...(query.outliersSql === null ? [] : [query.outliersSql]), query.countSql];
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
      skipped: query.skipped,
      queries,
    },
  };
}
