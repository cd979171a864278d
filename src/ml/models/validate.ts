import { ModelError } from './errors';
import type { DenseMatrix } from './types';

function columnName(col: number, names: readonly string[] | undefined): string {
  const name = names?.[col];
  return name === undefined ? `column ${col + 1}` : `'${name}'`;
}

/** Rows, matching lengths: the checks every model makes before anything else. */
export function checkShape(x: DenseMatrix, y: Float32Array): void {
  if (x.rows <= 0)
    throw new ModelError('no-rows', 'There are no rows to train on: check the filter or the split.');
  if (!Number.isInteger(x.rows) || !Number.isInteger(x.cols) || x.cols < 0) {
    throw new ModelError('shape', `Bad matrix shape ${x.rows} × ${x.cols}.`);
  }
  if (x.data.length !== x.rows * x.cols) {
    throw new ModelError(
      'shape',
      `The feature matrix holds ${x.data.length} values, not ${x.rows} × ${x.cols}.`,
    );
  }
  if (y.length !== x.rows) {
    throw new ModelError('shape', `There are ${y.length} target values for ${x.rows} rows.`);
  }
}

export function checkTargetFinite(y: Float32Array): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i] ?? 0;
    if (!Number.isFinite(v)) {
      throw new ModelError(
        'bad-target',
        `The target is ${String(v)} in row ${i + 1}: drop or fill rows with a missing target before training.`,
      );
    }
  }
}

/** A binary classifier needs labels 0/1 and both of them present. */
export function checkBinaryTarget(y: Float32Array): number {
  checkTargetFinite(y);
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i] ?? 0;
    if (v !== 0 && v !== 1) {
      throw new ModelError(
        'bad-target',
        `The target must be 0 or 1 for classification; row ${i + 1} has ${v}.`,
      );
    }
    positives += v;
  }
  if (positives === 0 || positives === y.length) {
    throw new ModelError(
      'one-class',
      `The target has only one class (every row is ${positives === 0 ? 0 : 1}): a classifier needs both. ` +
        'Check the filter, the split or how the target is defined.',
    );
  }
  return positives;
}

/**
 * Infinity is rejected everywhere; NaN only where the model cannot route it (`allowNaN` false),
 * with a message that says what to do instead.
 */
export function checkFeatures(
  x: DenseMatrix,
  model: string,
  allowNaN: boolean,
  names?: readonly string[],
): void {
  const { data, cols } = x;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] ?? 0;
    if (Number.isFinite(v)) continue;
    const row = Math.floor(i / Math.max(cols, 1));
    const where = `${columnName(i % cols, names)}, row ${row + 1}`;
    if (Number.isNaN(v)) {
      if (allowNaN) continue;
      throw new ModelError(
        'missing-values',
        `${model} cannot use missing values (${where}): impute them first, or use gradient-boosted trees, which handle them.`,
      );
    }
    throw new ModelError(
      'infinite-values',
      `${where} is ${String(v)}: replace infinite values before training.`,
    );
  }
}

export function checkPositive(value: number, name: string, allowZero = false): void {
  const ok = Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok) throw new ModelError('bad-option', `${name} must be ${allowZero ? '≥ 0' : '> 0'}; got ${value}.`);
}

export function checkInteger(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new ModelError('bad-option', `${name} must be an integer ≥ ${min}; got ${value}.`);
  }
}

/**
 * A multiclass classifier needs class indices 0…k−1 (k = classes.length ≥ 2) and rows of every
 * class: a class without training rows could never be predicted (scikit-learn would drop it).
 */
export function checkMulticlassTarget(y: Float32Array, classes: readonly string[]): number[] {
  const k = classes.length;
  if (k < 2) {
    throw new ModelError(
      'one-class',
      `The target has ${k === 0 ? 'no classes' : `one class (${classes[0] ?? ''})`}: a classifier needs at least two.`,
    );
  }
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < y.length; i++) {
    const v = y[i] ?? NaN;
    if (Number.isNaN(v)) {
      throw new ModelError(
        'bad-target',
        `The class of row ${i + 1} is missing (NULL): drop or fill rows with a missing target before training.`,
      );
    }
    if (!Number.isInteger(v) || v < 0 || v >= k) {
      throw new ModelError(
        'bad-target',
        `The target must be a class index 0…${k - 1}; row ${i + 1} has ${v}.`,
      );
    }
    counts[v] = (counts[v] ?? 0) + 1;
  }
  const empty = classes.filter((_, c) => counts[c] === 0);
  if (empty.length === k - 1) {
    throw new ModelError(
      'one-class',
      `Every training row has the class ${classes[counts.findIndex((n) => n > 0)] ?? ''}: a classifier needs at least two. Check the filter, the split or how the target is defined.`,
    );
  }
  if (empty.length > 0) {
    throw new ModelError(
      'bad-target',
      `No training row has the class ${empty.join(', ')}: a model cannot learn a class it never sees. Use a stratified split, or group or drop that class in a clean cell.`,
    );
  }
  return counts;
}
