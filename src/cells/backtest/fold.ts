import type { SqlEngine } from '../../data/engine';
import {
  BASELINE_COLUMN,
  compileFeatures,
  fitFeatures,
  readMatrix,
  ROW_ID_COLUMN,
  type FeatureMatrix,
  type FeatureSpec,
} from '../../data/features';
import { SPLIT } from '../../data/split';
import { quoteIdent } from '../../data/sql';
import { AppError } from '../../lib/errors';
import type { Task } from '../../notebook/types';
import { featuresRowsSql } from '../shared/features-table';
import { foldRowsSql } from './data';
import { permuteRows, rowIdOrder } from './order';
import type { FoldPositions } from './plan';

/*
 * One fold's data: its rows split into train and test, the features fitted on its training rows
 * only (the Features cell's encodings, refitted), compiled to SQL and read as one matrix.
 */

export interface FoldData {
  /** The spec as fitted on this fold's training rows. */
  readonly fitted: FeatureSpec;
  /** The query that made the fold's features (the Features cell's SQL with this fold's fitted values). */
  readonly sql: string;
  readonly featureNames: readonly string[];
  /** rows × features, row-major, in `__row_id` order. */
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly rowIds: Int32Array | Float64Array;
  /** Positions (into the rows above) of the training and test rows, ascending. */
  readonly train: Int32Array;
  readonly test: Int32Array;
  /** The brief's rule's decision on every row, or null when the brief has no rule. */
  readonly rule: Float32Array | null;
  /**
   * Multiclass: the classes learned from this fold's training rows; `y` holds their indices and
   * each run scores k probabilities per row in this order. Null for binary and regression.
   */
  readonly classes: readonly string[] | null;
}

export interface FoldInput {
  readonly engine: SqlEngine;
  /** The run's table of timed rows (`timedRows`). */
  readonly table: string;
  /** The Features cell's encodings against the brief's target, unfitted. */
  readonly spec: FeatureSpec;
  readonly rule: string;
  readonly task: Task;
  readonly signal: AbortSignal;
}

const positivesOf = (y: Float32Array, rows: Int32Array): number =>
  rows.reduce((n, i) => n + (y[i] === 1 ? 1 : 0), 0);

/** Refuses a binary fold whose training or test rows have one class only, naming the fold. */
export function checkClasses(label: string, y: Float32Array, train: Int32Array, test: Int32Array): void {
  for (const [side, rows] of [
    ['training', train],
    ['test', test],
  ] as const) {
    const positives = positivesOf(y, rows);
    if (positives === 0 || positives === rows.length) {
      throw new AppError(
        'bad-input',
        `Fold ${label}: its ${rows.length.toLocaleString('en-US')} ${side} rows have ${positives === 0 ? 'no positive' : 'only positive'} rows, so ${side === 'training' ? 'no classifier can learn' : 'the metric is undefined'} there. Use longer periods or fewer folds.`,
      );
    }
  }
}

/** The matrix with its rows (features, target, row id) in row id order. */
function inRowIdOrder(m: FeatureMatrix): FeatureMatrix {
  const order = rowIdOrder(m.rowIds);
  if (order === null) return m;
  const rowIds =
    m.rowIds instanceof Int32Array
      ? permuteRows(m.rowIds, 1, order, new Int32Array(m.rows))
      : permuteRows(m.rowIds, 1, order, new Float64Array(m.rows));
  return {
    ...m,
    x: permuteRows(m.x, m.features, order, new Float32Array(m.x.length)),
    y: permuteRows(m.y, 1, order, new Float32Array(m.rows)),
    rowIds,
  };
}

/** Fits, compiles and reads one fold; the fold's table is dropped afterwards. */
export async function foldData(input: FoldInput, label: string, positions: FoldPositions): Promise<FoldData> {
  const { engine, signal } = input;
  const table = `${input.table}_fold`;
  const made = `${input.table}_fold_features`;
  await engine.exec(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS\n${foldRowsSql(input.table, positions.train, positions.test)}`,
    { signal },
  );
  try {
    let fitted: FeatureSpec;
    try {
      fitted = await fitFeatures(engine, table, input.spec, {
        trainWhere: `${quoteIdent(SPLIT)} = 'train'`,
        signal,
      });
    } catch (e: unknown) {
      if (e instanceof AppError && e.code === 'bad-input') {
        throw new AppError('bad-input', `Fold ${label}: ${e.message}`, { cause: e });
      }
      throw e;
    }
    const compiled = compileFeatures(fitted, table, { rowId: ROW_ID_COLUMN });
    // Made once and read twice (the matrix, then the sides and the rule), rather than computed
    // twice; unordered, and put in row id order here (featuresRowsSql says why).
    await engine.exec(
      `CREATE OR REPLACE TEMP TABLE ${quoteIdent(made)} AS\n${featuresRowsSql(compiled, table, input.rule)}`,
      { signal },
    );
    const read = await readMatrix(engine, `SELECT * FROM ${quoteIdent(made)}`, compiled.columns, { signal });
    const sides = await engine.query(
      `SELECT CAST(${quoteIdent(ROW_ID_COLUMN)} AS DOUBLE) AS id, CAST(${quoteIdent(SPLIT)} = 'validation' AS TINYINT) AS v${input.rule === '' ? '' : `, CAST(${quoteIdent(BASELINE_COLUMN)} AS DOUBLE) AS rule`} FROM ${quoteIdent(made)}`,
      { signal },
    );
    const ids: unknown = sides.getChild('id')?.toArray();
    const readSide: unknown = sides.getChild('v')?.toArray();
    const readRule: unknown = input.rule === '' ? null : sides.getChild('rule')?.toArray();
    if (
      !(ids instanceof Float64Array) ||
      !(readSide instanceof Int8Array) ||
      !(readRule === null || readRule instanceof Float64Array) ||
      readSide.length !== read.rows
    ) {
      throw new AppError('internal', `Could not read the sides of fold ${label}.`);
    }
    const matrix = inRowIdOrder(read);
    const order = rowIdOrder(ids);
    const side = order === null ? readSide : permuteRows(readSide, 1, order, new Int8Array(read.rows));
    const rule =
      readRule === null || order === null
        ? readRule
        : permuteRows(readRule, 1, order, new Float64Array(read.rows));
    const sortedIds = order === null ? ids : permuteRows(ids, 1, order, new Float64Array(read.rows));
    if (sortedIds.some((id, i) => id !== matrix.rowIds[i])) {
      throw new AppError('internal', `The sides of fold ${label} do not match its rows.`);
    }
    const at = (wanted: number) => Int32Array.from(side.keys()).filter((i) => side[i] === wanted);
    const train = at(0);
    const test = at(1);
    if (input.task === 'binary') checkClasses(label, matrix.y, train, test);
    return {
      fitted,
      sql: compiled.sql,
      featureNames: compiled.columns,
      x: matrix.x,
      y: matrix.y,
      rowIds: matrix.rowIds,
      train,
      test,
      rule: rule === null ? null : Float32Array.from(rule),
      classes: input.task === 'multiclass' ? (fitted.classes ?? null) : null,
    };
  } finally {
    for (const t of [made, table])
      await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(t)}`).catch(() => undefined);
  }
}
