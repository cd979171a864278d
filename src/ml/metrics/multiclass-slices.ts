/**
 * A multiclass run's metric per slice (segment) of the rows, worst first, as scikit-learn 1.2.1
 * computes it on the slice's rows alone: the decision metrics (F1, precision, recall; macro or
 * weighted) over the classes the slice has, in its truth or its decision (sklearn's default
 * `labels`), with `zero_division=0`; `log_loss(labels=range(k))`; one-vs-rest ROC AUC, which is
 * undefined where a class has no rows in the slice (sklearn raises): there, and only there, the
 * slice is judged by accuracy instead, and says so.
 */
import { multiclassConfusion, multiclassLogLoss, reportFromConfusion } from './multiclass';
import { rocAucOvr } from './multiclass-curves';
import { multiclassHigherIsBetter, type MulticlassMetricName } from './multiclass-names';
import { MlError } from './errors';
import { classIndices, type ClassScores } from './multiclass-validate';

export interface MulticlassSlice {
  readonly slice: string;
  readonly count: number;
  /** The metric the slice is judged by: the brief's, or accuracy where that is undefined. */
  readonly metric: MulticlassMetricName;
  readonly value: number;
  /** The brief's metric is undefined on this slice (the value is accuracy). */
  readonly fallback: boolean;
  readonly accuracy: number;
  readonly tooFewRows: boolean;
}

/** Mean of per-class values over the classes present, plain (macro) or by support (weighted). */
function averageOver(
  values: readonly number[],
  present: readonly boolean[],
  support: readonly number[],
  weighted: boolean,
): number {
  let sum = 0;
  let total = 0;
  values.forEach((v, c) => {
    if (!present[c]) return;
    const w = weighted ? (support[c] ?? 0) : 1;
    sum += w * v;
    total += w;
  });
  return total === 0 ? 0 : sum / total;
}

/** The decision metrics: which average of which per-class value. */
const DECISION_AVERAGES = {
  macro_f1: ['macro', 'f1'],
  weighted_f1: ['weighted', 'f1'],
  macro_precision: ['macro', 'precision'],
  macro_recall: ['macro', 'recall'],
  weighted_precision: ['weighted', 'precision'],
  weighted_recall: ['weighted', 'recall'],
} as const;

/** The metric on one slice's rows; null where sklearn would raise (ROC AUC with a class absent). */
function sliceValue(
  metric: MulticlassMetricName,
  y: Int32Array,
  probabilities: ClassScores,
  predicted: Int32Array,
  accuracy: number,
): number | null {
  const k = probabilities.classes;
  switch (metric) {
    case 'accuracy':
      return accuracy;
    case 'log_loss':
      return multiclassLogLoss(y, probabilities);
    case 'roc_auc_ovr_macro':
      return rocAucOvr(y, probabilities, 'macro').value;
    case 'roc_auc_ovr_weighted':
      return rocAucOvr(y, probabilities, 'weighted').value;
    default: {
      const confusion = multiclassConfusion(y, predicted, k);
      const report = reportFromConfusion(confusion);
      const support = confusion.counts.map((row) => row.reduce((s, v) => s + v, 0));
      const present = support.map((s, c) => s > 0 || confusion.counts.some((row) => (row[c] ?? 0) > 0));
      const [average, part] = DECISION_AVERAGES[metric];
      const values = report.perClass.map((m) => m[part]);
      return averageOver(values, present, support, average === 'weighted');
    }
  }
}

/**
 * Per slice of `labels` (one per row), the run's `metric` on its rows, worst first: lowest (or
 * highest, for log loss) first; slices judged by accuracy after, lowest first. `predicted` is the
 * run's decision per row (the class indices its decision rule gives).
 */
export function multiclassSliceMetrics(
  y: ArrayLike<number>,
  probabilities: ClassScores,
  predicted: ArrayLike<number>,
  labels: readonly string[],
  metric: MulticlassMetricName,
  options: { readonly minRows?: number } = {},
): MulticlassSlice[] {
  const { rows: n, classes: k, data } = probabilities;
  const truth = classIndices(y, k);
  const decided = classIndices(predicted, k, 'predicted');
  if (truth.length !== n || decided.length !== n || labels.length !== n) {
    throw new MlError(
      'length-mismatch',
      `A slice needs one label, truth and decision per row: ${labels.length} labels, ${truth.length} truths, ${decided.length} decisions for ${n} rows.`,
    );
  }
  const minRows = options.minRows ?? 30;
  const groups = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const at = groups.get(label);
    if (at) at.push(i);
    else groups.set(label, [i]);
  });
  const slices = [...groups].map(([slice, at]): MulticlassSlice => {
    const ys = Int32Array.from(at, (i) => truth[i] ?? 0);
    const ps = Int32Array.from(at, (i) => decided[i] ?? 0);
    const p = new Float64Array(at.length * k);
    at.forEach((row, j) => {
      for (let c = 0; c < k; c++) p[j * k + c] = data[row * k + c] ?? NaN;
    });
    const accuracy = ys.reduce((s, t, j) => s + (t === ps[j] ? 1 : 0), 0) / at.length;
    const value = sliceValue(metric, ys, { data: p, rows: at.length, classes: k }, ps, accuracy);
    return {
      slice,
      count: at.length,
      metric: value === null ? 'accuracy' : metric,
      value: value ?? accuracy,
      fallback: value === null,
      accuracy,
      tooFewRows: at.length < minRows,
    };
  });
  const worse = (s: MulticlassSlice) => (multiclassHigherIsBetter(s.metric) ? s.value : -s.value);
  return slices.sort(
    (a, b) =>
      Number(a.fallback) - Number(b.fallback) ||
      worse(a) - worse(b) ||
      (a.slice < b.slice ? -1 : a.slice > b.slice ? 1 : 0),
  );
}
