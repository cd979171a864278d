/**
 * Multiclass metrics of a decision (one predicted class per row) and of class probabilities, as
 * scikit-learn 1.2.1 computes them with `labels=range(k)` and `zero_division=0`:
 * `confusion_matrix` (and `normalize='true'`), `precision_recall_fscore_support`, the macro and
 * weighted averages of `classification_report`, `accuracy_score` and `log_loss`.
 */
import { MlError } from './errors';
import { classIndices, multiclassProbabilities, type ClassScores } from './multiclass-validate';
import { LOG_LOSS_EPS } from './probability';

export interface MulticlassConfusion {
  /** counts[t][p]: rows of true class t predicted as p. */
  readonly counts: number[][];
  /** Each row divided by its total (sklearn normalize='true'); a class without rows is all 0, as there. */
  readonly normalized: number[][];
}

export interface ClassMetrics {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Rows of this class. */
  readonly support: number;
}

export interface AveragedMetrics {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface MulticlassReport {
  /** Index c is class c. */
  readonly perClass: ClassMetrics[];
  /** Unweighted mean over classes (every class counts, with or without rows). */
  readonly macro: AveragedMetrics;
  /** Mean weighted by support. */
  readonly weighted: AveragedMetrics;
  readonly accuracy: number;
  readonly support: number;
  readonly confusion: MulticlassConfusion;
}

const ratio = (numerator: number, denominator: number): number =>
  denominator === 0 ? 0 : numerator / denominator;

/** Counts and row-normalised shares of true × predicted classes (sklearn `confusion_matrix`). */
export function confusionFromCounts(counts: number[][]): MulticlassConfusion {
  const normalized = counts.map((row) => {
    const total = row.reduce((s, v) => s + v, 0);
    return row.map((v) => ratio(v, total));
  });
  return { counts, normalized };
}

export function multiclassConfusion(
  y: ArrayLike<number>,
  predicted: ArrayLike<number>,
  k: number,
): MulticlassConfusion {
  if (!Number.isInteger(k) || k < 2)
    throw new MlError('too-few-classes', `Need at least 2 classes; got ${k}.`);
  if (predicted.length !== y.length) {
    throw new MlError(
      'length-mismatch',
      `y has ${y.length} rows but the predictions have ${predicted.length}.`,
    );
  }
  if (y.length === 0) throw new MlError('empty', 'y and the predictions have no rows.');
  const truth = classIndices(y, k);
  const guess = classIndices(predicted, k, 'predicted');
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const row = counts[truth[i] ?? 0];
    if (row) row[guess[i] ?? 0] = (row[guess[i] ?? 0] ?? 0) + 1;
  }
  return confusionFromCounts(counts);
}

/** Per-class precision, recall, F1 and support, their averages and accuracy, from the counts. */
export function reportFromConfusion(confusion: MulticlassConfusion): MulticlassReport {
  const { counts } = confusion;
  const support = counts.map((row) => row.reduce((s, v) => s + v, 0));
  const predicted = counts.map((_, p) => counts.reduce((s, row) => s + (row[p] ?? 0), 0));
  const total = support.reduce((s, v) => s + v, 0);
  let correct = 0;
  const perClass = counts.map((row, c): ClassMetrics => {
    const tp = row[c] ?? 0;
    correct += tp;
    const precision = ratio(tp, predicted[c] ?? 0);
    const recall = ratio(tp, support[c] ?? 0);
    // sklearn: 2PR / (P + R), 0 when both are 0 (zero_division=0); equal to 2tp / (2tp + fp + fn).
    const f1 = ratio(2 * precision * recall, precision + recall);
    return { precision, recall, f1, support: support[c] ?? 0 };
  });
  const average = (weight: (m: ClassMetrics) => number): AveragedMetrics => {
    const sum = perClass.reduce((s, m) => s + weight(m), 0);
    const mean = (key: keyof AveragedMetrics): number =>
      ratio(
        perClass.reduce((s, m) => s + weight(m) * m[key], 0),
        sum,
      );
    return { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') };
  };
  return {
    perClass,
    macro: average(() => 1),
    weighted: average((m) => m.support),
    accuracy: ratio(correct, total),
    support: total,
    confusion,
  };
}

/** sklearn `classification_report` as numbers: a decision (predicted classes) against the truth. */
export function multiclassReport(
  y: ArrayLike<number>,
  predicted: ArrayLike<number>,
  k: number,
): MulticlassReport {
  return reportFromConfusion(multiclassConfusion(y, predicted, k));
}

/**
 * sklearn 1.2.1 `log_loss(y, P, labels=range(k), eps=1e-15)`: each probability clipped to
 * [eps, 1 − eps], each row renormalised to sum 1, the mean −log of the true class's probability.
 */
export function multiclassLogLoss(
  y: ArrayLike<number>,
  probabilities: ClassScores,
  options: { eps?: number } = {},
): number {
  const eps = options.eps ?? LOG_LOSS_EPS;
  if (!(eps >= 0 && eps < 0.5)) throw new MlError('bad-option', `eps must be in [0, 0.5); got ${eps}.`);
  const rows = multiclassProbabilities(y, probabilities);
  let sum = 0;
  for (let i = 0; i < rows.n; i++) sum += rowLogLoss(rows.scores, i, rows.k, rows.y[i] ?? 0, eps);
  return sum / rows.n;
}

/** −log of the true class's clipped, renormalised probability in row i. */
export function rowLogLoss(p: Float64Array, i: number, k: number, truth: number, eps: number): number {
  let total = 0;
  for (let c = 0; c < k; c++) total += Math.min(Math.max(p[i * k + c] ?? 0, eps), 1 - eps);
  return -Math.log(Math.min(Math.max(p[i * k + truth] ?? 0, eps), 1 - eps) / total);
}
