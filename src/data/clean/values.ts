import { quoteIdent, quoteLiteral } from '../sql';
import {
  fail,
  findColumn,
  isNumericType,
  isTextType,
  numberLiteral,
  replaceColumn,
  requireColumn,
  type CompiledRecipe,
  type RecipeContext,
} from './context';
import type {
  CastRecipe,
  ClipOutliersRecipe,
  ColumnSpec,
  ImputeRecipe,
  MergeCategoriesRecipe,
  ParseDateRecipe,
  PlaceholderNullRecipe,
  TrimRecipe,
} from './types';

/* Recipes that rewrite the values of one column with `SELECT * REPLACE (…)`. */

const TRUE_WORDS = ['yes', 'true', 'y', '1'];
const FALSE_WORDS = ['no', 'false', 'n', '0'];

/** The column as text: DuckDB has no implicit cast to VARCHAR for string functions. */
function asText(column: ColumnSpec): string {
  return isTextType(column.type) ? quoteIdent(column.name) : `CAST(${quoteIdent(column.name)} AS VARCHAR)`;
}

/** DuckDB's trim() only strips spaces; tabs and line breaks count as blank too. */
function stripped(text: string): string {
  return `regexp_replace(${text}, '^\\s+|\\s+$', '', 'g')`;
}

const inList = (words: readonly string[]): string => words.map(quoteLiteral).join(', ');

/** `SELECT * REPLACE (expr AS col)`: `expr` is one line or several (a CASE). */
function replaceBody(ctx: RecipeContext, column: ColumnSpec, expr: readonly string[], extra = ''): string[] {
  const col = quoteIdent(column.name);
  const [only] = expr;
  if (expr.length === 1 && only !== undefined) {
    return [`SELECT * REPLACE (${only} AS ${col})${extra}`, `FROM ${ctx.from}`];
  }
  const last = expr.length - 1;
  return [
    'SELECT * REPLACE (',
    ...expr.map((line, i) => `  ${line}${i === last ? ` AS ${col}` : ''}`),
    `)${extra}`,
    `FROM ${ctx.from}`,
  ];
}

const unchanged = (ctx: RecipeContext): CompiledRecipe => ({
  body: [`SELECT *`, `FROM ${ctx.from}`],
  columns: ctx.columns,
});

function compiled(
  ctx: RecipeContext,
  body: string[],
  column: ColumnSpec,
  type = column.type,
): CompiledRecipe {
  return { body, columns: replaceColumn(ctx.columns, column.name, { name: column.name, type }) };
}

export function compileCast(ctx: RecipeContext, step: CastRecipe): CompiledRecipe {
  const column = requireColumn(ctx, step.column);
  if (step.to !== 'BOOLEAN') {
    return compiled(
      ctx,
      replaceBody(ctx, column, [`TRY_CAST(${quoteIdent(column.name)} AS ${step.to})`]),
      column,
      step.to,
    );
  }
  // Numbers are compared as numbers: 1.0 is true, though its text is not '1'.
  const numeric = isNumericType(column.type);
  const word = numeric ? quoteIdent(column.name) : `lower(${stripped(asText(column))})`;
  const expr = [
    'CASE',
    `  WHEN ${word} ${numeric ? '= 1' : `IN (${inList(TRUE_WORDS)})`} THEN true`,
    `  WHEN ${word} ${numeric ? '= 0' : `IN (${inList(FALSE_WORDS)})`} THEN false`,
    'END',
  ];
  return compiled(ctx, replaceBody(ctx, column, expr), column, 'BOOLEAN');
}

/** strptime specifiers of a time of day; a format without any of them gives a DATE. */
const TIME_PART = /%-?[HIMSfgnpzZcXTR]/;

export function compileParseDate(ctx: RecipeContext, step: ParseDateRecipe): CompiledRecipe {
  const column = requireColumn(ctx, step.column);
  if (step.format.trim() === '') fail(ctx, 'the date format is empty.');
  const parsed = `try_strptime(${asText(column)}, ${quoteLiteral(step.format)})`;
  const type = TIME_PART.test(step.format) ? 'TIMESTAMP' : 'DATE';
  const expr = type === 'DATE' ? `CAST(${parsed} AS DATE)` : parsed;
  return compiled(ctx, replaceBody(ctx, column, [expr]), column, type);
}

export function compileTrim(ctx: RecipeContext, step: TrimRecipe): CompiledRecipe {
  const column = requireColumn(ctx, step.column);
  // After collapsing, every run of whitespace is one space, which trim() removes.
  let expr = step.collapseSpaces
    ? `trim(regexp_replace(${asText(column)}, '\\s+', ' ', 'g'))`
    : stripped(asText(column));
  if (step.lower) expr = `lower(${expr})`;
  return compiled(ctx, replaceBody(ctx, column, [expr]), column, 'VARCHAR');
}

