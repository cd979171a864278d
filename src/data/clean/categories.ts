import type { SqlEngine } from '../engine';
import { quoteIdent } from '../sql';
import { mapRows, numberAt, textAt } from './results';

export interface CategoryValue {
  readonly value: string;
  readonly count: number;
}

export interface CategoryGroup {
  /** Most frequent first. */
  readonly values: readonly CategoryValue[];
  /** The most frequent value: what the others would become once the user confirms. */
  readonly canonical: string;
  readonly total: number;
  /** `format`: equal after lower-casing, trimming and collapsing spaces; `spelling`: a small edit distance too. */
  readonly reason: 'format' | 'spelling';
}

export interface CategoryCandidates {
  readonly groups: readonly CategoryGroup[];
  readonly distinctValues: number;
  /** Only the `limit` most frequent values were compared. */
  readonly truncated: boolean;
}

export interface CategoryOptions {
  /** Most edits between two values of one group; shorter values allow fewer (a quarter of their length). */
  readonly maxDistance?: number;
  /** How many of the most frequent values are compared, pairwise: 500 makes 125,000 pairs. */
  readonly limit?: number;
  readonly signal?: AbortSignal;
}

/** The form two values share when they differ only in case and whitespace. */
const KEY = (text: string): string => `trim(regexp_replace(lower(${text}), '\\s+', ' ', 'g'))`;

function topValuesSql(table: string, column: string, limit: number): string {
  const col = quoteIdent(column);
  return [
    `SELECT CAST(${col} AS VARCHAR) AS value, ${KEY(`CAST(${col} AS VARCHAR)`)} AS key, count(*) AS n,`,
    '  count(*) OVER () AS distinct_values',
    `FROM ${quoteIdent(table)}`,
    `WHERE ${col} IS NOT NULL`,
    'GROUP BY ALL',
    `ORDER BY n DESC, value`,
    `LIMIT ${limit}`,
  ].join('\n');
}

/**
 * Pairs of keys within the edit distance. Short values allow fewer edits ("Male"/"Female" are 2
 * apart and distinct), and values whose digits differ are never paired ("Plan 1"/"Plan 2").
 */
function closePairsSql(topSql: string, maxDistance: number): string {
  const digits = (k: string): string => `regexp_replace(${k}, '[^0-9]', '', 'g')`;
  return [
    `WITH top_values AS (${topSql}),`,
    'keys AS (SELECT DISTINCT key FROM top_values)',
    'SELECT a.key AS a, b.key AS b',
    'FROM keys AS a JOIN keys AS b ON a.key < b.key',
    `WHERE abs(length(a.key) - length(b.key)) <= ${maxDistance}`,
    `  AND levenshtein(a.key, b.key) <= least(${maxDistance}, floor(least(length(a.key), length(b.key)) / 4))`,
    `  AND ${digits('a.key')} = ${digits('b.key')}`,
  ].join('\n');
}

/** Union-find over keys: each close pair joins two keys' sets. */
function linkKeys(
  keys: readonly string[],
  pairs: readonly (readonly [string, string])[],
): Map<string, string> {
  const parent = new Map(keys.map((k) => [k, k]));
  const root = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(k, r);
    return r;
  };
  for (const [a, b] of pairs) parent.set(root(a), root(b));
  return new Map(keys.map((k) => [k, root(k)]));
}

function toGroup(members: readonly { value: string; key: string; count: number }[]): CategoryGroup {
  const values = [...members]
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
    .map(({ value, count }) => ({ value, count }));
  const sameKey = members.every((m) => m.key === members[0]?.key);
  return {
    values,
    canonical: values[0]?.value ?? '',
    total: values.reduce((sum, v) => sum + v.count, 0),
    reason: sameKey ? 'format' : 'spelling',
  };
}

/**
 * Groups of values of `column` that look like one category written differently: the same after
 * lower-casing, trimming and collapsing spaces, or a few edits apart. Only the `limit` most
 * frequent values are compared, so many distinct values (ids, free text) stay cheap.
 */
export async function categoryCandidates(
  engine: SqlEngine,
  table: string,
  column: string,
  options: CategoryOptions = {},
): Promise<CategoryCandidates> {
  const maxDistance = Math.max(0, Math.floor(options.maxDistance ?? 2));
  const limit = Math.max(1, Math.floor(options.limit ?? 500));
  const queryOptions = options.signal ? { signal: options.signal } : {};
  const topSql = topValuesSql(table, column, limit);
  const top = await engine.query(topSql, queryOptions);
  const values = mapRows(top, (row) => ({
    value: textAt(top, 'value', row) ?? '',
    key: textAt(top, 'key', row) ?? '',
    count: numberAt(top, 'n', row),
  }));
  const pairsResult =
    maxDistance === 0 ? null : await engine.query(closePairsSql(topSql, maxDistance), queryOptions);
  const pairs =
    pairsResult === null
      ? []
      : mapRows(pairsResult, (row): [string, string] => [
          textAt(pairsResult, 'a', row) ?? '',
          textAt(pairsResult, 'b', row) ?? '',
        ]);
  const roots = linkKeys([...new Set(values.map((v) => v.key))], pairs);
  const byRoot = new Map<string, typeof values>();
  for (const v of values) {
    const r = roots.get(v.key) ?? v.key;
    byRoot.set(r, [...(byRoot.get(r) ?? []), v]);
  }
  const groups = [...byRoot.values()].filter((members) => members.length > 1).map(toGroup);
  const distinctValues = values.length === 0 ? 0 : numberAt(top, 'distinct_values');
  return {
    groups: groups.sort((a, b) => b.total - a.total),
    distinctValues,
    truncated: distinctValues > values.length,
  };
}

/** The mapping of a 'merge-categories' step from the groups the user confirmed: each value → its group's canonical. */
export function mergeMapping(groups: readonly CategoryGroup[]): Record<string, string> {
  // fromEntries defines own properties, so a value named "__proto__" is kept as data.
  return Object.fromEntries(
    groups.flatMap((group) =>
      group.values
        .filter(({ value }) => value !== group.canonical)
        .map(({ value }) => [value, group.canonical]),
    ),
  );
}
