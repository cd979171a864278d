import type { SqlEngine } from '../engine';
import { textOrNull } from '../features/results';
import { DriftInputError, type BatchSource, type PlannedBatch } from './plan';
import { batchLabelsSql } from './queries';
import { query } from './steps';

/** Resolves batch sources to batches: a column source gives one batch per value. */
export async function planBatches(
  engine: SqlEngine,
  sources: readonly BatchSource[],
  signal?: AbortSignal,
): Promise<PlannedBatch[]> {
  const batches: PlannedBatch[] = [];
  for (const source of sources) {
    if (source.kind === 'table') {
      batches.push({ label: source.label ?? source.table, table: source.table, column: null });
      continue;
    }
    const result = await query(engine, batchLabelsSql(source), signal);
    if (result.numRows === 0)
      throw new DriftInputError(
        'empty-batch',
        `Column "${source.column}" of "${source.table}" has no values: there is no batch to monitor.`,
        {
          table: source.table,
          column: source.column,
        },
      );
    for (let row = 0; row < result.numRows; row++)
      batches.push({
        label: textOrNull(result, 'label', row) ?? '',
        table: source.table,
        column: source.column,
      });
  }
  return batches;
}
