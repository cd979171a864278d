/**
 * Prediction drift of a multiclass model: the class mix. Each row's predicted class is counted in
 * the reference and in the batch; the drift is the PSI over the classes (every class a bin, in
 * the model's order, rows with no class a "missing" bin when there are any) and the chi-square
 * test of homogeneity of the 2 × k table (`chiSquareTest`: scipy.stats.chi2_contingency with
 * correction=False, sparse classes pooled). The level follows the PSI, as every other drift.
 */
import { MlError } from '../metrics/errors';
import type { CategoryCounts } from './categories';
import { chiSquareTest, MISSING_CATEGORY, type ChiSquareResult } from './chi-square';
import { driftLevel, resolveThresholds, type DriftLevel, type DriftThresholds } from './levels';
import { psiFromCounts, type PsiResult } from './psi';

export interface ClassMixDrift {
  readonly kind: 'class-mix';
  /** The model's classes, in order. */
  readonly classes: readonly string[];
  /** Rows predicted as each class, in the order of `classes`. */
  readonly referenceCounts: readonly number[];
  readonly batchCounts: readonly number[];
  /** Each class's share of the rows (rows with no class included in the total). */
  readonly referenceShares: readonly number[];
  readonly batchShares: readonly number[];
  readonly psi: PsiResult;
  readonly chiSquare: ChiSquareResult;
  readonly level: DriftLevel;
}

/** Rows of each class (index −1: no class) among `predicted`, and the rows with none. */
export function countClasses(predicted: ArrayLike<number>, k: number): { counts: number[]; missing: number } {
  const counts = new Array<number>(k).fill(0);
  let missing = 0;
  for (let i = 0; i < predicted.length; i++) {
    const c = predicted[i] ?? -1;
    if (c === -1) {
      missing += 1;
      continue;
    }
    if (!Number.isInteger(c) || c < 0 || c >= k)
      throw new MlError('out-of-range', `A predicted class index is ${c}; the model has ${k} classes.`);
    counts[c] = (counts[c] ?? 0) + 1;
  }
  return { counts, missing };
}

function categoryCounts(
  classes: readonly string[],
  counts: readonly number[],
  missing: number,
): CategoryCounts {
  return { counts: new Map(classes.map((c, i) => [c, counts[i] ?? 0])), missing };
}

/** The class mix of the batch against the reference, from each row's predicted class index. */
export function classMixDrift(
  classes: readonly string[],
  reference: ArrayLike<number>,
  batch: ArrayLike<number>,
  options: {
    readonly thresholds?: Partial<DriftThresholds>;
    readonly floor?: number;
    readonly minExpected?: number;
  } = {},
): ClassMixDrift {
  const k = classes.length;
  if (k < 2) throw new MlError('bad-option', `A class mix needs at least two classes; got ${k}.`);
  const r = countClasses(reference, k);
  const b = countClasses(batch, k);
  const missing = r.missing + b.missing > 0;
  const labels = missing ? [...classes, MISSING_CATEGORY] : [...classes];
  const psi = psiFromCounts(
    missing ? [...r.counts, r.missing] : r.counts,
    missing ? [...b.counts, b.missing] : b.counts,
    labels,
    options.floor,
  );
  const chiSquare = chiSquareTest(
    categoryCounts(classes, r.counts, r.missing),
    categoryCounts(classes, b.counts, b.missing),
    options.minExpected === undefined ? {} : { minExpected: options.minExpected },
  );
  const nReference = reference.length;
  const nBatch = batch.length;
  return {
    kind: 'class-mix',
    classes: [...classes],
    referenceCounts: r.counts,
    batchCounts: b.counts,
    referenceShares: r.counts.map((c) => c / nReference),
    batchShares: b.counts.map((c) => c / nBatch),
    psi,
    chiSquare,
    level: driftLevel(psi.value, resolveThresholds(options.thresholds)),
  };
}
