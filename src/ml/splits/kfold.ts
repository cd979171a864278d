/** K-fold assignment, plain or stratified, as one continued round robin over shuffled rows. */
import { MlError } from '../metrics/errors';
import { mulberry32, permutation } from '../models/prng';
import { checkRowCount, rowsByClass, shuffled } from './checks';
import type { FoldSplit } from './types';

function folds(fold: Int32Array, k: number, warnings: string[]): FoldSplit {
  const counts = new Array<number>(k).fill(0);
  for (const f of fold) counts[f] = (counts[f] ?? 0) + 1;
  return { kind: 'folds', k, fold, counts, warnings };
}

/**
 * Plain: rows shuffled, then cut into k contiguous runs, the first n mod k one row longer (sklearn
 * KFold(shuffle=True) sizes). Stratified: each class shuffled, its rows dealt to folds round robin,
 * continuing from where the previous class stopped, so every fold is within one row of the others
 * in total and in each class (StratifiedKFold in spirit, not its exact rows).
 */
export function kfoldSplit(
  n: number,
  k: number,
  seed: number,
  stratified: boolean,
  y: ArrayLike<number> | undefined,
): FoldSplit {
  checkRowCount(n);
  if (!Number.isInteger(k) || k < 2)
    throw new MlError('bad-option', `k must be a whole number ≥ 2; got ${k}.`);
  if (k > n) throw new MlError('too-few-rows', `${k} folds need at least ${k} rows; got ${n}.`);
  const random = mulberry32(seed);
  const fold = new Int32Array(n);
  if (!stratified) {
    const order = permutation(n, random);
    const base = Math.floor(n / k);
    const longer = n % k;
    let at = 0;
    for (let f = 0; f < k; f++) {
      const size = base + (f < longer ? 1 : 0);
      for (let j = 0; j < size; j++) fold[order[at++] ?? 0] = f;
    }
    return folds(fold, k, []);
  }
  const classes = rowsByClass(y, n);
  const warnings = classes
    .filter((rows) => rows.length < k)
    .map((rows) => `A class has ${rows.length} rows, fewer than ${k} folds: some folds have none of it.`);
  let offset = 0;
  for (const rows of classes) {
    shuffled(rows, random).forEach((row, j) => (fold[row] = (offset + j) % k));
    offset = (offset + rows.length) % k;
  }
  return folds(fold, k, warnings);
}
