import {
  compileSteps,
  convertToSql,
  type CleanStep,
  type ColumnSpec,
  type StepReport,
} from '../../data/clean';
import { errorMessage } from '../../lib/errors';

/** Each enabled step's own SQL (reading the previous step as `input`), or why it does not compile. */
export function stepSqlById(
  input: string,
  columns: readonly ColumnSpec[] | undefined,
  steps: readonly CleanStep[],
): Map<string, { sql: string } | { problem: string }> {
  const out = new Map<string, { sql: string } | { problem: string }>();
  if (columns === undefined) return out;
  // Compiled one prefix at a time, so a step that fails does not hide the SQL of those before it.
  for (const [index, step] of steps.entries()) {
    if (!step.enabled) continue;
    try {
      const compiled = compileSteps(input, columns, steps.slice(0, index + 1)).steps.at(-1);
      if (compiled) out.set(step.id, { sql: compiled.sql });
    } catch (e: unknown) {
      out.set(step.id, { problem: errorMessage(e) });
    }
  }
  return out;
}

/** "Edit as SQL" for step `id`, or the reason it cannot be converted. */
export function toSqlStep(
  input: string,
  columns: readonly ColumnSpec[] | undefined,
  steps: readonly CleanStep[],
  id: string,
): CleanStep[] | string {
  if (columns === undefined)
    return 'Run the cell first: the SQL is written against the input table’s columns.';
  try {
    return convertToSql(input, columns, steps, id);
  } catch (e: unknown) {
    return errorMessage(e);
  }
}

const count = (n: number): string => n.toLocaleString('en-US');

/** What a step did, in one line for the list. */
export function reportLine(report: StepReport): string {
  if (!report.enabled) return 'disabled';
  const parts: string[] = [];
  const removed = report.rowsBefore - report.rowsAfter;
  if (removed > 0) parts.push(`${count(removed)} rows removed`);
  if (removed < 0) parts.push(`${count(-removed)} rows added`);
  if (report.valuesChanged !== null) {
    parts.push(`${count(report.valuesChanged)} ${report.valuesChanged === 1 ? 'value' : 'values'} changed`);
  }
  if (report.failed !== null && report.failed.count > 0 && report.failed.fraction === 1) {
    parts.push(`no value converted (${count(report.failed.count)} failed): check the type or the format`);
  } else if (report.failed !== null && report.failed.count > 0) {
    const share = (report.failed.fraction * 100).toFixed(report.failed.fraction < 0.01 ? 2 : 1);
    parts.push(
      `${count(report.failed.count)} ${report.failed.count === 1 ? 'value' : 'values'} failed (${share}% of non-missing)`,
    );
  }
  return parts.length === 0 ? 'no change' : parts.join(', ');
}