export function compilePlaceholderNull(ctx: RecipeContext, step: PlaceholderNullRecipe): CompiledRecipe {
  const column = requireColumn(ctx, step.column);
  const tokens = [...new Set(step.tokens.map((t) => t.trim().toLowerCase()))];
  if (tokens.length === 0) return unchanged(ctx);
  const col = quoteIdent(column.name);
  const expr = [
    'CASE',
    `  WHEN lower(${stripped(asText(column))}) IN (${inList(tokens)}) THEN NULL`,
    `  ELSE ${col}`,
    'END',
  ];
  return compiled(ctx, replaceBody(ctx, column, expr), column);
}

/** The literal that fills the gaps: a constant, or the value `fitStep` learned. */
function fillValue(ctx: RecipeContext, step: ImputeRecipe): string {
  const value = step.method === 'constant' ? step.value : step.fitted;
  if (value === undefined) {
    return step.method === 'constant'
      ? fail(ctx, 'no constant to fill with.')
      : fail(ctx, `the ${step.method} has not been learned yet: run the step (fitStep) first.`);
  }
  if (value === null) {
    return fail(
      ctx,
      `"${step.column}" has no values to learn a ${step.method} from; fill it with a constant instead.`,
    );
  }
  return typeof value === 'number' ? numberLiteral(ctx, value) : quoteLiteral(value);
}

export function compileImpute(ctx: RecipeContext, step: ImputeRecipe): CompiledRecipe {
  const column = requireColumn(ctx, step.column);
  const fill = fillValue(ctx, step);
  const col = quoteIdent(column.name);
  const value = step.method === 'constant' ? step.value : step.fitted;
  // A fractional fill turns an integer column into DOUBLE (as pandas does).
  const type = typeof value === 'number' && !Number.isInteger(value) ? 'DOUBLE' : column.type;
  const result = compiled(ctx, [], column, type);
  if (!step.indicator) return { ...result, body: replaceBody(ctx, column, [`coalesce(${col}, ${fill})`]) };
  const flag = `${column.name}_missing`;
  if (ctx.columns !== null && findColumn(ctx.columns, flag)) {
    fail(ctx, `the indicator column "${flag}" already exists; rename or drop it first.`, flag);
  }
  const body = replaceBody(
    ctx,
    column,
    [`coalesce(${col}, ${fill})`],
    `, ${col} IS NULL AS ${quoteIdent(flag)}`,
  );
  const columns = result.columns === null ? null : [...result.columns, { name: flag, type: 'BOOLEAN' }];
  return { body, columns };
}

export function compileMergeCategories(ctx: RecipeContext, step: MergeCategoriesRecipe): CompiledRecipe {
  const column = requireColumn(ctx, step.column);
  const pairs = Object.entries(step.mapping).filter(([from, to]) => from !== to);
  if (pairs.length === 0) return unchanged(ctx);
  // Categories are text: a coded column (0/1) mapped to words becomes VARCHAR.
  const text = asText(column);
  const expr = [
    `CASE ${text}`,
    ...pairs.map(([from, to]) => `  WHEN ${quoteLiteral(from)} THEN ${quoteLiteral(to)}`),
    `  ELSE ${text}`,
    'END',
  ];
  return compiled(
    ctx,
    replaceBody(ctx, column, expr),
    column,
    isTextType(column.type) ? column.type : 'VARCHAR',
  );
}

export function compileClipOutliers(ctx: RecipeContext, step: ClipOutliersRecipe): CompiledRecipe {
  const column = requireColumn(ctx, step.column);
  const { lower, upper } = step;
  // Text compares as text ('100' < '20'): it must be cast to a number first.
  if (isTextType(column.type)) fail(ctx, `"${column.name}" is text; cast it to a number first.`, column.name);
  if (lower !== null && upper !== null && lower > upper) {
    fail(ctx, `the lower bound ${lower} is above the upper bound ${upper}.`);
  }
  const col = quoteIdent(column.name);
  const lo = lower === null ? null : numberLiteral(ctx, lower);
  const hi = upper === null ? null : numberLiteral(ctx, upper);
  if (lo === null && hi === null) return unchanged(ctx);
  if (step.action === 'drop') {
    const inside = [lo === null ? '' : `${col} >= ${lo}`, hi === null ? '' : `${col} <= ${hi}`].filter(
      (c) => c !== '',
    );
    // NULLs are not outliers: they stay (impute or filter them in a step of their own).
    return {
      body: ['SELECT *', `FROM ${ctx.from}`, `WHERE ${col} IS NULL OR (${inside.join(' AND ')})`],
      columns: ctx.columns,
    };
  }
  const expr = [
    'CASE',
    ...(lo === null ? [] : [`  WHEN ${col} < ${lo} THEN ${lo}`]),
    ...(hi === null ? [] : [`  WHEN ${col} > ${hi} THEN ${hi}`]),
    `  ELSE ${col}`,
    'END',
  ];
  return compiled(ctx, replaceBody(ctx, column, expr), column);
}
