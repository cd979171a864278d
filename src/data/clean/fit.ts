import { SqlError, errorMessage } from '../../lib/errors';
import type { SqlEngine } from '../engine';
import { quoteIdent } from '../sql';
import { planChain, renderWith } from './compile';
import { CleanStepError, isNumericType } from './context';
import { textAt } from './results';
import type { CleanStep, ColumnSpec, ImputeMethod, ImputeRecipe } from './types';

type ImputeStep = CleanStep & ImputeRecipe;

/** The statistic of `column` over `from`, as text and DuckDB type, so that a DATE mode stays a date. */
function statisticSql(from: string, column: string, method: Exclude<ImputeMethod, 'constant'>): string {
  const col = quoteIdent(column);
  switch (method) {
    case 'mean':
      return `SELECT avg(${col}) AS v FROM ${from}`;
    case 'median':
      return `SELECT median(${col}) AS v FROM ${from}`;
    // mode() picks any of tied values; the smallest of the most frequent is the same on every run.
    case 'mode':
      return `SELECT ${col} AS v FROM ${from} WHERE ${col} IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC, v LIMIT 1`;
  }
}

/** Numbers stay numbers (the SQL gets a numeric literal); other values stay text, which DuckDB casts. */
function learnedValue(text: string, type: string): string | number {
  if (!isNumericType(type)) return text;
  const value = Number(text);
  if (!Number.isFinite(value)) return text;
  return Number.isInteger(value) && !Number.isSafeInteger(value) ? text : value;
}

async function fitFrom(
  engine: SqlEngine,
  from: string,
  step: ImputeStep,
  position: number,
): Promise<CleanStep> {
  if (step.method === 'constant') return step;
  const statistic = statisticSql(from, step.column, step.method);
  const sql = `SELECT CAST(v AS VARCHAR) AS text, typeof(v) AS type FROM (${statistic})`;
  let result;
  try {
    result = await engine.query(sql);
  } catch (e: unknown) {
    if (!(e instanceof SqlError)) throw e;
    const detail = `could not learn the ${step.method} of "${step.column}": ${errorMessage(e)}`;
    throw new CleanStepError(step, position, detail, { column: step.column, cause: e });
  }
  const text = result.numRows === 0 ? null : textAt(result, 'text');
  if (text === null) {
    const detail = `"${step.column}" has no values (all NULL, or no rows), so there is no ${step.method} to learn; fill it with a constant instead.`;
    throw new CleanStepError(step, position, detail, { column: step.column });
  }
  return { ...step, fitted: learnedValue(text, textAt(result, 'type') ?? '') };
}

const needsFit = (step: CleanStep): step is ImputeStep =>
  step.recipe === 'impute' && step.method !== 'constant';

/**
 * Learns what an impute step fills with (mean, median or most frequent value) from table
 * `inputTable`, the step's input; other steps come back unchanged. Throws `CleanStepError` when
 * there is nothing to learn from (an all-NULL column).
 */
export async function fitStep(
  engine: SqlEngine,
  inputTable: string,
  step: CleanStep,
  position = 1,
): Promise<CleanStep> {
  return needsFit(step) ? fitFrom(engine, quoteIdent(inputTable), step, position) : step;
}

/** Fits every enabled impute step against its own input: the output of the steps before it. */
export async function fitSteps(
  engine: SqlEngine,
  input: string,
  columns: readonly ColumnSpec[],
  steps: readonly CleanStep[],
): Promise<CleanStep[]> {
  const fitted = [...steps];
  for (const [index, step] of steps.entries()) {
    if (!step.enabled || !needsFit(step)) continue;
    const chain = planChain(quoteIdent(input), columns, fitted, { rowId: null, end: index });
    const from = `(${renderWith(chain.ctes, `SELECT * FROM ${chain.last}`)}) AS step_input`;
    fitted[index] = await fitFrom(engine, from, step, index + 1);
  }
  return fitted;
}
