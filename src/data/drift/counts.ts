/**
 * Runs a drift plan in DuckDB and returns the counts that `src/ml/drift` turns into statistics
 * (`batchDrift`, `predictionDrift`): sizes, then the reference's quantile edges (bin rules from
 * ml/drift/bins), then bin and category counts for every batch, then each numeric feature's values
 * in sorted order for the one-pass KS merge. Only `engine.query` is used, so a bench can record
 * the statements and replay them on native DuckDB.
 */
import type { Table } from 'apache-arrow';
import {
  binsFromQuantiles,
  ksStatisticsMerged,
  plannedBinCount,
  quantileRanks,
  type BinCounts,
  type BinOptions,
  type CategoryCounts,
  type FeatureCounts,
  type KsInput,
  type NumericBins,
  type ScoreCounts,
} from '../../ml/drift';
import { MlError } from '../../ml/metrics/errors';
import { AppError } from '../../lib/errors';
import type { SqlEngine } from '../engine';
import { countAt, numberOrNull, textOrNull } from '../features/results';
import { checkPlan, DriftInputError, type BatchSource, type DriftPlan, type PlannedBatch } from './plan';
import {
  aboveThresholdSql,
  batchLabelsSql,
  binCountsSql,
  categoryCountsSql,
  ksValuesSql,
  quantilesSql,
  sizesSql,
} from './queries';

export interface CountOptions extends BinOptions {
  readonly signal?: AbortSignal;
  /** A numeric feature whose reference has at most this share of distinct values is grouped by value before the KS sort (default 0.5). */
  readonly groupedKsShare?: number;
}

export interface BatchDriftCounts {
  readonly label: string;
  readonly rows: number;
  readonly features: readonly FeatureCounts[];
}

export interface DriftCounts {
  readonly referenceRows: number;
  readonly batches: readonly BatchDriftCounts[];
}

/** Rows per batch (0 = reference); the reference's non-missing and distinct values per feature. */
interface Sizes {
  readonly rows: number[];
  readonly present: number[];
  readonly distinct: number[];
}

async function query(engine: SqlEngine, sql: string, signal?: AbortSignal): Promise<Table> {
  return engine.query(sql, signal ? { signal } : {});
}

/** Resolves batch sources to batches: a column source gives one batch per value. */
export async function planBatches(
  engine: SqlEngine,
  sources: readonly BatchSource[],
  signal?: AbortSignal,
): Promise<PlannedBatch[]> {
  const batches: PlannedBatch[] = [];
  for (const source of sources) {
    if (source.kind === 'table') {
      batches.push({ label: source.label ?? source.table, table: source.table, column: null });
      continue;
    }
    const result = await query(engine, batchLabelsSql(source), signal);
    if (result.numRows === 0)
      throw new DriftInputError(
        'empty-batch',
        `Column "${source.column}" of "${source.table}" has no values: there is no batch to monitor.`,
        {
          table: source.table,
          column: source.column,
        },
      );
    for (let row = 0; row < result.numRows; row++)
      batches.push({
        label: textOrNull(result, 'label', row) ?? '',
        table: source.table,
        column: source.column,
      });
  }
  return batches;
}

