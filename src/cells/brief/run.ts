import { summarizeTarget } from '../../data/brief';
import type { CellOutput, CellRunner } from '../types';

export const runBrief: CellRunner<'brief'> = async (ctx, cell): Promise<CellOutput> => ({
  kind: 'brief',
  summary: await summarizeTarget(ctx.engine, cell.config, ctx.signal),
});
