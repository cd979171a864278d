import { runChart as chartData } from '../../data/chart';
import { AppError } from '../../lib/errors';
import { inputColumns } from '../shared/input';
import type { ChartData, ChartSpec } from '../../data/chart';
import type { CellRunner } from '../types';

/** A chart's run: the spec drawn and the data DuckDB aggregated for it. */
export interface ChartOutput {
  readonly kind: 'chart';
  readonly spec: ChartSpec;
  readonly data: ChartData;
}

export const runChart: CellRunner<'chart', ChartOutput> = async (ctx, cell) => {
  const { input, spec } = cell.config;
  await inputColumns(ctx.engine, input, ctx.signal);
  if (spec === null) {
    throw new AppError('sql', 'Choose a chart and its fields, then draw it.');
  }
  const data = await chartData(ctx.engine, input, spec, { signal: ctx.signal });
  return { kind: 'chart', spec, data };
};
