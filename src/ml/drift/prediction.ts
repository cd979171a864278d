/**
 * Prediction drift: the PSI of the model's scores (binned like any numeric feature, on the
 * reference scores) and the share of rows at or above the decision threshold (score ≥ threshold
 * is positive, as in ml/metrics), in the reference and in the batch.
 */
import { MlError } from '../metrics/errors';
import { numericBinLabels, type BinCounts, type NumericBins } from './bins';
import { driftLevel, resolveThresholds, type DriftLevel, type DriftThresholds } from './levels';
import { psiFromCounts, type PsiResult } from './psi';

export interface ScoreCounts {
  readonly bins: NumericBins;
  readonly reference: BinCounts;
  readonly batch: BinCounts;
  /** Rows with score ≥ threshold. */
  readonly referenceAbove: number;
  readonly batchAbove: number;
}

export interface PredictionDrift {
  readonly psi: PsiResult;
  readonly level: DriftLevel;
  readonly threshold: number;
  readonly referenceShareAbove: number;
  readonly batchShareAbove: number;
  readonly bins: NumericBins;
}

const rows = (c: BinCounts): number => c.counts.reduce((s, v) => s + v, 0) + c.missing;

export function predictionDrift(
  counts: ScoreCounts,
  threshold: number,
  options: { readonly thresholds?: Partial<DriftThresholds>; readonly floor?: number } = {},
): PredictionDrift {
  if (!Number.isFinite(threshold))
    throw new MlError('not-finite', `The decision threshold must be a number; got ${threshold}.`);
  const labels = numericBinLabels(counts.bins);
  const psi = psiFromCounts(
    [...counts.reference.counts, counts.reference.missing],
    [...counts.batch.counts, counts.batch.missing],
    labels,
    options.floor,
  );
  const nReference = rows(counts.reference);
  const nBatch = rows(counts.batch);
  for (const [above, n, side] of [
    [counts.referenceAbove, nReference, 'reference'],
    [counts.batchAbove, nBatch, 'batch'],
  ] as const)
    if (!Number.isInteger(above) || above < 0 || above > n)
      throw new MlError(
        'out-of-range',
        `The ${side} has ${n} scores but ${above} counted above the threshold.`,
      );
  return {
    psi,
    level: driftLevel(psi.value, resolveThresholds(options.thresholds)),
    threshold,
    referenceShareAbove: counts.referenceAbove / nReference,
    batchShareAbove: counts.batchAbove / nBatch,
    bins: counts.bins,
  };
}
