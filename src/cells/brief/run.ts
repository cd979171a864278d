import { summarizeTarget } from '../../data/brief';
import type { TargetSummary } from '../../data/brief';
import type { CellRunner } from '../types';

/** A brief's run: its target, summarised on its input table. */
export interface BriefOutput {
  readonly kind: 'brief';
  readonly summary: TargetSummary;
}

export const runBrief: CellRunner<'brief', BriefOutput> = async (ctx, cell) => ({
  kind: 'brief',
  summary: await summarizeTarget(ctx.engine, cell.config, ctx.signal),
});
