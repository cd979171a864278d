import { AppError } from '../../lib/errors';
import { stepLabel } from './describe';
import type { CleanStep, ColumnSpec } from './types';

/** The columns between two steps; null after a free SQL step, whose output only DuckDB knows. */
export type Columns = readonly ColumnSpec[] | null;

/** A step that cannot be compiled or run: names the step, and the column when one is to blame. */
export class CleanStepError extends AppError {
  readonly stepId: string;
  readonly column: string | null;

  constructor(
    step: CleanStep,
    position: number,
    detail: string,
    options?: { column?: string; cause?: unknown },
  ) {
    super('sql', `${stepLabel(step, position)}: ${detail}`, { cause: options?.cause });
    this.name = 'CleanStepError';
    this.stepId = step.id;
    this.column = options?.column ?? null;
  }
}

/** What a recipe compiler needs to know about where its step sits in the chain. */
export interface RecipeContext {
  readonly step: CleanStep;
  /** 1-based position in the whole list (disabled steps count), for messages. */
  readonly position: number;
  /** The relation the step reads: a CTE name, `input`, or a quoted table name. */
  readonly from: string;
  readonly columns: Columns;
  /** Lower-cased name → the step that dropped or renamed it, to explain a missing column. */
  readonly gone: ReadonlyMap<string, string>;
  /** The hidden row number kept through the chain by `stepReport`; null in the SQL users see. */
  readonly rowId: string | null;
}

/** A piece of a step's SQL: our own lines (indented when nested), or the user's text (kept as typed). */
export type BodyPart = string | { readonly raw: string };

export interface CompiledRecipe {
  readonly body: readonly BodyPart[];
  readonly columns: Columns;
}

export function fail(ctx: RecipeContext, detail: string, column?: string): never {
  throw new CleanStepError(ctx.step, ctx.position, detail, column === undefined ? {} : { column });
}

/** DuckDB matches names case-insensitively, even quoted ones: an exact match wins, then any case. */
export function findColumn(columns: readonly ColumnSpec[], name: string): ColumnSpec | undefined {
  return (
    columns.find((c) => c.name === name) ?? columns.find((c) => c.name.toLowerCase() === name.toLowerCase())
  );
}

/** The column a step refers to, with its name as the table spells it; unknown after a SQL step. */
export function requireColumn(ctx: RecipeContext, name: string): ColumnSpec {
  if (ctx.columns === null) return { name, type: 'UNKNOWN' };
  const found = findColumn(ctx.columns, name);
  if (found) return found;
  const by = ctx.gone.get(name.toLowerCase());
  const why = by === undefined ? 'the input has no such column' : `it was removed by ${by}`;
  return fail(ctx, `column "${name}" does not exist (${why}).`, name);
}

/** The columns with `name` swapped for `next` (or removed when `next` is null), keeping their order. */
export function replaceColumn(columns: Columns, name: string, next: ColumnSpec | null): Columns {
  if (columns === null) return null;
  return columns.flatMap((c) => (c.name === name ? (next === null ? [] : [next]) : [c]));
}

/** A JS number as a DuckDB literal: integers as they are, fractions as DOUBLE (not DECIMAL). */
export function numberLiteral(ctx: RecipeContext, value: number): string {
  if (!Number.isFinite(value)) fail(ctx, `${String(value)} is not a finite number.`);
  if (Number.isInteger(value)) return String(value);
  return `CAST(${String(value)} AS DOUBLE)`;
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/i;

export function isNumericType(type: string): boolean {
  return NUMERIC.test(type);
}

export function isTextType(type: string): boolean {
  return /^VARCHAR/i.test(type);
}
