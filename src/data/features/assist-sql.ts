import { assertNever } from '../../lib/errors';
import { quoteIdent } from '../sql';

/* The SQL behind the feature-choice aids: one column's score against the target. */

export type ColumnRole = 'numeric' | 'temporal' | 'categorical';

const NUMERIC_TYPE = /^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|REAL|DECIMAL(\(.*\))?)$/i;
const TEMPORAL_TYPE = /^(DATE|TIMESTAMP.*|TIME)$/i;
/** Types whose near-unique values look like keys (floats and times are near-unique by nature). */
const KEY_TYPE = /^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|VARCHAR|UUID)$/i;

export function roleOf(type: string): ColumnRole {
  if (NUMERIC_TYPE.test(type)) return 'numeric';
  if (TEMPORAL_TYPE.test(type)) return 'temporal';
  return 'categorical';
}

export const isKeyType = (type: string): boolean => KEY_TYPE.test(type);

/**
 * The column as a score: numbers as they are, dates as seconds since 1970, categories by their
 * target rate (mean target) over the rows (`y`), so that a category's strength can be read as a score.
 */
export function scoreSql(column: string, role: ColumnRole): string {
  const col = quoteIdent(column);
  switch (role) {
    case 'numeric':
      return `CAST(${col} AS DOUBLE)`;
    case 'temporal':
      return `epoch(CAST(${col} AS TIMESTAMP))`;
    case 'categorical':
      // NULL is a category of its own here: missingness can carry the target too.
      return `avg(y) OVER (PARTITION BY CAST(${col} AS VARCHAR))`;
    default:
      return assertNever(role);
  }
}

/**
 * ROC AUC of `s` against the 0/1 `y`, as the Mann–Whitney U statistic: tied scores share their
 * average rank (rank() is the lowest rank of a tie; the tie's size moves it to the middle).
 */
export function aucSql(scored: string): string {
  return [
    `WITH ranked AS (`,
    `  SELECT y, rank() OVER (ORDER BY s) + (count(*) OVER (PARTITION BY s) - 1) / 2.0 AS r`,
    `  FROM ${scored} WHERE s IS NOT NULL`,
    `)`,
    `SELECT (sum(r) FILTER (WHERE y = 1) - sum(y) * (sum(y) + 1) / 2.0)`,
    `  / nullif(sum(y) * (count(*) - sum(y)), 0) AS strength`,
    `FROM ranked`,
  ].join('\n');
}

/** |Pearson correlation| of `s` and `y`. */
export const correlationSql = (scored: string): string =>
  `SELECT abs(corr(s, y)) AS strength FROM ${scored} WHERE s IS NOT NULL`;

/** Column names that suggest a value recorded after the outcome (a low-severity hint only). */
export const POST_OUTCOME_NAME = /churn|cancel|closed|close_date|end_?date|terminat|refund/i;
