/**
 * Before counting: every table exists, has every feature, and each feature keeps the kind of type it
 * has in the reference (a numeric feature must be numeric or boolean everywhere; a categorical one
 * must not switch, say, from text to numbers), so a renamed or retyped column gets a message that
 * names it instead of a SQL error or, worse, silently different bins.
 */
import { SqlError } from '../../lib/errors';
import { describeRelation, type ColumnInfo } from '../catalog';
import { isNumericType } from '../clean/context';
import type { SqlEngine } from '../engine';
import { DriftInputError, type DriftFeature, type DriftPlan } from './plan';

type TypeFamily = 'number' | 'text' | 'time' | 'other';

export function typeFamily(type: string): TypeFamily {
  if (isNumericType(type) || /^BOOL/i.test(type)) return 'number';
  if (/^(VARCHAR|TEXT|STRING|ENUM|UUID)/i.test(type)) return 'text';
  if (/^(DATE|TIME|TIMESTAMP|INTERVAL)/i.test(type)) return 'time';
  return 'other';
}

async function columnsOf(
  engine: SqlEngine,
  table: string,
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  try {
    const { columns } = await describeRelation(engine, table, signal);
    return new Map(columns.map((c: ColumnInfo) => [c.name, c.type]));
  } catch (e: unknown) {
    if (e instanceof SqlError)
      throw new DriftInputError(
        'table-missing',
        `Table "${table}" was not found: run the cell that makes it, or choose another.`,
        { table },
        { cause: e },
      );
    throw e;
  }
}

function checkFeature(
  feature: DriftFeature,
  table: string,
  columns: Map<string, string>,
  referenceType: string | null,
): string {
  const type = columns.get(feature.name);
  if (type === undefined)
    throw new DriftInputError(
      'column-missing',
      `Table "${table}" has no column "${feature.name}", which the model uses.`,
      {
        table,
        column: feature.name,
      },
    );
  if (feature.kind === 'numeric' && typeFamily(type) !== 'number')
    throw new DriftInputError(
      'column-type',
      `Column "${feature.name}" of "${table}" is ${type}; the model reads it as a number.`,
      {
        table,
        column: feature.name,
      },
    );
  if (referenceType !== null && typeFamily(type) !== typeFamily(referenceType))
    throw new DriftInputError(
      'column-type',
      `Column "${feature.name}" is ${type} in "${table}" but ${referenceType} in the reference: its type changed.`,
      { table, column: feature.name },
    );
  return type;
}

export async function checkColumns(engine: SqlEngine, plan: DriftPlan, signal?: AbortSignal): Promise<void> {
  const referenceColumns = await columnsOf(engine, plan.reference, signal);
  const referenceTypes = plan.features.map((f) => checkFeature(f, plan.reference, referenceColumns, null));
  const tables = [...new Set(plan.batches.map((b) => b.table))];
  for (const table of tables) {
    const columns = await columnsOf(engine, table, signal);
    plan.features.forEach((f, i) => checkFeature(f, table, columns, referenceTypes[i] ?? null));
    for (const b of plan.batches)
      if (b.table === table && b.column !== null && !columns.has(b.column))
        throw new DriftInputError('column-missing', `Table "${table}" has no batch column "${b.column}".`, {
          table,
          column: b.column,
        });
  }
}
