import { AppError, assertNever } from '../../lib/errors';
import type { SqlEngine } from '../engine';
import { quoteIdent } from '../sql';
import { numericValue, sqlNumber } from './encodings';
import { countAt, numberOrNull, texts } from './results';
import { checkTarget, fitClasses, trainRows } from './target';
import type { BucketEncoding, FeatureEncoding, FeatureSpec, NumericEncoding, OneHotEncoding } from './types';

export interface FitOptions {
  /** A SQL boolean over the table that is true on the training rows, e.g. "__split = 'train'". */
  readonly trainWhere: string;
  readonly signal?: AbortSignal;
}

interface FitContext {
  readonly engine: SqlEngine;
  /** The training rows, as a FROM item. */
  readonly from: string;
  readonly signal: AbortSignal | undefined;
}

const query = (ctx: FitContext, sql: string) =>
  ctx.engine.query(sql, ctx.signal ? { signal: ctx.signal } : {});

function noValues(f: FeatureEncoding, what: string): AppError {
  return new AppError(
    'bad-input',
    `"${f.column}" is NULL on every training row, so there is no ${what} to learn: drop the feature or fill the column.`,
  );
}

const FILL_SQL = {
  mean: 'avg(v)',
  median: 'quantile_cont(v, 0.5)',
} as const;

/** The fill value, then the mean and population std of the filled values (as SimpleImputer → StandardScaler). */
async function fitNumeric(ctx: FitContext, f: NumericEncoding): Promise<NumericEncoding> {
  const fill =
    f.impute === 'mean' || f.impute === 'median'
      ? `SELECT ${FILL_SQL[f.impute]} AS fill FROM vals`
      : `SELECT CAST(${f.impute === 'zero' ? '0' : 'NULL'} AS DOUBLE) AS fill`;
  const sql = [
    `WITH vals AS (SELECT ${numericValue(f)} AS v FROM ${ctx.from}),`,
    `filler AS (${fill})`,
    // Infinite values are counted (and refused) rather than let stddev_pop fail on them.
    'SELECT any_value(fill) AS fill, avg(coalesce(v, fill)) AS mean, count(coalesce(v, fill)) AS present,',
    '  stddev_pop(CASE WHEN isfinite(v) OR v IS NULL THEN coalesce(v, fill) END) AS std,',
    '  count(*) FILTER (WHERE NOT isfinite(v)) AS not_finite',
    'FROM vals CROSS JOIN filler',
  ].join('\n');
  const result = await query(ctx, sql);
  if (countAt(result, 'not_finite') > 0) {
    throw new AppError(
      'bad-input',
      `"${f.column}" has ${countAt(result, 'not_finite')} infinite or NaN values on the training rows: clean them first.`,
    );
  }
  const mean = numberOrNull(result, 'mean');
  if (countAt(result, 'present') === 0 || mean === null) throw noValues(f, f.impute ?? 'mean');
  const fitted = { fill: numberOrNull(result, 'fill'), mean, std: numberOrNull(result, 'std') ?? 0 };
  return { ...f, fitted };
}

/**
 * The K most frequent values (ties by value), returned in code-point order; with `missing: 'mode'`
 * also the most frequent value, the smallest of ties (SimpleImputer's most_frequent), which is the
 * first of the top K, so imputing it changes neither the kept values nor their order.
 */
async function fitOneHot(ctx: FitContext, f: OneHotEncoding): Promise<OneHotEncoding> {
  const column = quoteIdent(f.column);
  const mostFrequent = (limit: number) =>
    [
      `SELECT CAST(${column} AS VARCHAR) AS v FROM ${ctx.from} WHERE ${column} IS NOT NULL`,
      `GROUP BY 1 ORDER BY count(*) DESC, v LIMIT ${limit}`,
    ].join(' ');
  const top = mostFrequent(Math.max(1, Math.floor(f.topK)));
  const categories = texts(await query(ctx, `SELECT v FROM (${top}) ORDER BY v`), 'v');
  if (f.missing !== 'mode') return { ...f, fitted: { categories } };
  const [fill] = texts(await query(ctx, mostFrequent(1)), 'v');
  if (fill === undefined) throw noValues(f, 'most frequent value');
  return { ...f, fitted: { categories, fill } };
}

/** Edges closer than this are merged, as scikit-learn's KBinsDiscretizer does. */
const EDGE_TOLERANCE = 1e-8;

/** The full edges (min … max) as in KBinsDiscretizer: np.percentile (linear) or np.linspace. */
async function fullEdges(ctx: FitContext, f: BucketEncoding): Promise<number[] | null> {
  const value = `CAST(${quoteIdent(f.column)} AS DOUBLE)`;
  if (f.method === 'uniform') {
    const result = await query(ctx, `SELECT min(${value}) AS lo, max(${value}) AS hi FROM ${ctx.from}`);
    const lo = numberOrNull(result, 'lo');
    const hi = numberOrNull(result, 'hi');
    if (lo === null || hi === null) return null;
    return Array.from({ length: f.bins + 1 }, (_, i) => (i === f.bins ? hi : lo + (i * (hi - lo)) / f.bins));
  }
  const quantiles = Array.from(
    { length: f.bins + 1 },
    (_, i) => `quantile_cont(${value}, ${sqlNumber(i / f.bins)}) AS q${i}`,
  );
  const result = await query(ctx, `SELECT ${quantiles.join(', ')} FROM ${ctx.from}`);
  const edges = quantiles.map((_, i) => numberOrNull(result, `q${i}`));
  return edges.every((e) => e !== null) ? edges.filter((e) => e !== null) : null;
}

async function fitBucket(ctx: FitContext, f: BucketEncoding): Promise<BucketEncoding> {
  const full = await fullEdges(ctx, f);
  if (full === null) throw noValues(f, 'bin edge');
  const kept = full.filter((edge, i) => i === 0 || edge - (full[i - 1] ?? edge) > EDGE_TOLERANCE);
  return { ...f, fitted: { edges: kept.slice(1, -1) } };
}

function fitOne(ctx: FitContext, f: FeatureEncoding): Promise<FeatureEncoding> {
  switch (f.encoding) {
    case 'numeric':
      return fitNumeric(ctx, f);
    case 'one-hot':
      return fitOneHot(ctx, f);
    case 'bucket':
      return fitBucket(ctx, f);
    case 'ordinal':
    case 'date-parts':
    case 'boolean':
      return Promise.resolve({ ...f, fitted: {} });
    default:
      return assertNever(f);
  }
}

/**
 * Learns every encoding's fitted values in DuckDB from the training rows only (`trainWhere`, and
 * a known target), and returns the spec with `fitted` filled (and the positive class of a 0/1 or
 * false/true target). Throws AppError('bad-input') for a target with one class or no
 * values, or a feature with nothing to learn from.
 */
export async function fitFeatures(
  engine: SqlEngine,
  table: string,
  spec: FeatureSpec,
  options: FitOptions,
): Promise<FeatureSpec> {
  const positive = await checkTarget(engine, table, spec, options.trainWhere, options.signal);
  const classes =
    spec.task === 'multiclass'
      ? await fitClasses(engine, table, spec, options.trainWhere, options.signal)
      : undefined;
  const ctx: FitContext = {
    engine,
    from: trainRows(table, spec.target, options.trainWhere),
    signal: options.signal,
  };
  const features: FeatureEncoding[] = [];
  for (const feature of spec.features) features.push(await fitOne(ctx, feature));
  const fitted = classes === undefined ? { ...spec, features } : { ...spec, classes, features };
  return positive === undefined ? fitted : { ...fitted, positive };
}
