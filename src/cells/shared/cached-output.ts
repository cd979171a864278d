import * as v from 'valibot';
import type { TableResult } from '../../data/catalog';

/*
 * Reading back what the table cache kept of a run's output (src/cells/unit.ts `OutputCache`). It
 * comes out of IndexedDB as unknown: each part is parsed, and anything that does not read as what
 * the kind's run gives is refused, so that the cell runs instead of showing a broken output.
 */

const texts = v.array(v.string());

export const tableResultSchema = v.object({
  table: v.string(),
  materialize: v.picklist(['table', 'view']),
  rowCount: v.number(),
  columns: v.array(v.object({ name: v.string(), type: v.string() })),
  skippedRows: v.number(),
  skippedSample: texts,
  notices: texts,
});

/** `raw` parsed by `schema`, or null. */
export function readKept<S extends v.GenericSchema>(schema: S, raw: unknown): v.InferOutput<S> | null {
  const result = v.safeParse(schema, raw);
  return result.success ? result.output : null;
}

/** The table result kept for `table`; null when it does not read as one or was kept for another table. */
export function keptTableResult(raw: unknown, table: string): TableResult | null {
  const result = readKept(tableResultSchema, raw);
  return result !== null && result.table === table ? result : null;
}
