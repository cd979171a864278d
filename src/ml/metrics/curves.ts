/**
 * ROC and precision–recall curves over every distinct score, after scikit-learn 1.2.1's
 * `_binary_clf_curve`: rows sorted once by score descending, one point per distinct score, so tied
 * scores move the curve diagonally (the trapezoid then averages over the tie).
 */
import { defined, undefinedMetric, type MaybeMetric } from './errors';
import { binaryColumns, orderByScoreDescending } from './validate';

/** Cumulative false and true positives at each distinct threshold, thresholds descending. */
export interface ClfCurve {
  readonly thresholds: Float64Array;
  readonly fps: Float64Array;
  readonly tps: Float64Array;
}

export function binaryClfCurve(y: ArrayLike<number>, score: ArrayLike<number>): ClfCurve {
  const rows = binaryColumns(y, score);
  const order = orderByScoreDescending(rows.score);
  const thresholds: number[] = [];
  const fps: number[] = [];
  const tps: number[] = [];
  let tp = 0;
  for (let k = 0; k < order.length; k++) {
    const row = order[k] ?? 0;
    tp += rows.y[row] ?? 0;
    const next = order[k + 1];
    if (next === undefined || rows.score[next] !== rows.score[row]) {
      thresholds.push(rows.score[row] ?? 0);
      tps.push(tp);
      fps.push(k + 1 - tp);
    }
  }
  return {
    thresholds: Float64Array.from(thresholds),
    fps: Float64Array.from(fps),
    tps: Float64Array.from(tps),
  };
}

/** ∫ y dx by the trapezoid rule, as numpy.trapz (x may run either way). */
export function trapezoid(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) {
    area += (((x[i] ?? 0) - (x[i - 1] ?? 0)) * ((y[i] ?? 0) + (y[i - 1] ?? 0))) / 2;
  }
  return area;
}

export interface RocCurve {
  readonly fpr: Float64Array;
  readonly tpr: Float64Array;
  /** Descending; the first is max(score) + 1 (sklearn 1.2.1's "no row is positive" point). */
  readonly thresholds: Float64Array;
}

/** Keeps the first, the last and every point where the curve bends (sklearn's drop_intermediate). */
function cornerIndices(fps: Float64Array, tps: Float64Array): number[] {
  const keep = [0];
  for (let i = 1; i < fps.length - 1; i++) {
    const bendsFp = (fps[i + 1] ?? 0) - 2 * (fps[i] ?? 0) + (fps[i - 1] ?? 0) !== 0;
    const bendsTp = (tps[i + 1] ?? 0) - 2 * (tps[i] ?? 0) + (tps[i - 1] ?? 0) !== 0;
    if (bendsFp || bendsTp) keep.push(i);
  }
  if (fps.length > 1) keep.push(fps.length - 1);
  return keep;
}

/**
 * sklearn 1.2.1 `roc_curve`. With one class in y a rate is 0/0: the curve is returned with NaN in
 * that rate (as sklearn, which warns); use rocAuc for a value that says why it is undefined.
 */
export function rocCurve(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  options: { dropIntermediate?: boolean } = {},
): RocCurve {
  return rocFromClfCurve(binaryClfCurve(y, score), options.dropIntermediate ?? true);
}

function rocFromClfCurve(curve: ClfCurve, dropIntermediate: boolean): RocCurve {
  const all = Array.from(curve.fps, (_, i) => i);
  const keep = dropIntermediate && curve.fps.length > 2 ? cornerIndices(curve.fps, curve.tps) : all;
  const negatives = curve.fps[curve.fps.length - 1] ?? 0;
  const positives = curve.tps[curve.tps.length - 1] ?? 0;
  // The prepended origin is divided too, so a one-class rate is NaN throughout, as in sklearn.
  const fpr = [0, ...keep.map((i) => curve.fps[i] ?? 0)].map((fp) => fp / negatives);
  const tpr = [0, ...keep.map((i) => curve.tps[i] ?? 0)].map((tp) => tp / positives);
  const thresholds = [(curve.thresholds[0] ?? 0) + 1, ...keep.map((i) => curve.thresholds[i] ?? 0)];
  return {
    fpr: Float64Array.from(fpr),
    tpr: Float64Array.from(tpr),
    thresholds: Float64Array.from(thresholds),
  };
}

