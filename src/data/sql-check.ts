import { SqlError } from '../lib/errors';
import type { SqlEngine } from './engine';

/**
 * DuckDB's own parser error for `sql`, or null when it parses. A SQL cell that does not start
 * like a query may be a query with a typo (`SELEC name FROM t`): the parser's message and position
 * say where, which a generic "write a query" message would hide. Parsing asks for the tables the
 * statement reads, which never runs it.
 */
export async function parserError(engine: SqlEngine, sql: string): Promise<SqlError | null> {
  try {
    await engine.tableNames(sql);
    return null;
  } catch (e: unknown) {
    return e instanceof SqlError && /^Parser Error/i.test(e.message) ? e : null;
  }
}
