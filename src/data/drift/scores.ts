import type { ScoreCounts } from '../../ml/drift';
import { AppError } from '../../lib/errors';
import type { SqlEngine } from '../engine';
import { countAt } from '../features/results';
import { checkPlan, type DriftPlan } from './plan';
import { aboveThresholdSql } from './queries';
import { binCounts, countBins, fitBins, query, readSizes, type CountOptions } from './steps';

/**
 * Prediction drift's counts: `plan` has the score column as its one numeric feature (its reference
 * is the version's scored validation rows, its batches the scored batches).
 */
export async function countScores(
  engine: SqlEngine,
  plan: DriftPlan,
  threshold: number,
  options: CountOptions = {},
): Promise<{ readonly label: string; readonly counts: ScoreCounts }[]> {
  const [score, ...others] = plan.features;
  if (score === undefined || score.kind !== 'numeric' || others.length > 0)
    throw new AppError('internal', 'A score plan has exactly one numeric feature, the score.');
  checkPlan(plan);
  const sizes = await readSizes(engine, plan, options.signal);
  const bins = (await fitBins(engine, plan, sizes, options)).get(0);
  if (bins === undefined) throw new AppError('internal', 'No bins for the score.');
  const binTable = await countBins(engine, plan, new Map([[0, bins]]), options.signal);
  const above = await query(engine, aboveThresholdSql(plan, 0, threshold), options.signal);
  const aboveBy = new Map<number, number>();
  for (let row = 0; row < above.numRows; row++)
    aboveBy.set(countAt(above, '__batch', row), countAt(above, 'above', row));
  const size = bins.edges.length + 1;
  return plan.batches.map((b, index) => ({
    label: b.label,
    counts: {
      bins,
      reference: binCounts(binTable.get('0 0'), size),
      batch: binCounts(binTable.get(`${index + 1} 0`), size),
      referenceAbove: aboveBy.get(0) ?? 0,
      batchAbove: aboveBy.get(index + 1) ?? 0,
    },
  }));
}
