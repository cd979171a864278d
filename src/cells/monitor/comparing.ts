import { tableToIPC, type Table } from 'apache-arrow';
import { describeRelation, type TableResult } from '../../data/catalog';
import type { PlannedBatch } from '../../data/drift';
import type { SqlEngine } from '../../data/engine';
import { quoteIdent } from '../../data/sql';
import type { ModelBundle } from '../../notebook/bundle/types';
import type { VersionState } from '../../notebook/registry';
import type { ClassRows, WorkTable } from './rows';

/* What the binary and the multiclass comparison of two versions share. */

export interface Watched {
  readonly chosen: VersionState;
  readonly bundle: ModelBundle;
  readonly work: WorkTable;
  readonly scores: Float64Array;
  /** A multiclass version's probabilities of every work row; null otherwise. */
  readonly classes: ClassRows | null;
  readonly batches: readonly PlannedBatch[];
}

export const SEED = 42;

/** A disagreements table, made from Arrow columns, described as a cell's table result. */
export async function writeTable(
  engine: SqlEngine,
  name: string,
  table: Table,
  signal: AbortSignal,
): Promise<TableResult> {
  await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(name)}`, { signal });
  await engine.insertArrowIpc(name, tableToIPC(table, 'stream'));
  const { rowCount, columns } = await describeRelation(engine, name, signal);
  return {
    table: name,
    materialize: 'table',
    rowCount,
    columns,
    skippedRows: 0,
    skippedSample: [],
    notices: [],
  };
}
