import { SqlError, errorMessage } from '../../lib/errors';
import type { SqlEngine } from '../engine';
import { quoteIdent } from '../sql';
import { compileSteps } from './compile';
import { CleanStepError } from './context';
import { mapRows, textAt } from './results';
import type { CleanStep, ColumnSpec } from './types';

export interface StepColumns {
  readonly stepId: string;
  readonly columns: readonly ColumnSpec[];
}

async function describeQuery(engine: SqlEngine, sql: string, signal?: AbortSignal): Promise<ColumnSpec[]> {
  const described = await engine.query(`DESCRIBE ${sql}`, signal ? { signal } : {});
  return mapRows(described, (row) => ({
    name: textAt(described, 'column_name', row) ?? '',
    type: textAt(described, 'column_type', row) ?? '',
  }));
}

/**
 * Binds the steps one prefix at a time (DESCRIBE: nothing is computed) and returns the real
 * columns after each enabled step, 'sql' steps included. A step DuckDB rejects (a filter with a
 * syntax error, a type mismatch) throws `CleanStepError` naming it, with DuckDB's error as cause.
 */
export async function describeSteps(
  engine: SqlEngine,
  input: string,
  columns: readonly ColumnSpec[],
  steps: readonly CleanStep[],
  signal?: AbortSignal,
): Promise<StepColumns[]> {
  const result: StepColumns[] = [];
  for (const [index, step] of steps.entries()) {
    if (!step.enabled) continue;
    const { sql } = compileSteps(input, columns, steps.slice(0, index + 1));
    try {
      result.push({ stepId: step.id, columns: await describeQuery(engine, sql, signal) });
    } catch (e: unknown) {
      if (!(e instanceof SqlError)) throw e;
      throw new CleanStepError(step, index + 1, errorMessage(e), { cause: e });
    }
  }
  return result;
}

/**
 * The step to blame for a query over the steps that failed: a `CleanStepError` naming the first
 * step DuckDB rejects, or `error` itself when each step binds (a failure while running, say).
 */
export async function blameStep(
  engine: SqlEngine,
  input: string,
  columns: readonly ColumnSpec[],
  steps: readonly CleanStep[],
  error: unknown,
): Promise<unknown> {
  if (error instanceof CleanStepError || !(error instanceof SqlError)) return error;
  try {
    // A missing input table is no step's fault.
    await describeQuery(engine, `SELECT * FROM ${quoteIdent(input)}`);
  } catch {
    return error;
  }
  try {
    await describeSteps(engine, input, columns, steps);
  } catch (e: unknown) {
    if (e instanceof CleanStepError) return e;
  }
  return error;
}
