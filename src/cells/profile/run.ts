import { profileTable } from '../../data/profile';
import { AppError } from '../../lib/errors';
import { inputColumns } from '../shared/input';
import type { CellOutput, CellRunner } from '../types';

export const runProfile: CellRunner<'profile'> = async (ctx, cell): Promise<CellOutput> => {
  const { input, target, sampleRows } = cell.config;
  const { columns } = await inputColumns(ctx.engine, input, ctx.signal);
  if (target !== null && !columns.some((c) => c.name === target)) {
    throw new AppError(
      'sql',
      `The target "${target}" is not a column of "${input}". Choose another target, or none.`,
    );
  }
  const profile = await profileTable(ctx.engine, input, { target, sampleRows, signal: ctx.signal });
  return { kind: 'profile', profile };
};
