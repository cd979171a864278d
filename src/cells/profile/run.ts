import { profileTable } from '../../data/profile';
import { throwIf, type Problem } from '../../lib/errors';
import { profileOrder } from '../../notebook/kinds/profile';
import type { ProfileConfig } from '../../notebook/types';
import { inputColumns } from '../shared/input';
import type { TableProfile } from '../../data/profile';
import type { CellRunner } from '../types';

/** A profile's run: every column of its table. */
export interface ProfileOutput {
  readonly kind: 'profile';
  readonly profile: TableProfile;
}

/** What keeps a profile from running on a table with `columns`: a target the table lacks. */
export function profileProblem(config: ProfileConfig, columns: readonly string[]): Problem | null {
  const { input, target } = config;
  return target !== null && !columns.includes(target)
    ? {
        code: 'bad-input',
        message: `The target "${target}" is not a column of "${input}". Choose another target, or none.`,
      }
    : null;
}

export const runProfile: CellRunner<'profile', ProfileOutput> = async (ctx, cell) => {
  const { input, target, sampleRows } = cell.config;
  const { columns } = await inputColumns(ctx.engine, input, ctx.signal);
  throwIf(
    profileProblem(
      cell.config,
      columns.map((c) => c.name),
    ),
  );
  // Part of the cell's fingerprint (the kind's `briefPart`): a new time column makes it stale.
  const order = profileOrder(cell.config, ctx.brief);
  const profile = await profileTable(ctx.engine, input, { target, order, sampleRows, signal: ctx.signal });
  return { kind: 'profile', profile };
};
