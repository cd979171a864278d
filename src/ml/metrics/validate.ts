import { MlError } from './errors';

/** Copies `values` into a Float64Array, failing on NaN or ±Infinity with the first bad row. */
export function finiteColumn(values: ArrayLike<number>, name: string): Float64Array {
  const out = Float64Array.from(values);
  for (let i = 0; i < out.length; i++) {
    const v = out[i] ?? NaN;
    if (!Number.isFinite(v)) {
      throw new MlError('not-finite', `${name} has a non-finite value (${v}) at row ${i}.`);
    }
  }
  return out;
}

/** Two finite columns of the same, non-zero length. */
export function pairedColumns(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  names: readonly [string, string] = ['y', 'score'],
): { y: Float64Array; score: Float64Array } {
  if (y.length !== score.length) {
    throw new MlError(
      'length-mismatch',
      `${names[0]} has ${y.length} rows but ${names[1]} has ${score.length}.`,
    );
  }
  if (y.length === 0) throw new MlError('empty', `${names[0]} and ${names[1]} have no rows.`);
  return { y: finiteColumn(y, names[0]), score: finiteColumn(score, names[1]) };
}

/** As pairedColumns, and every label is 0 or 1. */
export function binaryColumns(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
): { y: Float64Array; score: Float64Array } {
  const out = pairedColumns(y, score);
  for (let i = 0; i < out.y.length; i++) {
    const v = out.y[i];
    if (v !== 0 && v !== 1) {
      throw new MlError('not-binary', `y must be 0 or 1; row ${i} is ${v}.`);
    }
  }
  return out;
}

/** As binaryColumns, and every score is a probability in [0, 1]. */
export function probabilityColumns(
  y: ArrayLike<number>,
  probability: ArrayLike<number>,
): { y: Float64Array; score: Float64Array } {
  const out = binaryColumns(y, probability);
  for (let i = 0; i < out.score.length; i++) {
    const p = out.score[i] ?? NaN;
    if (p < 0 || p > 1) {
      throw new MlError('out-of-range', `Probabilities must lie in [0, 1]; row ${i} is ${p}.`);
    }
  }
  return out;
}

export function countPositives(y: Float64Array): number {
  let positives = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) positives++;
  return positives;
}

/** Row indices ordered by score descending; ties keep row order (a stable sort). */
export function orderByScoreDescending(score: Float64Array): Int32Array {
  const order = Int32Array.from({ length: score.length }, (_, i) => i);
  return order.sort((a, b) => (score[b] ?? 0) - (score[a] ?? 0) || a - b);
}
