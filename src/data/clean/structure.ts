import { isQuery, quoteIdent, stripTrailingSemicolons } from '../sql';
import {
  fail,
  findColumn,
  requireColumn,
  type BodyPart,
  type CompiledRecipe,
  type RecipeContext,
} from './context';
import type { DedupeRecipe, DropColumnsRecipe, FilterRecipe, RenameRecipe, SqlRecipe } from './types';

/* Recipes that change the rows or the columns, and the free SQL step. */

export function compileDedupe(ctx: RecipeContext, step: DedupeRecipe): CompiledRecipe {
  if (step.mode === 'exact') {
    if (ctx.rowId === null) return { body: ['SELECT DISTINCT *', `FROM ${ctx.from}`], columns: ctx.columns };
    // The row number differs on every row, so it must stay out of the comparison.
    const row = quoteIdent(ctx.rowId);
    return {
      body: [`SELECT * EXCLUDE (${row}), min(${row}) AS ${row}`, `FROM ${ctx.from}`, 'GROUP BY ALL'],
      columns: ctx.columns,
    };
  }
  if (step.keys.length === 0) fail(ctx, 'no key columns to find duplicates by.');
  const keys = step.keys.map((key) => quoteIdent(requireColumn(ctx, key).name));
  const order = quoteIdent(requireColumn(ctx, step.orderBy).name);
  return {
    body: [
      'SELECT *',
      `FROM ${ctx.from}`,
      `QUALIFY row_number() OVER (PARTITION BY ${keys.join(', ')} ORDER BY ${order} DESC NULLS LAST) = 1`,
    ],
    columns: ctx.columns,
  };
}

/**
 * The user's text on our line when it is one line without a comment; else on lines of its own,
 * so that a trailing `--` comment cannot swallow the closing parenthesis.
 */
function embed(before: string, text: string, after: string): BodyPart[] {
  if (!/[\r\n]|--/.test(text)) return [`${before}${text}${after}`];
  return [before, { raw: text }, after];
}

export function compileFilter(ctx: RecipeContext, step: FilterRecipe): CompiledRecipe {
  const where = stripTrailingSemicolons(step.where).trim();
  if (where === '') fail(ctx, 'the condition is empty.');
  return { body: ['SELECT *', `FROM ${ctx.from}`, ...embed('WHERE (', where, ')')], columns: ctx.columns };
}

export function compileDropColumns(ctx: RecipeContext, step: DropColumnsRecipe): CompiledRecipe {
  if (step.columns.length === 0) return { body: ['SELECT *', `FROM ${ctx.from}`], columns: ctx.columns };
  const dropped = [...new Set(step.columns.map((name) => requireColumn(ctx, name).name))];
  const columns = ctx.columns === null ? null : ctx.columns.filter((c) => !dropped.includes(c.name));
  if (columns !== null && columns.length === 0) fail(ctx, 'it would drop every column.');
  return {
    body: [`SELECT * EXCLUDE (${dropped.map(quoteIdent).join(', ')})`, `FROM ${ctx.from}`],
    columns,
  };
}

export function compileRename(ctx: RecipeContext, step: RenameRecipe): CompiledRecipe {
  const from = requireColumn(ctx, step.from);
  if (step.to.trim() === '') fail(ctx, 'the new name is empty.');
  const clash = ctx.columns === null ? undefined : findColumn(ctx.columns, step.to);
  if (clash !== undefined && clash.name !== from.name) {
    fail(ctx, `a column "${clash.name}" already exists (DuckDB ignores case in names).`, step.to);
  }
  const columns =
    ctx.columns === null
      ? null
      : ctx.columns.map((c) => (c.name === from.name ? { name: step.to, type: c.type } : c));
  return {
    body: [`SELECT * RENAME (${quoteIdent(from.name)} AS ${quoteIdent(step.to)})`, `FROM ${ctx.from}`],
    columns,
  };
}

/** The user's query, checked to be one; its trailing semicolons would end the whole statement. */
export function userQuery(ctx: RecipeContext, step: SqlRecipe): string {
  const sql = stripTrailingSemicolons(step.sql).trim();
  if (sql === '') fail(ctx, 'the SQL is empty.');
  if (!isQuery(sql)) fail(ctx, 'a SQL step must be a query (SELECT … FROM input).');
  return sql;
}

/**
 * The user's query reads the previous step as `input`. It is wrapped as a subquery, so that it
 * may have a WITH clause of its own. Its columns are known only once DuckDB has bound it.
 */
export function compileSql(ctx: RecipeContext, step: SqlRecipe): CompiledRecipe {
  const sql = userQuery(ctx, step);
  if (ctx.rowId === null) {
    return {
      body: [`WITH input AS (SELECT * FROM ${ctx.from})`, 'SELECT * FROM (', { raw: sql }, ')'],
      columns: null,
    };
  }
  // Row numbers cannot be followed through arbitrary SQL: the query's rows are numbered anew.
  const row = quoteIdent(ctx.rowId);
  return {
    body: [
      `WITH input AS (SELECT * EXCLUDE (${row}) FROM ${ctx.from})`,
      `SELECT *, row_number() OVER () AS ${row} FROM (`,
      { raw: sql },
      ')',
    ],
    columns: null,
  };
}
