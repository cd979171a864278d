import { runChart as chartData } from '../../data/chart';
import { AppError } from '../../lib/errors';
import { inputColumns } from '../shared/input';
import type { CellOutput, CellRunner } from '../types';

export const runChart: CellRunner<'chart'> = async (ctx, cell): Promise<CellOutput> => {
  const { input, spec } = cell.config;
  await inputColumns(ctx.engine, input, ctx.signal);
  if (spec === null) {
    throw new AppError('sql', 'Choose a chart and its fields, then draw it.');
  }
  const data = await chartData(ctx.engine, input, spec, { signal: ctx.signal });
  return { kind: 'chart', spec, data };
};
