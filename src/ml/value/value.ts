/**
 * Business value of acting on a score: each outcome (tp, fp, tn, fn) is worth a value per case
 * (a benefit positive, a cost negative); a row is acted on when score ≥ threshold. Values are
 * reported per 1,000 cases so that validation sets of any size compare.
 */
import { MlError } from '../metrics/errors';
import { binaryColumns, countPositives, orderByScoreDescending } from '../metrics/validate';

export interface OutcomeValues {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

export interface ValuePoint {
  /** Act when score ≥ threshold; null: act on no row. */
  readonly threshold: number | null;
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
  /** Share of rows acted on. */
  readonly actedShare: number;
  /** Σ over rows of the outcome's value. */
  readonly total: number;
  readonly perThousand: number;
}

export interface ValueCurve {
  /** Act on none first, then each distinct score, descending. */
  readonly points: ValuePoint[];
  /** The highest value; on a tie the higher threshold (fewer actions). */
  readonly best: ValuePoint;
  /** Predict all negative. */
  readonly doNothing: ValuePoint;
  /** Predict all positive. */
  readonly actOnAll: ValuePoint;
}

function checkValues(values: OutcomeValues): void {
  for (const key of ['tp', 'fp', 'tn', 'fn'] as const) {
    if (!Number.isFinite(values[key])) {
      throw new MlError('bad-option', `The value of ${key} must be a finite number; got ${values[key]}.`);
    }
  }
}

function point(
  threshold: number | null,
  tp: number,
  fp: number,
  positives: number,
  n: number,
  values: OutcomeValues,
): ValuePoint {
  const fn = positives - tp;
  const tn = n - positives - fp;
  const total = tp * values.tp + fp * values.fp + tn * values.tn + fn * values.fn;
  return { threshold, tp, fp, tn, fn, actedShare: (tp + fp) / n, total, perThousand: (total / n) * 1000 };
}

/** Value at one threshold. */
export function expectedValue(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  threshold: number,
  values: OutcomeValues,
): ValuePoint {
  checkValues(values);
  if (Number.isNaN(threshold)) throw new MlError('bad-option', 'threshold must be a number.');
  const rows = binaryColumns(y, score);
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < rows.y.length; i++) {
    if ((rows.score[i] ?? 0) < threshold) continue;
    if (rows.y[i] === 1) tp++;
    else fp++;
  }
  return point(threshold, tp, fp, countPositives(rows.y), rows.y.length, values);
}

/** Value at every distinct threshold, from one sort: O(n log n). */
export function valueCurve(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  values: OutcomeValues,
): ValueCurve {
  checkValues(values);
  const rows = binaryColumns(y, score);
  const n = rows.y.length;
  const positives = countPositives(rows.y);
  const order = orderByScoreDescending(rows.score);
  const doNothing = point(null, 0, 0, positives, n, values);
  const points = [doNothing];
  let best = doNothing;
  let tp = 0;
  for (let k = 0; k < n; k++) {
    const row = order[k] ?? 0;
    tp += rows.y[row] ?? 0;
    const next = order[k + 1];
    if (next !== undefined && rows.score[next] === rows.score[row]) continue;
    const at = point(rows.score[row] ?? 0, tp, k + 1 - tp, positives, n, values);
    points.push(at);
    if (at.total > best.total) best = at;
  }
  const actOnAll = points[points.length - 1] ?? doNothing;
  return { points, best, doNothing, actOnAll };
}

export interface ValueComparison {
  /** The model at its best threshold. */
  readonly model: ValuePoint;
  readonly doNothing: ValuePoint;
  readonly actOnAll: ValuePoint;
  /** The baseline scorer at its own best threshold; null when none was given. */
  readonly baseline: ValuePoint | null;
  /** Per 1,000 cases: the model's best minus each alternative. */
  readonly gainOverDoNothing: number;
  readonly gainOverActOnAll: number;
  readonly gainOverBaseline: number | null;
}

/** The model's best threshold against doing nothing, acting on all, and a baseline scorer. */
export function compareValue(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  values: OutcomeValues,
  baselineScore?: ArrayLike<number>,
): ValueComparison {
  const curve = valueCurve(y, score, values);
  const baseline = baselineScore === undefined ? null : valueCurve(y, baselineScore, values).best;
  const model = curve.best;
  return {
    model,
    doNothing: curve.doNothing,
    actOnAll: curve.actOnAll,
    baseline,
    gainOverDoNothing: model.perThousand - curve.doNothing.perThousand,
    gainOverActOnAll: model.perThousand - curve.actOnAll.perThousand,
    gainOverBaseline: baseline === null ? null : model.perThousand - baseline.perThousand,
  };
}
