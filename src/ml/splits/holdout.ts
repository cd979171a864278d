/** Train / validation splits: random, stratified, by group and by time. */
import { MlError } from '../metrics/errors';
import { mulberry32, permutation } from '../models/prng';
import { checkRowCount, columnOfLength, rowsByClass, shuffled, validationCount } from './checks';
import { VALIDATION, type HoldoutSplit } from './types';

function holdout(assignment: Uint8Array, warnings: string[] = []): HoldoutSplit {
  let validation = 0;
  for (const side of assignment) validation += side;
  return {
    kind: 'holdout',
    assignment,
    counts: { train: assignment.length - validation, validation },
    warnings,
  };
}

export function randomSplit(n: number, validationShare: number, seed: number): HoldoutSplit {
  checkRowCount(n);
  const count = validationCount(n, validationShare);
  const order = permutation(n, mulberry32(seed));
  const assignment = new Uint8Array(n);
  for (let k = 0; k < count; k++) assignment[order[k] ?? 0] = VALIDATION;
  return holdout(assignment);
}

/**
 * Validation rows per class: ⌊total · nᶜ / n⌋, the rows left over going to the classes with the
 * largest remainders (ties to the lower class). Each class is within one row of its exact share,
 * as sklearn's StratifiedShuffleSplit (which breaks those ties at random instead).
 */
export function allocate(total: number, classSizes: readonly number[]): number[] {
  const n = classSizes.reduce((s, c) => s + c, 0);
  const exact = classSizes.map((c) => (total * c) / n);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((s, c) => s + c, 0);
  const byRemainder = exact
    .map((e, i) => [e - Math.floor(e), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

export function stratifiedSplit(
  n: number,
  validationShare: number,
  seed: number,
  y: ArrayLike<number> | undefined,
): HoldoutSplit {
  checkRowCount(n);
  const count = validationCount(n, validationShare);
  const classes = rowsByClass(y, n);
  const perClass = allocate(
    count,
    classes.map((rows) => rows.length),
  );
  const random = mulberry32(seed);
  const assignment = new Uint8Array(n);
  classes.forEach((rows, c) => {
    shuffled(rows, random)
      .slice(0, perClass[c] ?? 0)
      .forEach((row) => (assignment[row] = VALIDATION));
  });
  return holdout(assignment);
}

/**
 * Whole groups go to one side: groups in shuffled order join validation until it holds at least
 * share · n rows, so the share is approximate. The last group always stays in train.
 */
export function groupSplit(
  n: number,
  validationShare: number,
  seed: number,
  groups: readonly (string | number)[] | undefined,
): HoldoutSplit {
  checkRowCount(n);
  validationCount(n, validationShare);
  const keys = columnOfLength(groups, groups?.length, 'groups', n);
  const rowsOf = new Map<string | number, number[]>();
  keys.forEach((key, row) => {
    const rows = rowsOf.get(key);
    if (rows) rows.push(row);
    else rowsOf.set(key, [row]);
  });
  if (rowsOf.size < 2) throw new MlError('too-few-rows', 'A group split needs at least 2 distinct groups.');
  const order = shuffled(
    [...rowsOf.values()].map((_, i) => i),
    mulberry32(seed),
  );
  const groupRows = [...rowsOf.values()];
  const assignment = new Uint8Array(n);
  let taken = 0;
  for (let g = 0; g < order.length - 1 && taken < validationShare * n; g++) {
    const rows = groupRows[order[g] ?? 0] ?? [];
    rows.forEach((row) => (assignment[row] = VALIDATION));
    taken += rows.length;
  }
  const share = taken / n;
  const off = Math.abs(share - validationShare) > 0.1;
  return holdout(
    assignment,
    off ? [`Whole groups give a validation share of ${share.toFixed(3)}, asked ${validationShare}.`] : [],
  );
}

/** Rows with time < cutoff train, the rest validate; every row needs a time. */
export function timeSplit(
  n: number,
  cutoff: number,
  times: ArrayLike<number | null | undefined> | undefined,
): HoldoutSplit {
  checkRowCount(n);
  if (!Number.isFinite(cutoff))
    throw new MlError('bad-option', `cutoff must be a finite number; got ${cutoff}.`);
  const column = columnOfLength(times, times?.length, 'times', n);
  const assignment = new Uint8Array(n);
  for (let row = 0; row < n; row++) {
    const t = column[row];
    if (t === null || t === undefined || Number.isNaN(t)) {
      throw new MlError(
        'missing-values',
        `times has no value at row ${row}: a time split needs every row's time.`,
      );
    }
    if (t >= cutoff) assignment[row] = VALIDATION;
  }
  const result = holdout(assignment);
  if (result.counts.train === 0 || result.counts.validation === 0) {
    const empty = result.counts.train === 0 ? 'train' : 'validation';
    throw new MlError('empty-side', `The cutoff ${cutoff} leaves the ${empty} side empty.`);
  }
  return result;
}
