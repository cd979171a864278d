import * as v from 'valibot';
import type { ChartKind } from '../../data/chart';
import { readKept } from '../shared/cached-output';
import type { OutputCache } from '../unit';
import type { ChartOutput } from './run';

/*
 * What the table cache keeps of a chart's run (src/cells/unit.ts `OutputCache`): the data DuckDB
 * aggregated for it, without a table, by the cell's fingerprint (its spec and the chain of the
 * table it reads, down to the sources' bytes): a pure function of them. The spec is the cell's
 * own. Read back, the data is checked: data that does not read as a chart's makes the cell run.
 */

const KINDS = [
  'histogram',
  'bar',
  'box',
  'scatter',
  'line',
  'heatmap',
  'target-rate',
  'target-grid',
] as const satisfies readonly ChartKind[];

const num = v.number();
const units = v.picklist(['number', 'fraction', 'count', 'time-ms', 'category']);
const row = v.record(v.string(), v.nullable(v.union([num, v.string()])));

const keptSchema = v.object({
  kind: v.picklist(KINDS),
  rows: v.array(row),
  outliers: v.array(row),
  meta: v.object({
    totalRows: num,
    rowsDrawn: num,
    nullCount: num,
    binned: v.boolean(),
    binWidth: v.nullable(num),
    labels: v.object({
      x: v.string(),
      y: v.string(),
      color: v.nullable(v.string()),
      facet: v.nullable(v.string()),
    }),
    units: v.object({ x: units, y: units }),
    grain: v.nullable(v.picklist(['day', 'week', 'month', 'quarter', 'year', 'decade', 'century'])),
    positive: v.nullable(v.string()),
    classes: v.nullable(v.array(v.string())),
    skipped: v.array(v.string()),
    queries: v.array(v.string()),
  }),
});

export const chartCache: OutputCache<'chart', ChartOutput> = {
  withoutTable: true,
  keep: (output) => output.data,
  restore: (raw, cell) => {
    const data = readKept(keptSchema, raw);
    const spec = cell.config.spec;
    return data === null || spec === null || data.kind !== spec.kind ? null : { kind: 'chart', spec, data };
  },
};
