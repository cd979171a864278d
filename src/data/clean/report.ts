import type { Table } from 'apache-arrow';
import { AppError } from '../../lib/errors';
import type { SqlEngine } from '../engine';
import { quoteIdent } from '../sql';
import { blameStep } from './check';
import { compileRecipe, ctePrefix, planChain, renderWith, type Cte } from './compile';
import { findColumn, type Columns, type RecipeContext } from './context';
import { oneLine, stepLabel } from './describe';
import { mapRows, numberAt, textAt } from './results';
import type { CleanStep, ColumnSpec } from './types';

export interface FailedValues {
  /** Values that were not NULL before the step and are NULL after it. */
  readonly count: number;
  readonly nonNullBefore: number;
  /** count / nonNullBefore (0 when there was nothing to convert): 1 for a format that matches nothing. */
  readonly fraction: number;
  /** The most frequent failures, as text. */
  readonly examples: readonly { readonly value: string; readonly count: number }[];
}

export interface StepReport {
  readonly stepId: string;
  readonly enabled: boolean;
  readonly rowsBefore: number;
  readonly rowsAfter: number;
  /** The one column a value-changing step rewrites; null for the others. */
  readonly column: string | null;
  /** Values of `column` whose text differs after the step, rows paired by their number; null when not a value step. */
  readonly valuesChanged: number | null;
  /** For 'cast' and 'parse-date'. */
  readonly failed: FailedValues | null;
}

const EXAMPLES = 5;

/**
 * A cast or date parse that turned every value of its column into NULL matched nothing: the
 * table it made looks fine (same rows) but has lost the column. That is an error, not a success.
 */
export function everyValueLost(steps: readonly CleanStep[], reports: readonly StepReport[]): AppError | null {
  for (const [index, report] of reports.entries()) {
    const step = steps[index];
    const failed = report.failed;
    if (!step || !failed || failed.nonNullBefore === 0 || failed.count < failed.nonNullBefore) continue;
    const examples = failed.examples.map((e) => `"${oneLine(e.value, 40)}"`).join(', ');
    const fix =
      step.recipe === 'parse-date'
        ? `The format ${step.format} matches none of them: pick the format the values are written in (Detect suggests one), or remove the step.`
        : 'None of them can be read as that type: choose another type, clean the values first, or remove the step.';
    return new AppError(
      'values-lost',
      `${stepLabel(step, index + 1)} turned all ${failed.nonNullBefore.toLocaleString('en-US')} values of "${report.column ?? ''}" into NULL (for example ${examples}). ${fix}`,
    );
  }
  return null;
}

/** The column a step rewrites value by value, or null when it changes rows or columns. */
function valueColumn(step: CleanStep): string | null {
  switch (step.recipe) {
    case 'cast':
    case 'parse-date':
    case 'trim':
    case 'placeholder-null':
    case 'impute':
    case 'merge-categories':
      return step.column;
    case 'clip-outliers':
      return step.action === 'drop' ? null : step.column;
    default:
      return null;
  }
}

/** A name for the row number that no column has. */
function rowIdFor(columns: readonly ColumnSpec[]): string {
  let name = '__casebook_row';
  while (findColumn(columns, name)) name = `_${name}`;
  return name;
}

/** The report's own CTE names, kept apart from the input table's name. */
interface ReportNames {
  readonly numbered: string;
  readonly input: string;
  readonly output: string;
}

/** The CTEs of the report: numbered input rows, the steps before, then the step's input and output, each computed once. */
function reportCtes(
  input: string,
  columns: readonly ColumnSpec[],
  steps: readonly CleanStep[],
  index: number,
) {
  const rowId = rowIdFor(columns);
  const prefix = ctePrefix(input);
  const names: ReportNames = {
    numbered: `${prefix}numbered_rows`,
    input: `${prefix}step_input`,
    output: `${prefix}step_output`,
  };
  const base: Cte = {
    name: names.numbered,
    comment: null,
    body: [`SELECT *, row_number() OVER () AS ${quoteIdent(rowId)}`, `FROM ${quoteIdent(input)}`],
    materialized: true,
  };
  const chain = planChain(names.numbered, columns, steps, { rowId, end: index, prefix });
  const step = steps[index];
  const ctx: RecipeContext | null =
    step === undefined || !step.enabled
      ? null
      : { step, position: index + 1, from: names.input, columns: chain.columns, gone: chain.gone, rowId };
  const output =
    ctx === null ? { body: ['SELECT *', `FROM ${names.input}`], columns: chain.columns } : compileRecipe(ctx);
  const ctes: Cte[] = [
    base,
    ...chain.ctes,
    { name: names.input, comment: null, body: ['SELECT *', `FROM ${chain.last}`], materialized: true },
    { name: names.output, comment: null, body: output.body, materialized: true },
  ];
  return { ctes, rowId, names, before: chain.columns };
}

