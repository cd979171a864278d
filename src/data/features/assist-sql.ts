import { assertNever } from '../../lib/errors';
import type { ColumnInfo } from '../catalog';
import { quoteIdent } from '../sql';

/* The SQL behind the feature-choice aids: one column's score against the target. */

export type ColumnRole = 'numeric' | 'temporal' | 'categorical';

const NUMERIC_TYPE = /^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|REAL|DECIMAL(\(.*\))?)$/i;
const TEMPORAL_TYPE = /^(DATE|TIMESTAMP.*|TIME)$/i;
/** Types whose near-unique values look like keys (floats and times are near-unique by nature). */
const KEY_TYPE = /^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|VARCHAR|UUID)$/i;
/** Points in time (a TIME of day is not one). */
const DATE_TYPE = /^(DATE|TIMESTAMP.*)$/i;
const TEXT_TYPE = /^VARCHAR$/i;

export function roleOf(type: string): ColumnRole {
  if (NUMERIC_TYPE.test(type)) return 'numeric';
  if (TEMPORAL_TYPE.test(type)) return 'temporal';
  return 'categorical';
}

export const isKeyType = (type: string): boolean => KEY_TYPE.test(type);

/** Dates and timestamps, and text, which may hold them (see `timestampSql`). */
export const mayHoldDates = (type: string): boolean => DATE_TYPE.test(type) || TEXT_TYPE.test(type);

/**
 * The column as a TIMESTAMP: text parsed by TRY_CAST (ISO dates and timestamps; anything else is
 * NULL). A TIMESTAMPTZ becomes UTC without the ICU extension (DuckDB-WASM), local time with it.
 */
export function timestampSql(column: string, type: string): string {
  const col = quoteIdent(column);
  return TEXT_TYPE.test(type) ? `TRY_CAST(trim(${col}) AS TIMESTAMP)` : `TRY_CAST(${col} AS TIMESTAMP)`;
}

/**
 * A column's values (`present`), how many of them are points in time (`parsed`) and how many of
 * those have a time of day (`timed`): none means the column holds days.
 */
export function datesSql(from: string, column: ColumnInfo): string {
  const at = timestampSql(column.name, column.type);
  return [
    `SELECT count(v) AS present, count(v_at) AS parsed,`,
    `  count(*) FILTER (WHERE v_at <> date_trunc('day', v_at)) AS timed`,
    `FROM (SELECT ${quoteIdent(column.name)} AS v, ${at} AS v_at FROM ${from}) AS dated`,
  ].join('\n');
}

/**
 * A column against the time column: its values and points in time (`present`, `parsed`), the
 * rows where both are points in time (`paired`) and those where the column is later (`later`):
 * strictly, or on a later day when the time column holds days (a snapshot date covers its day).
 */
export function laterSql(from: string, column: ColumnInfo, time: ColumnInfo, timeIsDay: boolean): string {
  const later = timeIsDay ? `c_at >= t_at + INTERVAL 1 DAY` : `c_at > t_at`;
  return [
    `SELECT count(c) AS present, count(c_at) AS parsed,`,
    `  count(*) FILTER (WHERE c_at IS NOT NULL AND t_at IS NOT NULL) AS paired,`,
    `  count(*) FILTER (WHERE ${later}) AS later`,
    `FROM (SELECT ${quoteIdent(column.name)} AS c, ${timestampSql(column.name, column.type)} AS c_at,`,
    `  ${timestampSql(time.name, time.type)} AS t_at FROM ${from}) AS timed`,
  ].join('\n');
}

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

/** 1 where the column is NULL, else 0: a score for whether missingness alone carries the target. */
export const nullScoreSql = (column: string): string =>
  `CASE WHEN ${quoteIdent(column)} IS NULL THEN 1.0 ELSE 0.0 END`;

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

/** Words of a column name that suggest a value recorded after the outcome (a low-severity hint only). */
const POST_OUTCOME_WORDS = new Set([
  'churn',
  'churned',
  'cancel',
  'cancelled',
  'canceled',
  'cancellation',
  'closed',
  'terminated',
  'termination',
  'refund',
  'refunded',
]);
/** Two-word names of the same kind: `end_date`, `closeDate`. */
const POST_OUTCOME_PAIRS = new Set(['end date', 'close date', 'closing date', 'exit date']);

/** The words of a column name: split at non-letters and at lower-to-upper case changes. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w !== '');
}

/**
 * The word (or pair of words) of `name` that suggests it was recorded after the outcome, or
 * null. Whole words only: "Enclosed_Porch" holds no such word, "account_closed" does.
 */
export function postOutcomeWord(name: string): string | null {
  const words = nameWords(name);
  for (const [i, word] of words.entries()) {
    if (POST_OUTCOME_WORDS.has(word)) return word;
    const pair = `${word} ${words[i + 1] ?? ''}`;
    if (POST_OUTCOME_PAIRS.has(pair)) return pair;
  }
  return null;
}
