/**
 * The steps that drift and score counting share: sizes, bins fitted on the reference (the rules of
 * ml/drift/bins, the edges found in SQL), and bin counts for every batch.
 */
import type { Table } from 'apache-arrow';
import {
  binsFromQuantiles,
  plannedBinCount,
  quantileRanks,
  type BinCounts,
  type BinOptions,
  type NumericBins,
} from '../../ml/drift';
import { MlError } from '../../ml/metrics/errors';
import { AppError } from '../../lib/errors';
import type { SqlEngine } from '../engine';
import { countAt, numberOrNull } from '../features/results';
import { DriftInputError, type DriftPlan } from './plan';
import { binCountsSql, quantilesSql, sizesSql } from './queries';

export interface CountOptions extends BinOptions {
  readonly signal?: AbortSignal;
  /** A numeric feature whose reference has at most this share of distinct values is grouped by value before the KS sort (default 0.5). */
  readonly groupedKsShare?: number;
}

/** Rows per batch (0 = reference); the reference's non-missing and distinct values per feature. */
export interface Sizes {
  readonly rows: number[];
  readonly present: number[];
  readonly distinct: number[];
}

export async function query(engine: SqlEngine, sql: string, signal?: AbortSignal): Promise<Table> {
  return engine.query(sql, signal ? { signal } : {});
}

export async function readSizes(engine: SqlEngine, plan: DriftPlan, signal?: AbortSignal): Promise<Sizes> {
  const result = await query(engine, sizesSql(plan), signal);
  const sizes: Sizes = {
    rows: new Array<number>(plan.batches.length + 1).fill(0),
    present: plan.features.map(() => 0),
    distinct: plan.features.map(() => 0),
  };
  for (let row = 0; row < result.numRows; row++) {
    const batch = countAt(result, '__batch', row);
    sizes.rows[batch] = countAt(result, 'n', row);
    if (batch !== 0) continue;
    plan.features.forEach((f, i) => {
      sizes.present[i] = countAt(result, `p${i}`, row);
      if (f.kind === 'numeric') sizes.distinct[i] = countAt(result, `d${i}`, row);
    });
  }
  if ((sizes.rows[0] ?? 0) === 0)
    throw new DriftInputError('empty-reference', `The reference table "${plan.reference}" has no rows.`, {
      table: plan.reference,
    });
  plan.batches.forEach((b, i) => {
    if ((sizes.rows[i + 1] ?? 0) === 0)
      throw new DriftInputError(
        'empty-batch',
        `Batch "${b.label}" (table "${b.table}") has no rows: there is nothing to compare.`,
        {
          table: b.table,
        },
      );
  });
  return sizes;
}

/** Bins per numeric feature, fitted on the reference in SQL with the rules of ml/drift/bins. */
export async function fitBins(
  engine: SqlEngine,
  plan: DriftPlan,
  sizes: Sizes,
  options: CountOptions,
): Promise<Map<number, NumericBins>> {
  const planned = new Map<number, number>();
  plan.features.forEach((f, i) => {
    if (f.kind !== 'numeric') return;
    const n = sizes.present[i] ?? 0;
    try {
      planned.set(i, plannedBinCount(n, options));
    } catch (e: unknown) {
      if (!(e instanceof MlError)) throw e;
      throw new DriftInputError(
        'empty-reference',
        `Feature "${f.name}": ${e.message}`,
        { table: plan.reference, column: f.name },
        { cause: e },
      );
    }
  });
  const bins = new Map<number, NumericBins>();
  if (planned.size === 0) return bins;
  const requests = [...planned].map(([feature, b]) => ({
    feature,
    ranks: quantileRanks(sizes.present[feature] ?? 0, b),
  }));
  const result = await query(engine, quantilesSql(plan, requests), options.signal);
  const values = new Map<number, number[]>();
  for (let row = 0; row < result.numRows; row++) {
    const feature = countAt(result, 'feature', row);
    const list = values.get(feature) ?? [];
    list.push(numberOrNull(result, 'value', row) ?? NaN);
    values.set(feature, list);
  }
  for (const { feature, ranks } of requests) {
    const quantiles = values.get(feature) ?? [];
    // Tied values get distinct row numbers, so every rank is found exactly once.
    if (quantiles.length !== ranks.length)
      throw new AppError('internal', `Quantile query returned ${quantiles.length} of ${ranks.length} edges.`);
    bins.set(feature, binsFromQuantiles(quantiles, sizes.present[feature] ?? 0, options));
  }
  return bins;
}

export type BinTable = Map<string, number[]>; // `${batch} ${feature}` → counts per value bin, then missing

export async function countBins(
  engine: SqlEngine,
  plan: DriftPlan,
  bins: Map<number, NumericBins>,
  signal?: AbortSignal,
): Promise<BinTable> {
  const out: BinTable = new Map();
  if (bins.size === 0) return out;
  const result = await query(
    engine,
    binCountsSql(
      plan,
      [...bins].map(([feature, b]) => ({ feature, edges: b.edges })),
    ),
    signal,
  );
  for (let row = 0; row < result.numRows; row++) {
    const feature = countAt(result, 'feature', row);
    const key = `${countAt(result, '__batch', row)} ${feature}`;
    const size = (bins.get(feature)?.edges.length ?? 0) + 2;
    const counts = out.get(key) ?? new Array<number>(size).fill(0);
    const bin = numberOrNull(result, 'bin', row) ?? -1;
    counts[bin < 0 ? size - 1 : bin] = countAt(result, 'n', row);
    out.set(key, counts);
  }
  return out;
}

export const binCounts = (counts: readonly number[] | undefined, size: number): BinCounts => {
  const all = counts ?? new Array<number>(size + 1).fill(0);
  return { counts: all.slice(0, size), missing: all[size] ?? 0 };
};
