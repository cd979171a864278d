/**
 * Population Stability Index from bin counts:
 *   PSI = Σ_bins (b − r) · ln(b / r),
 * with r and b the shares of the reference and the batch in each bin (missing values are a bin of
 * their own, counted in the totals). A share below the floor (default 1e-4, 0.01 %) is raised to
 * the floor, so an empty bin counts as 1e-4 of its sample and a bin that empties or appears gives
 * a large but finite term; shares are not renormalised afterwards.
 */
import { MlError } from '../metrics/errors';

export const PSI_FLOOR = 1e-4;

export interface PsiBin {
  readonly label: string;
  readonly reference: number;
  readonly batch: number;
  readonly referenceShare: number;
  readonly batchShare: number;
  /** (b − r) · ln(b / r) with floored shares. */
  readonly contribution: number;
}

export interface PsiResult {
  readonly value: number;
  readonly floor: number;
  readonly bins: readonly PsiBin[];
}

function total(counts: readonly number[], side: string): number {
  let sum = 0;
  for (const c of counts) {
    if (!Number.isInteger(c) || c < 0)
      throw new MlError('out-of-range', `Bin counts are whole numbers ≥ 0; the ${side} has ${c}.`);
    sum += c;
  }
  if (sum === 0) throw new MlError('empty', `The ${side} has no rows: PSI needs at least one.`);
  return sum;
}

/** PSI of two count vectors over the same bins (labels name them, in the same order). */
export function psiFromCounts(
  reference: readonly number[],
  batch: readonly number[],
  labels: readonly string[],
  floor: number = PSI_FLOOR,
): PsiResult {
  if (reference.length !== batch.length || reference.length !== labels.length)
    throw new MlError(
      'length-mismatch',
      `PSI needs one count per bin on both sides: ${reference.length} reference, ${batch.length} batch, ${labels.length} labels.`,
    );
  if (!(floor > 0 && floor < 1))
    throw new MlError('bad-option', `The PSI floor must lie in (0, 1); got ${floor}.`);
  const nReference = total(reference, 'reference');
  const nBatch = total(batch, 'batch');
  let value = 0;
  const bins = labels.map((label, i) => {
    const r = reference[i] ?? 0;
    const b = batch[i] ?? 0;
    const referenceShare = r / nReference;
    const batchShare = b / nBatch;
    const rf = Math.max(referenceShare, floor);
    const bf = Math.max(batchShare, floor);
    const contribution = (bf - rf) * Math.log(bf / rf);
    value += contribution;
    return { label, reference: r, batch: b, referenceShare, batchShare, contribution };
  });
  return { value, floor, bins };
}