function classCheck(curve: ClfCurve): MaybeMetric | null {
  const positives = curve.tps[curve.tps.length - 1] ?? 0;
  const negatives = curve.fps[curve.fps.length - 1] ?? 0;
  if (positives > 0 && negatives > 0) return null;
  const only = positives === 0 ? 'negative (0)' : 'positive (1)';
  return undefinedMetric('one-class', `Every row is ${only}: the metric needs both classes.`);
}

/** sklearn 1.2.1 `roc_auc_score`; null with reason 'one-class' when y has a single class. */
export function rocAuc(y: ArrayLike<number>, score: ArrayLike<number>): MaybeMetric {
  const clfCurve = binaryClfCurve(y, score);
  const oneClass = classCheck(clfCurve);
  if (oneClass) return oneClass;
  const curve = rocFromClfCurve(clfCurve, true);
  return defined(trapezoid(curve.fpr, curve.tpr));
}

export interface PrCurve {
  /** Recall descending to 0; the last point is (recall 0, precision 1), as sklearn. */
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  /** Ascending; one fewer than the points. */
  readonly thresholds: Float64Array;
}

/** sklearn 1.2.1 `precision_recall_curve` (no positives: recall is 1 throughout, as sklearn). */
export function precisionRecallCurve(y: ArrayLike<number>, score: ArrayLike<number>): PrCurve {
  const curve = binaryClfCurve(y, score);
  const m = curve.tps.length;
  const positives = curve.tps[m - 1] ?? 0;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const thresholds = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const from = m - 1 - i;
    const tp = curve.tps[from] ?? 0;
    const predicted = tp + (curve.fps[from] ?? 0);
    precision[i] = predicted === 0 ? 0 : tp / predicted;
    recall[i] = positives === 0 ? 1 : tp / positives;
    thresholds[i] = curve.thresholds[from] ?? 0;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds };
}

/**
 * The PR curve to draw: one point per threshold a model can act at, without sklearn's closing
 * (recall 0, precision 1), which no threshold reaches. A constant score is one point (recall 1,
 * precision = the positive rate); average precision is the area under these points drawn as
 * steps (each point's precision held back to the previous recall), not a line through them.
 */
export function precisionRecallPoints(y: ArrayLike<number>, score: ArrayLike<number>): PrCurve {
  const curve = precisionRecallCurve(y, score);
  const m = curve.thresholds.length;
  return {
    precision: curve.precision.slice(0, m),
    recall: curve.recall.slice(0, m),
    thresholds: curve.thresholds,
  };
}

function noPositives(y: ArrayLike<number>): MaybeMetric | null {
  for (let i = 0; i < y.length; i++) if (y[i] === 1) return null;
  return undefinedMetric('no-positives', 'No row is positive (1): recall, and so this metric, is undefined.');
}

/**
 * sklearn 1.2.1 `average_precision_score`: Σ (Rₙ − Rₙ₋₁) Pₙ, step-wise, no interpolation; tied
 * scores are one threshold (one step). A constant score gives the positive rate.
 * sklearn returns 0 (with a warning) when no row is positive; here that is null, 'no-positives'.
 */
export function averagePrecision(y: ArrayLike<number>, score: ArrayLike<number>): MaybeMetric {
  const curve = precisionRecallCurve(y, score);
  const none = noPositives(y);
  if (none) return none;
  let sum = 0;
  for (let i = 0; i + 1 < curve.recall.length; i++) {
    sum += ((curve.recall[i + 1] ?? 0) - (curve.recall[i] ?? 0)) * (curve.precision[i] ?? 0);
  }
  return defined(-sum);
}

/**
 * The app's "PR AUC" (metric key `pr_auc`): average precision, as scikit-learn reports it. The
 * trapezoid under the curve from (recall 0, precision 1) is not used anywhere: it credits a
 * constant score with (1 + positive rate) / 2, so the baseline looked better than every model.
 */
export const prAuc = averagePrecision;
