import { describeRelation, dropRelationUnless } from '../../data/catalog';
import { isQuery, quoteIdent, stripTrailingSemicolons } from '../../data/sql';
import { parserError } from '../../data/sql-check';
import { SqlError, throwIf, type Problem } from '../../lib/errors';
import type { SqlConfig } from '../../notebook/types';
import type { CellRunner, TableResult } from '../types';

/** A SQL cell's run: the table or view its query made. */
export type SqlOutput = { readonly kind: 'sql' } & TableResult;

/**
 * The statement that materialises a SQL cell. The user's SQL starts on its own line, so that
 * DuckDB's error positions map back to the editor by subtracting `prefix.length`.
 */
export function materializeSql(config: SqlConfig): { readonly prefix: string; readonly sql: string } {
  const body = stripTrailingSemicolons(config.sql);
  const kind = config.materialize === 'view' ? 'VIEW' : 'TABLE';
  const prefix = `CREATE OR REPLACE ${kind} ${quoteIdent(config.output)} AS\n`;
  return { prefix, sql: prefix + body };
}

/** What keeps a SQL cell from running: no SQL yet, or a statement that is not a query. */
export function sqlProblem(config: SqlConfig): Problem | null {
  if (config.sql.trim() === '') {
    return { code: 'missing-input', message: 'This cell has no SQL yet. Write a query, then run it.' };
  }
  if (!isQuery(config.sql)) {
    return {
      code: 'bad-input',
      message:
        `A SQL cell holds one query (SELECT, WITH, FROM, VALUES…) whose result becomes the table "${config.output}". ` +
        'Write the statement as a query; the table is created for you.',
    };
  }
  return null;
}

export const runSql: CellRunner<'sql', SqlOutput> = async (ctx, cell) => {
  const { config } = cell;
  // A typo in the first keyword reads as "not a query": DuckDB's parser says where it is.
  if (config.sql.trim() !== '' && !isQuery(config.sql)) {
    const typo = await parserError(ctx.engine, config.sql);
    if (typo) throw typo;
  }
  throwIf(sqlProblem(config));
  const { prefix, sql } = materializeSql(config);
  await dropRelationUnless(ctx.engine, config.output, config.materialize, ctx.signal);
  try {
    await ctx.engine.exec(sql, { signal: ctx.signal });
  } catch (e: unknown) {
    throw mapToUserSql(e, prefix, config.sql);
  }
  const { rowCount, columns } = await describeRelation(ctx.engine, config.output, ctx.signal);
  return {
    kind: 'sql',
    table: config.output,
    materialize: config.materialize,
    rowCount,
    columns,
    skippedRows: 0,
    skippedSample: [],
    notices: [],
  };
};

/** Re-expresses an error of the wrapped statement in terms of the SQL the user wrote. */
export function mapToUserSql(e: unknown, prefix: string, userSql: string): unknown {
  if (!(e instanceof SqlError)) return e;
  const position =
    e.position !== undefined && e.position >= prefix.length ? e.position - prefix.length : undefined;
  const missing = /Table with name (.+?) does not exist/.exec(e.message);
  const message = missing
    ? `${e.message.split('\n')[0] ?? e.message} No cell or source in this case creates "${missing[1]}": ` +
      'import it in a source cell, create it in a SQL cell above, or change the query.'
    : e.message;
  return new SqlError(message, userSql, position, { cause: e });
}
