/**
 * The chi-square test of homogeneity on a 2 × k table (reference and batch rows, one column per
 * category), as `scipy.stats.chi2_contingency(table, correction=False)`:
 *   statistic = Σ (observed − expected)² / expected,  expected = row total · column total / N,
 *   df = k − 1, p = P(χ²_df ≥ statistic).
 *
 * Columns: every category seen in either sample, sorted by total count (ties by name), plus
 * "(missing)" when either sample has missing values (so a jump in the missing rate is tested too).
 * Sparse columns: the χ² approximation wants expected counts of 5 or more (Cochran), so every
 * column whose smaller expected count is below `minExpected` (default 5) is pooled into one "rare"
 * column; if that column is still below the limit it is merged into the smallest remaining one.
 * With fewer than 2 columns left there is nothing to test.
 */
import { MlError } from '../metrics/errors';
import { byCount, totalRows, type CategoryCounts } from './categories';
import { chiSquareSf as chiSquareSurvival } from '../stats';

export const MIN_EXPECTED = 5;
export const MISSING_CATEGORY = '(missing)';

export interface ContingencyTable {
  readonly labels: readonly string[];
  readonly reference: readonly number[];
  readonly batch: readonly number[];
  /** Categories pooled because they were sparse. */
  readonly pooled: readonly string[];
}

export type ChiSquareResult =
  | {
      readonly testable: true;
      readonly statistic: number;
      readonly df: number;
      readonly pValue: number;
      readonly table: ContingencyTable;
    }
  | { readonly testable: false; readonly reason: string; readonly table: ContingencyTable };

interface Column {
  label: string;
  reference: number;
  batch: number;
}

function columnsOf(reference: CategoryCounts, batch: CategoryCounts): Column[] {
  const totals = new Map<string, number>();
  for (const side of [reference, batch])
    for (const [name, count] of side.counts) totals.set(name, (totals.get(name) ?? 0) + count);
  const columns = byCount(totals).map((label) => ({
    label,
    reference: reference.counts.get(label) ?? 0,
    batch: batch.counts.get(label) ?? 0,
  }));
  if (reference.missing + batch.missing > 0)
    columns.push({ label: MISSING_CATEGORY, reference: reference.missing, batch: batch.missing });
  return columns.filter((c) => c.reference + c.batch > 0);
}

/** The table the test runs on, after pooling sparse categories. */
export function contingencyTable(
  reference: CategoryCounts,
  batch: CategoryCounts,
  minExpected: number = MIN_EXPECTED,
): ContingencyTable {
  const nReference = totalRows(reference);
  const nBatch = totalRows(batch);
  if (nReference === 0 || nBatch === 0)
    throw new MlError(
      'empty',
      `The chi-square test needs rows on both sides (reference ${nReference}, batch ${nBatch}).`,
    );
  const scale = Math.min(nReference, nBatch) / (nReference + nBatch);
  const sparse = (c: Column) => (c.reference + c.batch) * scale < minExpected;
  const all = columnsOf(reference, batch);
  const kept = all.filter((c) => !sparse(c));
  const pooledColumns = all.filter(sparse);
  if (pooledColumns.length > 0) {
    const rare: Column = {
      label: `rare (${pooledColumns.length} categories)`,
      reference: pooledColumns.reduce((s, c) => s + c.reference, 0),
      batch: pooledColumns.reduce((s, c) => s + c.batch, 0),
    };
    const smallest = kept.reduce<Column | undefined>(
      (min, c) => (min === undefined || c.reference + c.batch <= min.reference + min.batch ? c : min),
      undefined,
    );
    if (sparse(rare) && smallest !== undefined) {
      smallest.label = `${smallest.label} + ${rare.label}`;
      smallest.reference += rare.reference;
      smallest.batch += rare.batch;
    } else {
      kept.push(rare);
    }
  }
  return {
    labels: kept.map((c) => c.label),
    reference: kept.map((c) => c.reference),
    batch: kept.map((c) => c.batch),
    pooled: pooledColumns.map((c) => c.label),
  };
}

/** The statistic of a 2 × k table with no empty column. */
export function chiSquareStatistic(reference: readonly number[], batch: readonly number[]): number {
  const nReference = reference.reduce((s, v) => s + v, 0);
  const nBatch = batch.reduce((s, v) => s + v, 0);
  const n = nReference + nBatch;
  let statistic = 0;
  reference.forEach((r, i) => {
    const b = batch[i] ?? 0;
    const column = r + b;
    const expectedReference = (nReference * column) / n;
    const expectedBatch = (nBatch * column) / n;
    statistic += (r - expectedReference) ** 2 / expectedReference + (b - expectedBatch) ** 2 / expectedBatch;
  });
  return statistic;
}

export function chiSquareTest(
  reference: CategoryCounts,
  batch: CategoryCounts,
  options: { readonly minExpected?: number } = {},
): ChiSquareResult {
  const minExpected = options.minExpected ?? MIN_EXPECTED;
  if (!(minExpected >= 0)) throw new MlError('bad-option', `minExpected must be ≥ 0; got ${minExpected}.`);
  const table = contingencyTable(reference, batch, minExpected);
  if (table.labels.length < 2) {
    const reason =
      table.labels.length === 0
        ? 'no categories'
        : `only one category left (${table.labels[0] ?? ''}) after pooling sparse ones`;
    return { testable: false, reason: `Nothing to test: ${reason}.`, table };
  }
  const statistic = chiSquareStatistic(table.reference, table.batch);
  const df = table.labels.length - 1;
  return { testable: true, statistic, df, pValue: chiSquareSurvival(statistic, df), table };
}
