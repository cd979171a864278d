/**
 * The SQL of a drift computation, one builder per statistic; each reads only the columns it needs
 * (see `plan.ts`), so one query per feature scans two columns of each table. Numbers enter SQL only
 * through `quoteDouble` (edges, thresholds) or as checked integers (ranks), names only through
 * `quoteIdent`, labels only through `quoteLiteral`.
 */
import { AppError } from '../../lib/errors';
import { quoteDouble, quoteIdent } from '../sql';
import {
  allRowsSql,
  batchRowsSql,
  featureAlias,
  referenceRowsSql,
  type BatchSource,
  type DriftPlan,
} from './plan';

function integer(value: number): string {
  if (!Number.isSafeInteger(value)) throw new AppError('internal', `Not a whole number: ${value}`);
  return String(value);
}

/** Batches of a column source: each non-null value as text, with its rows, in the column's order. */
export function batchLabelsSql(source: Extract<BatchSource, { kind: 'column' }>): string {
  const column = quoteIdent(source.column);
  return `SELECT CAST(${column} AS VARCHAR) AS label, count(*) AS n
FROM ${quoteIdent(source.table)}
WHERE ${column} IS NOT NULL
GROUP BY ${column}
ORDER BY ${column}`;
}

/**
 * Rows per batch (0 = reference); for the reference also each feature's non-missing values (`p<i>`)
 * and, for numeric features, its approximate count of distinct values (`d<i>`), which decides how KS
 * reads them. The batches' feature columns are not read here (their counts come with the bins).
 */
export function sizesSql(plan: DriftPlan): string {
  const columns = plan.features.flatMap((f, i) => {
    const alias = featureAlias(i);
    const present = `count(${alias}) AS p${i}`;
    return f.kind === 'numeric' ? [present, `approx_count_distinct(${alias}) AS d${i}`] : [present];
  });
  const nulls = plan.features.flatMap((f, i) =>
    f.kind === 'numeric' ? [`NULL AS p${i}`, `NULL AS d${i}`] : [`NULL AS p${i}`],
  );
  const all = plan.features.map((_, i) => i);
  return `SELECT 0 AS __batch, count(*) AS n, ${columns.join(', ')}
FROM (${referenceRowsSql(plan, all)})
UNION ALL
SELECT __batch, count(*) AS n, ${nulls.join(', ')}
FROM (${batchRowsSql(plan, [])})
GROUP BY __batch
ORDER BY __batch`;
}

export interface QuantileRequest {
  readonly feature: number;
  /** 1-based ranks among the reference's non-missing values, ascending. */
  readonly ranks: readonly number[];
}

/** The reference values at given ranks (after sorting), per numeric feature: (feature, rank, value). */
export function quantilesSql(plan: DriftPlan, requests: readonly QuantileRequest[]): string {
  const parts = requests.map(({ feature, ranks }) => {
    const alias = featureAlias(feature);
    return `SELECT ${integer(feature)} AS feature, r AS rank, v AS value FROM (
  SELECT ${alias} AS v, row_number() OVER (ORDER BY ${alias}) AS r
  FROM (${referenceRowsSql(plan, [feature])})
  WHERE ${alias} IS NOT NULL
) WHERE r IN (${ranks.map(integer).join(', ')})`;
  });
  return `${parts.join('\nUNION ALL\n')}\nORDER BY feature, rank`;
}

export interface BinRequest {
  readonly feature: number;
  /** Ascending upper edges of right-closed bins. */
  readonly edges: readonly number[];
}

/** Bin index of a value: −1 when missing, else the number of edges below it. */
function binExpression(alias: string, edges: readonly number[]): string {
  const cases = edges.map((e, i) => `WHEN ${alias} <= ${quoteDouble(e)} THEN ${i}`).join(' ');
  return `CASE WHEN ${alias} IS NULL THEN -1 ${cases} ELSE ${edges.length} END`;
}

/** Rows per (batch, feature, bin) over the reference (batch 0) and every batch. */
export function binCountsSql(plan: DriftPlan, requests: readonly BinRequest[]): string {
  return requests
    .map(
      ({ feature, edges }) =>
        `SELECT __batch, ${integer(feature)} AS feature, ${binExpression(featureAlias(feature), edges)} AS bin, count(*) AS n
FROM (${allRowsSql(plan, [feature])})
GROUP BY ALL`,
    )
    .join('\nUNION ALL\n');
}

/** Rows per (batch, feature, category), NULL being the missing values. */
export function categoryCountsSql(plan: DriftPlan, features: readonly number[]): string {
  return features
    .map(
      (feature) =>
        `SELECT __batch, ${integer(feature)} AS feature, ${featureAlias(feature)} AS category, count(*) AS n
FROM (${allRowsSql(plan, [feature])})
GROUP BY ALL`,
    )
    .join('\nUNION ALL\n');
}

/**
 * A numeric feature's non-missing values in ascending order with their batch (0 = reference) and
 * how many rows share them (`n`), for the one-pass KS merge: grouped by value when the feature has
 * few distinct values (far fewer rows to sort and send); otherwise one row per value and no `n`.
 */
export function ksValuesSql(plan: DriftPlan, feature: number, grouped: boolean): string {
  const alias = featureAlias(feature);
  const rows = `FROM (${allRowsSql(plan, [feature])}) WHERE ${alias} IS NOT NULL`;
  return grouped
    ? `SELECT ${alias} AS v, __batch AS batch, CAST(count(*) AS DOUBLE) AS n ${rows} GROUP BY ALL ORDER BY v`
    : `SELECT ${alias} AS v, __batch AS batch ${rows} ORDER BY v`;
}

/** Per batch: rows whose value is at or above the threshold (the model's positive calls). */
export function aboveThresholdSql(plan: DriftPlan, feature: number, threshold: number): string {
  const alias = featureAlias(feature);
  return `SELECT __batch, count(*) FILTER (WHERE ${alias} >= ${quoteDouble(threshold)}) AS above
FROM (${allRowsSql(plan, [feature])})
GROUP BY __batch
ORDER BY __batch`;
}
