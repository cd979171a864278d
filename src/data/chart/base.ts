import { quoteIdent, quoteLiteral } from '../sql';
import { asLabel, OTHER, type ChartColumn } from './columns';

/*
 * Every chart query starts from `__cb_base`: the table's columns it needs under fixed aliases
 * (so user names appear once, quoted) plus `facet`, the facet's label or NULL. CTE names carry
 * the `__cb_` prefix so that they do not hide a user's table.
 */

export const FACETS = 12;
/** A last guard: no chart query returns more rows than this. */
export const MAX_ROWS = 10_000;

export interface BaseField {
  readonly alias: string;
  readonly sql: string;
}

/** The CTEs that end in `__cb_base` (fields + facet), reading `table`. */
export function baseCtes(table: string, fields: readonly BaseField[], facet: ChartColumn | null): string[] {
  const select = fields.map((f) => `${f.sql} AS ${f.alias}`).join(', ');
  const from = quoteIdent(table);
  if (facet === null) {
    return [
      `__cb_base AS (SELECT ${select}${select ? ', ' : ''}CAST(NULL AS VARCHAR) AS facet FROM ${from})`,
    ];
  }
  const aliases = fields.map((f) => f.alias).join(', ');
  return [
    `__cb_raw AS (SELECT ${select}${select ? ', ' : ''}${asLabel(facet)} AS facet FROM ${from})`,
    `__cb_facets AS (SELECT facet FROM __cb_raw GROUP BY facet ORDER BY count(*) DESC, facet LIMIT ${FACETS})`,
    `__cb_base AS (SELECT ${aliases}${aliases ? ', ' : ''}CASE WHEN facet IN (SELECT facet FROM __cb_facets) THEN facet ELSE ${quoteLiteral(OTHER)} END AS facet FROM __cb_raw)`,
  ];
}

/** `WITH a AS (…), b AS (…) SELECT …`, one CTE a line. */
export function withCtes(ctes: readonly string[], select: string): string {
  return ctes.length === 0 ? select : `WITH ${ctes.join(',\n')}\n${select}`;
}

/** Total rows of `table` and the rows where `drawn` holds (SQL on the table's own columns). */
export function countSql(table: string, drawn: string): string {
  return `SELECT CAST(count(*) AS DOUBLE) AS total, CAST(count(*) FILTER (WHERE ${drawn}) AS DOUBLE) AS drawn FROM ${quoteIdent(table)}`;
}

/** The label of `alias`, with values past the `limit` most frequent replaced by "(other)". */
export function topLabels(name: string, alias: string, limit: number): { cte: string; sql: string } {
  return {
    cte: `${name} AS (SELECT ${alias} FROM __cb_base GROUP BY ${alias} ORDER BY count(*) DESC, ${alias} LIMIT ${limit})`,
    sql: `CASE WHEN ${alias} IN (SELECT ${alias} FROM ${name}) THEN ${alias} ELSE ${quoteLiteral(OTHER)} END`,
  };
}

/** `a IS NOT NULL AND b IS NOT NULL` for these columns of the table. */
export function notNull(columns: readonly ChartColumn[]): string {
  if (columns.length === 0) return 'true';
  return columns.map((c) => `${quoteIdent(c.name)} IS NOT NULL`).join(' AND ');
}
