import { AppError } from '../lib/errors';

/**
 * The only places where text becomes SQL: identifiers are quoted, values are escaped.
 * No user text is concatenated into SQL anywhere else.
 */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * A JS number as a DuckDB DOUBLE, bit for bit: the shortest round-trip text, read by DuckDB's
 * correctly rounded string-to-double cast (a bare literal like 0.1 would be a DECIMAL). Infinities
 * are written as DuckDB spells them; NaN is refused, as it has no place in generated SQL.
 */
export function quoteDouble(value: number): string {
  if (Number.isNaN(value)) throw new AppError('internal', 'NaN cannot be written as SQL.');
  const text = value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value);
  return `CAST(${quoteLiteral(text)} AS DOUBLE)`;
}

/** A name a user may give a table: letters, digits and underscores, not starting with a digit. */
export function isPlainIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** Removes leading comments and whitespace, so the first keyword of a statement can be read. */
export function stripLeadingComments(sql: string): string {
  let rest = sql;
  for (;;) {
    const trimmed = rest.trimStart();
    if (trimmed.startsWith('--')) {
      const end = trimmed.indexOf('\n');
      rest = end < 0 ? '' : trimmed.slice(end + 1);
    } else if (trimmed.startsWith('/*')) {
      const end = trimmed.indexOf('*/');
      rest = end < 0 ? '' : trimmed.slice(end + 2);
    } else {
      return trimmed;
    }
  }
}

/** True for a statement whose result can become a table: SELECT, WITH, FROM, VALUES, SUMMARIZE, … */
export function isQuery(sql: string): boolean {
  return /^(select|with|from|values|table|summarize|describe|pivot|unpivot|\()/i.test(
    stripLeadingComments(sql),
  );
}

/** Drops trailing semicolons and whitespace so that the query can be wrapped. */
export function stripTrailingSemicolons(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}

/**
 * DuckDB-WASM's `getTableNames` binds the query, and binding fails on USING and NATURAL joins
 * ("Column "id" does not exist on left side of join!") even when every table exists. To find the
 * tables a query reads, those joins can be replaced by joins that bind without columns.
 */
export function withoutJoinColumns(sql: string): string {
  return sql
    .replace(/\bUSING\s*\([^)]*\)/gi, 'ON true')
    .replace(/\bNATURAL\s+(?:(?:LEFT|RIGHT|FULL)\s+(?:OUTER\s+)?|INNER\s+)?JOIN\b/gi, 'CROSS JOIN');
}

/** Asks the parser for the tables a query reads, retrying without USING / NATURAL joins when binding fails. */
export async function readTableNames(
  getTableNames: (sql: string) => Promise<string[]>,
  sql: string,
): Promise<string[]> {
  try {
    return await getTableNames(sql);
  } catch (e: unknown) {
    const rewritten = withoutJoinColumns(sql);
    if (rewritten === sql) throw e;
    return getTableNames(rewritten);
  }
}
