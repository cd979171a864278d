/**
 * Multiclass metrics by name, as a point value and as a `WeightedMetric` for the bootstrap of
 * weighted.ts (`weightedBootstrapCi`, `weightedPairedBootstrap`: same seeded resamples as
 * bootstrap.ts). Decision metrics (accuracy, precision, recall, F1) judge `predicted` classes,
 * by default the arg-max of the probabilities (sklearn's `predict`).
 */
import { assertNever } from '../../lib/errors';
import { confusionFromCounts, reportFromConfusion, rowLogLoss, type MulticlassReport } from './multiclass';
import {
  argMaxClasses,
  classIndices,
  multiclassProbabilities,
  oneVsRest,
  type ClassScores,
} from './multiclass-validate';
import { LOG_LOSS_EPS } from './probability';
import { weightedRocAuc, type WeightedMetric } from './weighted';
import { MlError } from './errors';
import type { MulticlassMetricName } from './multiclass-names';

export { MULTICLASS_METRICS, multiclassHigherIsBetter, type MulticlassMetricName } from './multiclass-names';

function decisionValue(report: MulticlassReport, name: MulticlassMetricName): number | null {
  switch (name) {
    case 'accuracy':
      return report.accuracy;
    case 'macro_f1':
      return report.macro.f1;
    case 'macro_precision':
      return report.macro.precision;
    case 'macro_recall':
      return report.macro.recall;
    case 'weighted_f1':
      return report.weighted.f1;
    case 'weighted_precision':
      return report.weighted.precision;
    case 'weighted_recall':
      return report.weighted.recall;
    case 'log_loss':
    case 'roc_auc_ovr_macro':
    case 'roc_auc_ovr_weighted':
      return null;
    default:
      return assertNever(name);
  }
}

function weightedDecision(
  truth: Int32Array,
  guess: Int32Array,
  k: number,
  name: MulticlassMetricName,
): WeightedMetric {
  return (w) => {
    const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    let total = 0;
    for (let i = 0; i < truth.length; i++) {
      const weight = w[i] ?? 0;
      if (weight === 0) continue;
      const row = counts[truth[i] ?? 0];
      if (row) row[guess[i] ?? 0] = (row[guess[i] ?? 0] ?? 0) + weight;
      total += weight;
    }
    return total === 0 ? null : decisionValue(reportFromConfusion(confusionFromCounts(counts)), name);
  };
}

/** One-vs-rest AUC of every class on the same weights, averaged; null if a class lacks rows. */
function weightedOvrAuc(truth: Int32Array, p: Float64Array, k: number, weighted: boolean): WeightedMetric {
  const rows = { y: truth, scores: p, n: truth.length, k };
  const classes = Array.from({ length: k }, (_, c) => {
    const { y, score } = oneVsRest(rows, c);
    return { y, auc: weightedRocAuc(y, score) };
  });
  return (w) => {
    let sum = 0;
    let total = 0;
    for (const { y, auc } of classes) {
      const value = auc(w);
      if (value === null) return null;
      let support = 0;
      if (weighted) for (let i = 0; i < y.length; i++) support += (y[i] ?? 0) * (w[i] ?? 0);
      else support = 1;
      sum += support * value;
      total += support;
    }
    return total === 0 ? null : sum / total;
  };
}

/**
 * `name` on these rows as a function of how many times each row counts (1 each: the metric
 * itself). Probabilities are checked as rocAucOvr / multiclassLogLoss check them.
 */
export function weightedMulticlassMetric(
  name: MulticlassMetricName,
  y: ArrayLike<number>,
  probabilities: ClassScores,
  predicted?: ArrayLike<number>,
): WeightedMetric {
  const rows = multiclassProbabilities(y, probabilities);
  const { k } = rows;
  switch (name) {
    case 'log_loss': {
      const term = Float64Array.from(rows.y, (t, i) => rowLogLoss(rows.scores, i, k, t, LOG_LOSS_EPS));
      return (w) => {
        let sum = 0;
        let total = 0;
        for (let i = 0; i < term.length; i++) {
          sum += (w[i] ?? 0) * (term[i] ?? 0);
          total += w[i] ?? 0;
        }
        return total === 0 ? null : sum / total;
      };
    }
    case 'roc_auc_ovr_macro':
      return weightedOvrAuc(rows.y, rows.scores, k, false);
    case 'roc_auc_ovr_weighted':
      return weightedOvrAuc(rows.y, rows.scores, k, true);
    default: {
      if (predicted !== undefined && predicted.length !== rows.n) {
        throw new MlError(
          'length-mismatch',
          `y has ${rows.n} rows but the predictions have ${predicted.length}.`,
        );
      }
      const guess =
        predicted === undefined ? argMaxClasses(probabilities) : classIndices(predicted, k, 'predicted');
      return weightedDecision(rows.y, guess, k, name);
    }
  }
}

/** `name` on these rows (null where undefined, as a one-vs-rest AUC with a class missing). */
export function multiclassMetric(
  name: MulticlassMetricName,
  y: ArrayLike<number>,
  probabilities: ClassScores,
  predicted?: ArrayLike<number>,
): number | null {
  const metric = weightedMulticlassMetric(name, y, probabilities, predicted);
  return metric(new Float64Array(probabilities.rows).fill(1));
}
