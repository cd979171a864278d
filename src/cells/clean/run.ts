import { describeRelation } from '../../data/catalog';
import {
  blameStep,
  compileSteps,
  fitSteps,
  everyValueLost,
  stepReport,
  type CleanStep,
  type ColumnSpec,
  type StepReport,
} from '../../data/clean';
import type { SqlEngine } from '../../data/engine';
import { quoteIdent } from '../../data/sql';
import { AppError } from '../../lib/errors';
import { inputColumns } from '../shared/input';
import type { CellRunner, TableResult } from '../types';

/** A clean cell's run. */
export interface CleanOutput {
  readonly kind: 'clean';
  readonly result: TableResult;
  /** The query the output table was made from. */
  readonly sql: string;
  /** What each step did, in order (disabled steps included). */
  readonly reports: readonly StepReport[];
  /** The steps with the values impute steps learned in this run, for the runtime to save; null when none did. */
  readonly learnedSteps: readonly CleanStep[] | null;
}

/**
 * Impute steps whose value is not learned yet (just added, or "Learn again") learn it from their
 * own input now; the runtime saves the learned steps in the cell, so the SQL stays portable.
 */
async function learnImputes(
  engine: SqlEngine,
  input: string,
  columns: readonly ColumnSpec[],
  steps: readonly CleanStep[],
): Promise<{ steps: readonly CleanStep[]; learned: boolean; notices: string[] }> {
  const unfitted = new Set(
    steps
      .filter((s) => s.enabled && s.recipe === 'impute' && s.method !== 'constant' && s.fitted === undefined)
      .map((s) => s.id),
  );
  if (unfitted.size === 0) return { steps, learned: false, notices: [] };
  const fitted = await fitSteps(engine, input, columns, steps);
  const merged = steps.map((s, i) => (unfitted.has(s.id) ? (fitted[i] ?? s) : s));
  const notices = merged.flatMap((s) =>
    unfitted.has(s.id) && s.recipe === 'impute'
      ? [`Learned the ${s.method} of "${s.column}": ${String(s.fitted)}. It is kept in the step.`]
      : [],
  );
  return { steps: merged, learned: true, notices };
}

export const runClean: CellRunner<'clean', CleanOutput> = async (ctx, cell) => {
  const { input, output } = cell.config;
  const { engine, signal } = ctx;
  const source = await inputColumns(engine, input, signal);
  const { steps, learned, notices } = await learnImputes(engine, input, source.columns, cell.config.steps);
  const compiled = compileSteps(input, source.columns, steps);
  try {
    await engine.exec(`CREATE OR REPLACE TABLE ${quoteIdent(output)} AS\n${compiled.sql}`, { signal });
  } catch (e: unknown) {
    throw await blameStep(engine, input, source.columns, steps, e);
  }
  const reports: StepReport[] = [];
  for (const index of steps.keys()) {
    if (signal.aborted) throw new AppError('cancelled', 'Cancelled.');
    reports.push(await stepReport(engine, input, source.columns, steps, index));
  }
  const lost = everyValueLost(steps, reports);
  if (lost) throw lost;
  const { rowCount, columns } = await describeRelation(engine, output, signal);
  return {
    kind: 'clean',
    sql: compiled.sql,
    learnedSteps: learned ? steps : null,
    reports,
    result: {
      table: output,
      materialize: 'table',
      rowCount,
      columns,
      skippedRows: 0,
      skippedSample: [],
      notices,
    },
  };
};
