/**
 * Checks for multiclass inputs: `y` holds class indices 0…k−1 (see classes.ts to get them from
 * labels) and `ClassScores` one score per class per row, row-major.
 */
import { MlError } from './errors';
import { finiteColumn } from './validate';

/** n rows × k classes, row-major: the score of class c for row i is data[i * classes + c]. */
export interface ClassScores {
  readonly data: ArrayLike<number>;
  readonly rows: number;
  readonly classes: number;
}

export interface MulticlassRows {
  /** Class indices, 0…k−1. */
  readonly y: Int32Array;
  readonly scores: Float64Array;
  readonly n: number;
  readonly k: number;
}

/** Rows whose scores sum to 1 as np.allclose(1, sum) does (rtol 1e-5, atol 1e-8): sklearn's test. */
const SUM_TOLERANCE = 1e-8 + 1e-5;

/** Class indices 0…k−1 as integers; 'missing-label' for NaN (a NULL label), 'unknown-class' otherwise. */
export function classIndices(y: ArrayLike<number>, k: number, name = 'y'): Int32Array {
  const out = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i] ?? NaN;
    if (Number.isNaN(v)) {
      throw new MlError(
        'missing-label',
        `The class of row ${i + 1} is missing (NULL): drop those rows or give them a class.`,
      );
    }
    if (!Number.isInteger(v) || v < 0 || v >= k) {
      throw new MlError('unknown-class', `${name} must be a class index 0…${k - 1}; row ${i + 1} is ${v}.`);
    }
    out[i] = v;
  }
  return out;
}

/** Equal, non-zero row counts, at least two classes, class indices in range, finite scores. */
export function multiclassColumns(y: ArrayLike<number>, scores: ClassScores): MulticlassRows {
  const { rows: n, classes: k } = scores;
  if (!Number.isInteger(k) || k < 2) {
    throw new MlError('too-few-classes', `Multiclass scores need at least 2 classes; got ${k}.`);
  }
  if (y.length !== n)
    throw new MlError('length-mismatch', `y has ${y.length} rows but the scores have ${n}.`);
  if (n === 0) throw new MlError('empty', 'y and the scores have no rows.');
  if (scores.data.length !== n * k) {
    throw new MlError(
      'length-mismatch',
      `The scores hold ${scores.data.length} values, not ${n} rows × ${k} classes.`,
    );
  }
  return { y: classIndices(y, k), scores: finiteColumn(scores.data, 'scores'), n, k };
}

/** As multiclassColumns, and every row is a probability distribution (in [0, 1], summing to 1). */
export function multiclassProbabilities(y: ArrayLike<number>, probabilities: ClassScores): MulticlassRows {
  const rows = multiclassColumns(y, probabilities);
  const { scores, n, k } = rows;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const p = scores[i * k + c] ?? NaN;
      if (p < 0 || p > 1) {
        throw new MlError(
          'out-of-range',
          `Probabilities must lie in [0, 1]; row ${i + 1}, class ${c} is ${p}.`,
        );
      }
      sum += p;
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      throw new MlError(
        'out-of-range',
        `The class probabilities of row ${i + 1} sum to ${sum}, not 1: they must be one distribution per row.`,
      );
    }
  }
  return rows;
}

/** The class with the highest score per row; the first on a tie (numpy's argmax, sklearn's predict). */
export function argMaxClasses(scores: ClassScores): Int32Array {
  const { rows: n, classes: k, data } = scores;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++)
      if ((data[i * k + c] ?? -Infinity) > (data[i * k + best] ?? -Infinity)) best = c;
    out[i] = best;
  }
  return out;
}

/** Column c of the scores, and whether each row is of class c: the one-vs-rest binary problem. */
export function oneVsRest(rows: MulticlassRows, c: number): { y: Float64Array; score: Float64Array } {
  const y = new Float64Array(rows.n);
  const score = new Float64Array(rows.n);
  for (let i = 0; i < rows.n; i++) {
    y[i] = rows.y[i] === c ? 1 : 0;
    score[i] = rows.scores[i * rows.k + c] ?? 0;
  }
  return { y, score };
}
