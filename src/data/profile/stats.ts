import type { Table } from 'apache-arrow';
import { asDouble, ident, stripped, type Col } from './shape';
import { countAt, numberOrNull, textOrNull } from './results';

/** Quantiles computed for every numeric column: the profile's own, and deciles for target rates. */
export const QUANTILES = [0.01, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.99];

export interface BasicStats {
  readonly count: number;
  readonly distinct: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly minText: string | null;
  readonly maxText: string | null;
  readonly mean: number | null;
  readonly std: number | null;
  /** At QUANTILES, in order. */
  readonly quantiles: readonly (number | null)[];
  /** Text only: the longest value, values with a space, distinct values after lower-casing and
   * collapsing whitespace, and values with whitespace at either end. */
  readonly maxLength: number;
  readonly spaced: number;
  readonly keys: number;
  readonly padded: number;
}

/** The form two values share when they differ only in case and surrounding whitespace (a regex that
 * also collapsed inner spaces cost seconds per million rows). */
export const categoryKey = (text: string): string => `lower(${stripped(text)})`;

function columnAggregates(col: Col): string[] {
  const c = ident(col);
  const p = `c${col.index}_`;
  const parts = [`count(${c}) AS ${p}count`, `count(DISTINCT ${c}) AS ${p}distinct`];
  if (col.kind === 'numeric') {
    const x = asDouble(col);
    parts.push(
      `min(${x}) AS ${p}min`,
      `max(${x}) AS ${p}max`,
      `avg(${x}) AS ${p}mean`,
      `stddev_samp(${x}) AS ${p}std`,
      `quantile_cont(${x}, [${QUANTILES.join(', ')}]) AS ${p}q`,
    );
  } else if (col.kind === 'temporal') {
    parts.push(`CAST(min(${c}) AS VARCHAR) AS ${p}min_text`, `CAST(max(${c}) AS VARCHAR) AS ${p}max_text`);
  } else if (col.kind === 'text') {
    parts.push(
      `max(length(${c})) AS ${p}max_length`,
      `count(*) FILTER (WHERE contains(${c}, ' ')) AS ${p}spaced`,
      `count(DISTINCT ${categoryKey(c)}) AS ${p}keys`,
      `count(*) FILTER (WHERE ${c} <> ${stripped(c)}) AS ${p}padded`,
    );
  }
  return parts;
}

/**
 * One pass over every column: counts, distinct values, range, moments and quantiles, plus the
 * relation's rows and distinct rows. Quantile lists are unpacked in SQL, so no list crosses Arrow.
 */
export function statsSql(relation: string, cols: readonly Col[]): string {
  const inner = [
    'count(*) AS n',
    `(SELECT count(*) FROM (SELECT DISTINCT * FROM ${relation})) AS distinct_rows`,
    ...cols.flatMap(columnAggregates),
  ];
  const numeric = cols.filter((c) => c.kind === 'numeric');
  const lists = numeric.map((c) => `c${c.index}_q`);
  const unpacked = numeric.flatMap((c) =>
    QUANTILES.map((_, k) => `c${c.index}_q[${k + 1}] AS c${c.index}_q${k + 1}`),
  );
  const head =
    lists.length === 0 ? 'SELECT *' : `SELECT * EXCLUDE (${lists.join(', ')}),\n  ${unpacked.join(',\n  ')}`;
  return `${head}\nFROM (\n  SELECT\n    ${inner.join(',\n    ')}\n  FROM ${relation}\n)`;
}

export function readStats(result: Table, col: Col): BasicStats {
  const p = `c${col.index}_`;
  return {
    count: countAt(result, `${p}count`),
    distinct: countAt(result, `${p}distinct`),
    min: numberOrNull(result, `${p}min`),
    max: numberOrNull(result, `${p}max`),
    minText: textOrNull(result, `${p}min_text`),
    maxText: textOrNull(result, `${p}max_text`),
    mean: numberOrNull(result, `${p}mean`),
    std: numberOrNull(result, `${p}std`),
    quantiles: col.kind === 'numeric' ? QUANTILES.map((_, k) => numberOrNull(result, `${p}q${k + 1}`)) : [],
    maxLength: countAt(result, `${p}max_length`),
    spaced: countAt(result, `${p}spaced`),
    keys: countAt(result, `${p}keys`),
    padded: countAt(result, `${p}padded`),
  };
}

/** The value at quantile `q` (one of QUANTILES). */
export function quantileAt(stats: BasicStats, q: number): number | null {
  return stats.quantiles[QUANTILES.indexOf(q)] ?? null;
}
