import type { Table } from 'apache-arrow';
import { AppError } from '../../lib/errors';
import type { SqlEngine } from '../engine';
import { quoteIdent } from '../sql';
import { ROW_ID_COLUMN, TARGET_COLUMN } from './types';

export interface FeatureMatrix {
  /** rows × features, row-major: feature j of row i is x[i * features + j]. */
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly rowIds: Int32Array | Float64Array;
  readonly rows: number;
  readonly features: number;
}

export interface ReadMatrixOptions {
  readonly signal?: AbortSignal;
}

function matrixError(message: string): AppError {
  return new AppError('bad-input', message);
}

/** An Arrow column's values as doubles, whatever numeric type it came as; null if it is not numeric. */
function asDoubles(values: unknown): Float64Array | null {
  if (values instanceof Float64Array) return values;
  if (values instanceof BigInt64Array || values instanceof BigUint64Array)
    return Float64Array.from(values, Number);
  if (
    values instanceof Float32Array ||
    values instanceof Int32Array ||
    values instanceof Int16Array ||
    values instanceof Int8Array ||
    values instanceof Uint32Array ||
    values instanceof Uint16Array ||
    values instanceof Uint8Array
  ) {
    return Float64Array.from(values);
  }
  return null;
}

/** One column of the result, checked: numeric, no NULL, no NaN or infinity. */
function readColumn(result: Table, name: string): Float64Array {
  const vector = result.getChild(name);
  if (vector === null) throw matrixError(`The feature query has no column "${name}".`);
  if (vector.nullCount > 0) {
    throw matrixError(
      `"${name}" has ${vector.nullCount} missing values: impute it, drop the rows, or choose another encoding.`,
    );
  }
  const toArray: unknown = vector.toArray();
  const values = asDoubles(toArray);
  if (values === null) throw matrixError(`"${name}" is not numeric (it is ${String(vector.type)}).`);
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw matrixError(
      `"${name}" is ${values[bad]} on row ${bad + 1}: every feature must be a finite number.`,
    );
  }
  return values;
}

function rowIdArray(values: Float64Array): Int32Array | Float64Array {
  const fitsInt32 = values.every((v) => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31);
  return fitsInt32 ? Int32Array.from(values) : values;
}

/**
 * Runs a compiled feature query and reads its result column by column into one row-major
 * Float32Array (the training worker's input), the target and the row ids. Throws an AppError
 * naming the column for a NULL, NaN or infinite value.
 */
export async function readMatrix(
  engine: SqlEngine,
  sql: string,
  columns: readonly string[],
  options: ReadMatrixOptions = {},
): Promise<FeatureMatrix> {
  const wanted = [ROW_ID_COLUMN, TARGET_COLUMN, ...columns].map(quoteIdent).join(', ');
  const result = await engine.query(
    `SELECT ${wanted} FROM (${sql}\n) AS features`,
    options.signal ? { signal: options.signal } : {},
  );
  const rows = result.numRows;
  const features = columns.length;
  const x = new Float32Array(rows * features);
  columns.forEach((name, j) => {
    const values = readColumn(result, name);
    for (let i = 0; i < rows; i++) x[i * features + j] = values[i] ?? 0;
  });
  const y = Float32Array.from(readColumn(result, TARGET_COLUMN));
  return { x, y, rowIds: rowIdArray(readColumn(result, ROW_ID_COLUMN)), rows, features };
}

/** Features to score: the matrix and row ids of a scoring query (`compileScoringFeatures`), no target. */
export interface ScoringMatrix {
  readonly x: Float32Array;
  readonly rowIds: Int32Array | Float64Array;
  readonly rows: number;
  readonly features: number;
}

/**
 * Runs a scoring feature query and reads it as `readMatrix` does (one row-major Float32Array,
 * the model's input), without a target. A NULL, NaN or infinite feature is an error naming the
 * column: the input check (src/notebook/bundle/check.ts) stops such rows before they get here.
 */
export async function readScoringMatrix(
  engine: SqlEngine,
  sql: string,
  columns: readonly string[],
  options: ReadMatrixOptions = {},
): Promise<ScoringMatrix> {
  const wanted = [ROW_ID_COLUMN, ...columns].map(quoteIdent).join(', ');
  const result = await engine.query(
    `SELECT ${wanted} FROM (${sql}\n) AS features`,
    options.signal ? { signal: options.signal } : {},
  );
  const rows = result.numRows;
  const features = columns.length;
  const x = new Float32Array(rows * features);
  columns.forEach((name, j) => {
    const values = readColumn(result, name);
    for (let i = 0; i < rows; i++) x[i * features + j] = values[i] ?? 0;
  });
  return { x, rowIds: rowIdArray(readColumn(result, ROW_ID_COLUMN)), rows, features };
}
