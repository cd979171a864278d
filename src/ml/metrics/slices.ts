/**
 * Metrics per slice (segment) of the rows, worst first, so that a model that is good on average
 * but bad for one segment shows it. Slices under `minRows` rows are flagged, not dropped.
 */
import { rocAuc } from './curves';
import { MlError, type UndefinedReason } from './errors';
import { thresholdMetrics } from './classification';
import { meanAbsoluteError, rootMeanSquaredError } from './regression';
import type { MulticlassSlice } from './multiclass-slices';
import { pairedColumns } from './validate';

export interface ClassificationSlice {
  readonly slice: string;
  readonly count: number;
  readonly positives: number;
  readonly auc: number | null;
  readonly aucUndefined: UndefinedReason | null;
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly tooFewRows: boolean;
}

export interface RegressionSlice {
  readonly slice: string;
  readonly count: number;
  readonly mae: number;
  readonly rmse: number;
  /** Mean of y − ŷ in the slice. */
  readonly meanResidual: number;
  readonly tooFewRows: boolean;
}

export type SliceReport =
  | { readonly kind: 'classification'; readonly rows: ClassificationSlice[] }
  | { readonly kind: 'regression'; readonly rows: RegressionSlice[] }
  | { readonly kind: 'multiclass'; readonly rows: MulticlassSlice[] };

export interface SliceOptions {
  /** Default: classification when every y is 0 or 1, else regression. */
  readonly task?: 'classification' | 'regression';
  /** Slices with fewer rows are flagged tooFewRows; 30 by default. */
  readonly minRows?: number;
}

function groupRows(labels: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const rows = groups.get(label);
    if (rows) rows.push(i);
    else groups.set(label, [i]);
  });
  return groups;
}

const pick = (values: Float64Array, rows: number[]) => Float64Array.from(rows, (r) => values[r] ?? 0);
const byName = (a: { slice: string }, b: { slice: string }) =>
  a.slice < b.slice ? -1 : a.slice > b.slice ? 1 : 0;

function classificationSlices(
  y: Float64Array,
  score: Float64Array,
  groups: Map<string, number[]>,
  threshold: number,
  minRows: number,
): ClassificationSlice[] {
  const rows = [...groups].map(([slice, at]): ClassificationSlice => {
    const ys = pick(y, at);
    const scores = pick(score, at);
    const auc = rocAuc(ys, scores);
    const m = thresholdMetrics(ys, scores, threshold);
    const { accuracy, precision, recall, f1 } = m;
    const positives = m.confusion.tp + m.confusion.fn;
    const tooFewRows = at.length < minRows;
    return {
      slice,
      count: at.length,
      positives,
      auc: auc.value,
      aucUndefined: auc.reason,
      accuracy,
      precision,
      recall,
      f1,
      tooFewRows,
    };
  });
  // Lowest AUC first; slices without an AUC after those with one, by accuracy.
  return rows.sort(
    (a, b) => (a.auc ?? Infinity) - (b.auc ?? Infinity) || a.accuracy - b.accuracy || byName(a, b),
  );
}

function regressionSlices(
  y: Float64Array,
  prediction: Float64Array,
  groups: Map<string, number[]>,
  minRows: number,
): RegressionSlice[] {
  const rows = [...groups].map(([slice, at]): RegressionSlice => {
    const ys = pick(y, at);
    const ps = pick(prediction, at);
    const meanResidual = ys.reduce((s, v, i) => s + v - (ps[i] ?? 0), 0) / at.length;
    const mae = meanAbsoluteError(ys, ps);
    return {
      slice,
      count: at.length,
      mae,
      rmse: rootMeanSquaredError(ys, ps),
      meanResidual,
      tooFewRows: at.length < minRows,
    };
  });
  return rows.sort((a, b) => b.mae - a.mae || byName(a, b));
}

/** Per-slice metrics, worst first: lowest AUC (classification) or highest MAE (regression). */
export function sliceMetrics(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  sliceLabels: readonly string[],
  threshold: number,
  options: SliceOptions = {},
): SliceReport {
  const rows = pairedColumns(y, score);
  if (sliceLabels.length !== rows.y.length) {
    throw new MlError(
      'length-mismatch',
      `sliceLabels has ${sliceLabels.length} rows but y has ${rows.y.length}.`,
    );
  }
  const minRows = options.minRows ?? 30;
  const groups = groupRows(sliceLabels);
  const binary = rows.y.every((v) => v === 0 || v === 1);
  const task = options.task ?? (binary ? 'classification' : 'regression');
  if (task === 'regression')
    return { kind: 'regression', rows: regressionSlices(rows.y, rows.score, groups, minRows) };
  return {
    kind: 'classification',
    rows: classificationSlices(rows.y, rows.score, groups, threshold, minRows),
  };
}
