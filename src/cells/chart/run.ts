import { runChart as chartData } from '../../data/chart';
import { fail, type Problem } from '../../lib/errors';
import type { ChartConfig } from '../../notebook/types';
import { inputColumns } from '../shared/input';
import type { ChartData, ChartSpec } from '../../data/chart';
import type { CellRunner } from '../types';

/** A chart's run: the spec drawn and the data DuckDB aggregated for it. */
export interface ChartOutput {
  readonly kind: 'chart';
  readonly spec: ChartSpec;
  readonly data: ChartData;
}

/** What keeps a chart from being drawn: no chart chosen yet. */
export function chartProblem(config: ChartConfig): Problem | null {
  return config.spec === null
    ? { code: 'missing-input', message: 'Choose a chart and its fields, then draw it.' }
    : null;
}

export const runChart: CellRunner<'chart', ChartOutput> = async (ctx, cell) => {
  const { input } = cell.config;
  await inputColumns(ctx.engine, input, ctx.signal);
  const spec = cell.config.spec ?? fail(chartProblem(cell.config));
  const data = await chartData(ctx.engine, input, spec, { signal: ctx.signal });
  return { kind: 'chart', spec, data };
};
