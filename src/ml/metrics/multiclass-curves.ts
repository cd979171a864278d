/**
 * One-vs-rest views of class probabilities: class c against the rest, scored by its own column.
 * ROC AUC macro / weighted as scikit-learn 1.2.1's `roc_auc_score(y, P, multi_class='ovr',
 * average=…, labels=range(k))`, and per class the ROC and PR curves, average precision (sklearn
 * `average_precision_score(label_binarize(y), P, average=None)`) and `calibration_curve`.
 */
import {
  averagePrecision,
  precisionRecallPoints,
  rocAuc,
  rocCurve,
  type PrCurve,
  type RocCurve,
} from './curves';
import { defined, undefinedMetric, type MaybeMetric } from './errors';
import {
  multiclassProbabilities,
  oneVsRest,
  type ClassScores,
  type MulticlassRows,
} from './multiclass-validate';
import { calibrationCurve, type CalibrationBin, type CalibrationStrategy } from './probability';

export type OvrAverage = 'macro' | 'weighted';

function support(rows: MulticlassRows): number[] {
  const counts = new Array<number>(rows.k).fill(0);
  for (const c of rows.y) counts[c] = (counts[c] ?? 0) + 1;
  return counts;
}

/** Each class's one-vs-rest AUC; null with the reason for a class that has no rows (or every row). */
function classAucs(rows: MulticlassRows): MaybeMetric[] {
  return Array.from({ length: rows.k }, (_, c) => {
    const { y, score } = oneVsRest(rows, c);
    const auc = rocAuc(y, score);
    if (auc.value !== null) return auc;
    const none = y.every((v) => v === 0);
    return undefinedMetric(
      'one-class',
      none
        ? `No validation row has class ${c}: its one-vs-rest ROC AUC, and so the average, is undefined.`
        : `Every validation row has class ${c}: one-vs-rest ROC AUC needs other classes.`,
    );
  });
}

/**
 * sklearn 1.2.1 `roc_auc_score(multi_class='ovr')`: the mean of the classes' one-vs-rest AUCs,
 * unweighted (macro) or weighted by each class's rows (weighted). Rows must be probabilities
 * (summing to 1, as sklearn checks). Undefined when a class has no validation rows (sklearn raises).
 */
export function rocAucOvr(
  y: ArrayLike<number>,
  probabilities: ClassScores,
  average: OvrAverage,
): MaybeMetric {
  const rows = multiclassProbabilities(y, probabilities);
  const aucs = classAucs(rows);
  const missing = aucs.find((a) => a.value === null);
  if (missing) return missing;
  const weights = average === 'macro' ? new Array<number>(rows.k).fill(1) : support(rows);
  const total = weights.reduce((s, w) => s + w, 0);
  return defined(aucs.reduce((s, a, c) => s + (weights[c] ?? 0) * (a.value ?? 0), 0) / total);
}

export interface OneVsRestClass {
  readonly class: number;
  /** Rows of this class. */
  readonly support: number;
  /** Empty when the class has no rows or every row (the rates would be 0/0). */
  readonly roc: Pick<RocCurve, 'fpr' | 'tpr'>;
  /** The curve to draw (no closing point); empty when the class has no rows. */
  readonly pr: Pick<PrCurve, 'recall' | 'precision'>;
  readonly rocAuc: MaybeMetric;
  readonly averagePrecision: MaybeMetric;
}

/** Per class: its one-vs-rest ROC and PR curves, ROC AUC and average precision. */
export function oneVsRestCurves(y: ArrayLike<number>, probabilities: ClassScores): OneVsRestClass[] {
  const rows = multiclassProbabilities(y, probabilities);
  const counts = support(rows);
  const aucs = classAucs(rows);
  return counts.map((count, c): OneVsRestClass => {
    const binary = oneVsRest(rows, c);
    const both = count > 0 && count < rows.n;
    const roc = both
      ? rocCurve(binary.y, binary.score)
      : { fpr: new Float64Array(), tpr: new Float64Array() };
    const pr =
      count > 0
        ? precisionRecallPoints(binary.y, binary.score)
        : { recall: new Float64Array(), precision: new Float64Array() };
    return {
      class: c,
      support: count,
      roc: { fpr: roc.fpr, tpr: roc.tpr },
      pr: { recall: pr.recall, precision: pr.precision },
      rocAuc: aucs[c] ?? undefinedMetric('one-class', 'No class.'),
      averagePrecision: averagePrecision(binary.y, binary.score),
    };
  });
}

/** Per class, sklearn `calibration_curve(y == c, P[:, c], n_bins, strategy)`. */
export function classCalibration(
  y: ArrayLike<number>,
  probabilities: ClassScores,
  options: { nBins?: number; strategy?: CalibrationStrategy } = {},
): CalibrationBin[][] {
  const rows = multiclassProbabilities(y, probabilities);
  return Array.from({ length: rows.k }, (_, c) => {
    const { y: truth, score } = oneVsRest(rows, c);
    return calibrationCurve(truth, score, options);
  });
}
