import { assertNever } from '../../lib/errors';
import { quoteIdent } from '../sql';
import type { BodyPart, Columns, CompiledRecipe, RecipeContext } from './context';
import { describeStep, oneLine, stepLabel } from './describe';
import {
  compileDedupe,
  compileDropColumns,
  compileFilter,
  compileRename,
  compileSql,
  userQuery,
} from './structure';
import type { CleanStep, ColumnSpec } from './types';
import {
  compileCast,
  compileClipOutliers,
  compileImpute,
  compileMergeCategories,
  compileParseDate,
  compilePlaceholderNull,
  compileTrim,
} from './values';

export interface CompiledStep {
  readonly stepId: string;
  /** The step alone, reading the previous step as `input`: the text of a 'sql' step made from it. */
  readonly sql: string;
  /** null after a 'sql' step: ask DuckDB (`describeSteps`). */
  readonly outputColumns: readonly ColumnSpec[] | null;
}

export interface CompiledSteps {
  /** One query: a CTE per enabled step, then the final SELECT. */
  readonly sql: string;
  /** One per enabled step, in order. */
  readonly steps: readonly CompiledStep[];
}

export function compileRecipe(ctx: RecipeContext): CompiledRecipe {
  const { step } = ctx;
  switch (step.recipe) {
    case 'cast':
      return compileCast(ctx, step);
    case 'parse-date':
      return compileParseDate(ctx, step);
    case 'trim':
      return compileTrim(ctx, step);
    case 'placeholder-null':
      return compilePlaceholderNull(ctx, step);
    case 'impute':
      return compileImpute(ctx, step);
    case 'merge-categories':
      return compileMergeCategories(ctx, step);
    case 'clip-outliers':
      return compileClipOutliers(ctx, step);
    case 'dedupe':
      return compileDedupe(ctx, step);
    case 'filter':
      return compileFilter(ctx, step);
    case 'drop-columns':
      return compileDropColumns(ctx, step);
    case 'rename':
      return compileRename(ctx, step);
    case 'sql':
      return compileSql(ctx, step);
    default:
      return assertNever(step);
  }
}

export interface Cte {
  readonly name: string;
  readonly comment: string | null;
  readonly body: readonly BodyPart[];
  /** Computed once even when read twice: the report pairs rows by a number that must not change. */
  readonly materialized?: boolean;
}

/** The CTEs of the enabled steps before `end`, reading `from` first. */
export interface Chain {
  readonly ctes: readonly Cte[];
  /** The relation the next step reads: the last CTE, or `from` when no step ran. */
  readonly last: string;
  readonly columns: Columns;
  readonly gone: ReadonlyMap<string, string>;
  readonly steps: readonly CompiledStep[];
}

export interface ChainOptions {
  /** The hidden row number carried through the steps (`stepReport`); null for the SQL users see. */
  readonly rowId: string | null;
  /** Steps from this index on are left out. */
  readonly end?: number;
  /** Put before every CTE name (see `ctePrefix`). */
  readonly prefix?: string;
}

/**
 * DuckDB refuses a table read inside a WITH clause that also defines a CTE of its name ("There is
 * a WITH item named …"): an input table called `step_2` gets CTEs named `clean_step_…`.
 */
export function ctePrefix(input: string): string {
  return /^(step_|numbered_rows$)/i.test(input) ? 'clean_' : '';
}

export function planChain(
  from: string,
  columns: Columns,
  steps: readonly CleanStep[],
  options: ChainOptions,
): Chain {
  const ctes: Cte[] = [];
  const compiledSteps: CompiledStep[] = [];
  const gone = new Map<string, string>();
  let state = { last: from, columns };
  steps.slice(0, options.end ?? steps.length).forEach((step, index) => {
    if (!step.enabled) return;
    const ctx: RecipeContext = {
      step,
      position: index + 1,
      from: state.last,
      columns: state.columns,
      gone,
      rowId: options.rowId,
    };
    const compiled = compileRecipe(ctx);
    const name = `${options.prefix ?? ''}step_${ctes.length + 1}`;
    ctes.push({ name, comment: describeStep(step), body: compiled.body });
    if (options.rowId === null) {
      compiledSteps.push({ stepId: step.id, sql: standalone(ctx), outputColumns: compiled.columns });
    }
    noteGone(gone, state.columns, compiled.columns, stepLabel(step, index + 1));
    state = { last: name, columns: compiled.columns };
  });
  return { ctes, last: state.last, columns: state.columns, gone, steps: compiledSteps };
}

/** The step as a query of its own over `input`. */
function standalone(ctx: RecipeContext): string {
  if (ctx.step.recipe === 'sql') return userQuery(ctx, ctx.step);
  return renderBody(compileRecipe({ ...ctx, from: 'input' }).body, '');
}

/** Remembers which step removed a column, to explain a later step that still names it. */
function noteGone(gone: Map<string, string>, before: Columns, after: Columns, label: string): void {
  if (before === null || after === null) return;
  const kept = new Set(after.map((c) => c.name.toLowerCase()));
  for (const c of before) {
    if (!kept.has(c.name.toLowerCase())) gone.set(c.name.toLowerCase(), label);
  }
}

function renderBody(body: readonly BodyPart[], indent: string): string {
  // Only the start of our own pieces is indented: a literal inside may span lines, and the user's text is kept as typed.
  return body.map((part) => (typeof part === 'string' ? `${indent}${part}` : part.raw)).join('\n');
}

/** `WITH a AS (…), b AS (…) <final>`, one CTE per step under a comment naming it. */
export function renderWith(ctes: readonly Cte[], final: string): string {
  if (ctes.length === 0) return final;
  const parts = ctes.map((cte, i) => {
    const comment = cte.comment === null ? '' : `-- ${oneLine(cte.comment)}\n`;
    const keyword = cte.materialized ? 'AS MATERIALIZED' : 'AS';
    const comma = i === ctes.length - 1 ? '' : ',';
    return `${comment}${cte.name} ${keyword} (\n${renderBody(cte.body, '  ')}\n)${comma}`;
  });
  return `WITH\n${parts.join('\n')}\n${final}`;
}

/**
 * The enabled steps as one readable query over table `input`: a CTE per step (`step_1`, …) and
 * a final SELECT. Throws `CleanStepError` naming the first step that cannot be compiled.
 */
export function compileSteps(
  input: string,
  columns: readonly ColumnSpec[],
  steps: readonly CleanStep[],
): CompiledSteps {
  const chain = planChain(quoteIdent(input), columns, steps, { rowId: null, prefix: ctePrefix(input) });
  return { sql: renderWith(chain.ctes, `SELECT *\nFROM ${chain.last}`), steps: chain.steps };
}

/**
 * "Edit as SQL": the step becomes a 'sql' step holding its compiled SQL (fitted values included),
 * which reads the previous step as `input`, so the pipeline gives the same rows.
 */
export function convertToSql(
  input: string,
  columns: readonly ColumnSpec[],
  steps: readonly CleanStep[],
  stepId: string,
): CleanStep[] {
  const index = steps.findIndex((s) => s.id === stepId);
  const target = steps[index];
  if (target === undefined) return [...steps];
  const upTo = steps.slice(0, index + 1).map((s) => (s.id === stepId ? { ...s, enabled: true } : s));
  const compiled = compileSteps(input, columns, upTo).steps.at(-1);
  if (compiled === undefined) return [...steps];
  return steps.map((s) =>
    s.id === stepId ? { id: s.id, enabled: s.enabled, recipe: 'sql', sql: compiled.sql } : s,
  );
}
