/** Input checks shared by the explainers; each failure is an MlError that says what to do. */
import { MlError } from '../metrics/errors';
import type { DenseMatrix, FeatureGroup } from './types';

export function checkMatrix(x: DenseMatrix, what = 'The data'): void {
  if (!Number.isInteger(x.rows) || !Number.isInteger(x.cols) || x.rows < 0 || x.cols < 1) {
    throw new MlError('bad-option', `${what} must have whole numbers of rows and of columns (≥ 1).`);
  }
  if (x.data.length !== x.rows * x.cols) {
    throw new MlError(
      'length-mismatch',
      `${what} holds ${x.data.length} values, not ${x.rows} rows × ${x.cols} columns.`,
    );
  }
  if (x.rows === 0) throw new MlError('empty', `${what} has no rows.`);
}

export function checkColumn(column: number, columns: number, name?: string): void {
  if (!Number.isInteger(column) || column < 0 || column >= columns) {
    const label = name === undefined ? '' : ` ("${name}")`;
    throw new MlError(
      'out-of-range',
      `Feature column ${column}${label} is out of range: the data has ${columns} columns (0 to ${columns - 1}). ` +
        'The run may have been trained on other features; pick a feature the run has.',
    );
  }
}

export function checkNames(names: readonly string[] | undefined, columns: number): void {
  if (names !== undefined && names.length !== columns) {
    throw new MlError(
      'length-mismatch',
      `${names.length} feature names were given for ${columns} columns: the run's feature list no longer matches its data.`,
    );
  }
}

/** Groups with at least one column each, every column in range, no column in two groups. */
export function checkGroups(groups: readonly FeatureGroup[], columns: number): void {
  const owner = new Map<number, string>();
  for (const group of groups) {
    if (group.columns.length === 0) {
      throw new MlError('bad-option', `The feature group "${group.name}" has no columns.`);
    }
    for (const column of group.columns) {
      checkColumn(column, columns, group.name);
      const other = owner.get(column);
      if (other !== undefined) {
        throw new MlError(
          'bad-option',
          `Column ${column} is in two feature groups ("${other}" and "${group.name}"): a column belongs to one source.`,
        );
      }
      owner.set(column, group.name);
    }
  }
}

export function checkWhole(value: number, name: string, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new MlError('bad-option', `${name} must be a whole number ${range}; got ${value}.`);
  }
}

export function columnName(names: readonly string[] | undefined, column: number): string {
  return names?.[column] ?? `x${column}`;
}
