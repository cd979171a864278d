import { MlError } from '../metrics/errors';
import { finiteColumn } from '../metrics/validate';

export function checkRowCount(n: number): void {
  if (!Number.isInteger(n) || n < 2) {
    throw new MlError('too-few-rows', `A split needs a whole number of rows, at least 2; got ${n}.`);
  }
}

export function columnOfLength<T>(
  values: T | undefined,
  length: number | undefined,
  name: string,
  n: number,
): T {
  if (values === undefined || length === undefined) {
    throw new MlError('bad-option', `This split needs ${name}, one value per row.`);
  }
  if (length !== n)
    throw new MlError('length-mismatch', `${name} has ${length} rows but the split has ${n}.`);
  return values;
}

/** Rows of each distinct y value, classes in ascending order; each class needs ≥ 2 rows. */
export function rowsByClass(y: ArrayLike<number> | undefined, n: number): number[][] {
  const labels = finiteColumn(columnOfLength(y, y?.length, 'y', n), 'y');
  const classes = new Map<number, number[]>();
  labels.forEach((label, row) => {
    const rows = classes.get(label);
    if (rows) rows.push(row);
    else classes.set(label, [row]);
  });
  const sorted = [...classes].sort(([a], [b]) => a - b);
  for (const [label, rows] of sorted) {
    if (rows.length < 2) {
      throw new MlError(
        'too-few-rows',
        `Class ${label} has ${rows.length} row; stratifying needs at least 2 per class.`,
      );
    }
  }
  return sorted.map(([, rows]) => rows);
}

/** `rows` shuffled by `random` (Fisher–Yates, as models/prng's permutation). */
export function shuffled(rows: readonly number[], random: () => number): number[] {
  const out = [...rows];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = out[i] ?? 0;
    out[i] = out[j] ?? 0;
    out[j] = t;
  }
  return out;
}