async function readSizes(engine: SqlEngine, plan: DriftPlan, signal?: AbortSignal): Promise<Sizes> {
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
async function fitBins(
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

type BinTable = Map<string, number[]>; // `${batch} ${feature}` → counts per value bin, then missing

async function countBins(
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

async function countCategories(
  engine: SqlEngine,
  plan: DriftPlan,
  signal?: AbortSignal,
): Promise<Map<string, CategoryCounts>> {
  const features = plan.features.flatMap((f, i) => (f.kind === 'categorical' ? [i] : []));
  const out = new Map<string, { counts: Map<string, number>; missing: number }>();
  if (features.length === 0) return out;
  const result = await query(engine, categoryCountsSql(plan, features), signal);
  for (let row = 0; row < result.numRows; row++) {
    const key = `${countAt(result, '__batch', row)} ${countAt(result, 'feature', row)}`;
    const entry = out.get(key) ?? { counts: new Map<string, number>(), missing: 0 };
    const category = textOrNull(result, 'category', row);
    const n = countAt(result, 'n', row);
    if (category === null) entry.missing += n;
    else entry.counts.set(category, n);
    out.set(key, entry);
  }
  return out;
}

function column(result: Table, name: string): ArrayLike<number> {
  const child = result.getChild(name);
  if (child === null) throw new AppError('internal', `The KS query returned no column ${name}.`);
  const values: unknown = child.toArray();
  if (values instanceof Float64Array || values instanceof Int32Array) return values;
  return Float64Array.from(
    Array.from({ length: result.numRows }, (_, i) => numberOrNull(result, name, i) ?? NaN),
  );
}

/** KS inputs of one numeric feature for every batch (null where the batch has no value). */
async function ksInputs(
  engine: SqlEngine,
  plan: DriftPlan,
  feature: number,
  sizes: Sizes,
  options: CountOptions,
): Promise<(KsInput | null)[]> {
  const present = sizes.present[feature] ?? 0;
  const distinct = sizes.distinct[feature] ?? 0;
  const grouped = distinct <= (options.groupedKsShare ?? 0.5) * present;
  const result = await query(engine, ksValuesSql(plan, feature, grouped), options.signal);
  const counts = grouped ? column(result, 'n') : new Float64Array(result.numRows).fill(1);
  const merged = ksStatisticsMerged(
    column(result, 'v'),
    column(result, 'batch'),
    counts,
    plan.batches.length,
  );
  return plan.batches.map((_, b) => {
    const nBatch = merged.nBatch[b] ?? 0;
    return nBatch === 0
      ? null
      : { statistic: merged.statistics[b] ?? 0, nReference: merged.nReference, nBatch };
  });
}

const binCounts = (counts: readonly number[] | undefined, size: number): BinCounts => {
  const all = counts ?? new Array<number>(size + 1).fill(0);
  return { counts: all.slice(0, size), missing: all[size] ?? 0 };
};

/** Everything `batchDrift` needs, for every batch of the plan. */
export async function countDrift(
  engine: SqlEngine,
  plan: DriftPlan,
  options: CountOptions = {},
): Promise<DriftCounts> {
  checkPlan(plan);
  const { signal } = options;
  const sizes = await readSizes(engine, plan, signal);
  const bins = await fitBins(engine, plan, sizes, options);
  const binTable = await countBins(engine, plan, bins, signal);
  const categories = await countCategories(engine, plan, signal);
  const ks = new Map<number, (KsInput | null)[]>();
  for (const feature of bins.keys()) ks.set(feature, await ksInputs(engine, plan, feature, sizes, options));
  const emptyCategories: CategoryCounts = { counts: new Map(), missing: 0 };
  const batches = plan.batches.map((b, index): BatchDriftCounts => {
    const batch = index + 1;
    const features = plan.features.map((f, i): FeatureCounts => {
      if (f.kind === 'categorical')
        return {
          kind: 'categorical',
          name: f.name,
          reference: categories.get(`0 ${i}`) ?? emptyCategories,
          batch: categories.get(`${batch} ${i}`) ?? emptyCategories,
        };
      const fitted = bins.get(i);
      if (fitted === undefined) throw new AppError('internal', `No bins for feature ${f.name}.`);
      const size = fitted.edges.length + 1;
      return {
        kind: 'numeric',
        name: f.name,
        bins: fitted,
        reference: binCounts(binTable.get(`0 ${i}`), size),
        batch: binCounts(binTable.get(`${batch} ${i}`), size),
        ks: ks.get(i)?.[index] ?? null,
      };
    });
    return { label: b.label, rows: sizes.rows[batch] ?? 0, features };
  });
  return { referenceRows: sizes.rows[0] ?? 0, batches };
}

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
