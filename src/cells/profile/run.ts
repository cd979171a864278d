import { profileTable } from '../../data/profile';
import { AppError } from '../../lib/errors';
import { inputColumns } from '../shared/input';
import type { TableProfile } from '../../data/profile';
import type { CellRunner } from '../types';

/** A profile's run: every column of its table. */
export interface ProfileOutput {
  readonly kind: 'profile';
  readonly profile: TableProfile;
}

export const runProfile: CellRunner<'profile', ProfileOutput> = async (ctx, cell) => {
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
