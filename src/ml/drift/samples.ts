/**
 * The counts of `./drift` from values in memory: the pure path, for small data and for tests. The
 * same counts come out of DuckDB through `src/data/drift` for tables of any size.
 */
import { countNumeric, fitNumericBins, isMissingNumber, type BinOptions, type NumericBins } from './bins';
import { countCategories } from './categories';
import type { FeatureCounts } from './drift';
import { ksStatisticSorted } from './ks';
import type { ScoreCounts } from './prediction';

function present(values: ArrayLike<number | null | undefined>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!isMissingNumber(v)) out.push(v);
  }
  return Float64Array.from(out).sort();
}

export function numericFeatureCounts(
  name: string,
  reference: ArrayLike<number | null | undefined>,
  batch: ArrayLike<number | null | undefined>,
  options: BinOptions & { readonly bins?: number } = {},
  fitted?: NumericBins,
): Extract<FeatureCounts, { kind: 'numeric' }> {
  const bins = fitted ?? fitNumericBins(reference, options);
  const a = present(reference);
  const b = present(batch);
  return {
    kind: 'numeric',
    name,
    bins,
    reference: countNumeric(bins, reference),
    batch: countNumeric(bins, batch),
    ks:
      a.length === 0 || b.length === 0
        ? null
        : { statistic: ksStatisticSorted(a, b), nReference: a.length, nBatch: b.length },
  };
}

export function categoricalFeatureCounts(
  name: string,
  reference: ArrayLike<string | null | undefined>,
  batch: ArrayLike<string | null | undefined>,
): Extract<FeatureCounts, { kind: 'categorical' }> {
  return { kind: 'categorical', name, reference: countCategories(reference), batch: countCategories(batch) };
}

export function scoreCounts(
  reference: ArrayLike<number>,
  batch: ArrayLike<number>,
  threshold: number,
  options: BinOptions = {},
): ScoreCounts {
  const bins = fitNumericBins(reference, options);
  const above = (values: ArrayLike<number>) => {
    let n = 0;
    for (let i = 0; i < values.length; i++) if ((values[i] ?? NaN) >= threshold) n++;
    return n;
  };
  return {
    bins,
    reference: countNumeric(bins, reference),
    batch: countNumeric(bins, batch),
    referenceAbove: above(reference),
    batchAbove: above(batch),
  };
}
