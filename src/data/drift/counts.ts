/**
 * Runs a drift plan in DuckDB and returns the counts that `src/ml/drift` turns into statistics
 * (`batchDrift`, `predictionDrift`): sizes, then the reference's quantile edges (bin rules from
 * ml/drift/bins), then bin and category counts for every batch, then each numeric feature's values
 * in sorted order for the one-pass KS merge. Only `engine.query` is used, so a bench can record
 * the statements and replay them on native DuckDB.
 */
import type { Table } from 'apache-arrow';
import { ksStatisticsMerged, type CategoryCounts, type FeatureCounts, type KsInput } from '../../ml/drift';
import { AppError } from '../../lib/errors';
import type { SqlEngine } from '../engine';
import { countAt, numberOrNull, textOrNull } from '../features/results';
import { checkPlan, type DriftPlan } from './plan';
import { categoryCountsSql, ksValuesSql } from './queries';
import { binCounts, countBins, fitBins, query, readSizes, type CountOptions, type Sizes } from './steps';

export interface BatchDriftCounts {
  readonly label: string;
  readonly rows: number;
  readonly features: readonly FeatureCounts[];
}

export interface DriftCounts {
  readonly referenceRows: number;
  readonly batches: readonly BatchDriftCounts[];
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