/** The name of `column` in a relation with these columns (its case may differ from the step's). */
function spelled(columns: Columns, column: string): string {
  return (columns === null ? undefined : findColumn(columns, column))?.name ?? column;
}

/**
 * What step `index` of `steps` did to its input: rows before and after, how many values of its
 * column changed, and for casts and date parsing the values that failed. Rows are paired by a
 * row number kept through the chain; after a 'sql' step they are numbered anew.
 */
export async function stepReport(
  engine: SqlEngine,
  input: string,
  columns: readonly ColumnSpec[],
  steps: readonly CleanStep[],
  index: number,
): Promise<StepReport> {
  const step = steps[index];
  if (step === undefined) throw new RangeError(`No step at index ${index}.`);
  const plan = reportCtes(input, columns, steps, index);
  const named = step.enabled ? valueColumn(step) : null;
  const column = named === null ? null : spelled(plan.before, named);
  const failing = step.enabled && (step.recipe === 'cast' || step.recipe === 'parse-date');
  const pairable = step.recipe !== 'sql';
  try {
    const counts = await engine.query(
      renderWith(plan.ctes, countsSql(plan.names, plan.rowId, pairable ? column : null)),
    );
    const valuesChanged = column === null || !pairable ? null : numberAt(counts, 'changed');
    const failed = failing && column !== null ? await failedValues(engine, plan, column, counts) : null;
    return {
      stepId: step.id,
      enabled: step.enabled,
      rowsBefore: numberAt(counts, 'rows_before'),
      rowsAfter: numberAt(counts, 'rows_after'),
      column,
      valuesChanged,
      failed,
    };
  } catch (e: unknown) {
    throw await blameStep(engine, input, columns, steps.slice(0, index + 1), e);
  }
}

/** The step's input rows (b) beside its output rows (a), paired by row number. */
const paired = (names: ReportNames, rowId: string): string =>
  `FROM ${names.input} AS b JOIN ${names.output} AS a USING (${quoteIdent(rowId)})`;

function countsSql(names: ReportNames, rowId: string, column: string | null): string {
  const lines = [
    `(SELECT count(*) FROM ${names.input}) AS rows_before`,
    `(SELECT count(*) FROM ${names.output}) AS rows_after`,
  ];
  if (column !== null) {
    const col = quoteIdent(column);
    // Compared as text: a cast changes the type, and '1.50' → 1.5 is a change worth counting.
    const differs = `CAST(b.${col} AS VARCHAR) IS DISTINCT FROM CAST(a.${col} AS VARCHAR)`;
    lines.push(`(SELECT count(*) FILTER (WHERE ${differs}) ${paired(names, rowId)}) AS changed`);
    lines.push(
      `(SELECT count(*) FILTER (WHERE b.${col} IS NOT NULL AND a.${col} IS NULL) ${paired(names, rowId)}) AS failed`,
    );
    lines.push(`(SELECT count(${col}) FROM ${names.input}) AS non_null_before`);
  }
  return `SELECT\n  ${lines.join(',\n  ')}`;
}

async function failedValues(
  engine: SqlEngine,
  plan: { readonly ctes: readonly Cte[]; readonly names: ReportNames; readonly rowId: string },
  column: string,
  counts: Table,
): Promise<FailedValues> {
  const col = quoteIdent(column);
  const examplesSql = [
    `SELECT CAST(b.${col} AS VARCHAR) AS value, count(*) AS n`,
    paired(plan.names, plan.rowId),
    `WHERE b.${col} IS NOT NULL AND a.${col} IS NULL`,
    `GROUP BY ALL ORDER BY n DESC, value LIMIT ${EXAMPLES}`,
  ].join('\n');
  const examples = await engine.query(renderWith(plan.ctes, examplesSql));
  const count = numberAt(counts, 'failed');
  const nonNullBefore = numberAt(counts, 'non_null_before');
  return {
    count,
    nonNullBefore,
    fraction: nonNullBefore === 0 ? 0 : count / nonNullBefore,
    examples: mapRows(examples, (row) => ({
      value: textAt(examples, 'value', row) ?? '',
      count: numberAt(examples, 'n', row),
    })),
  };
}
