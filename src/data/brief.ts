import type { Table } from 'apache-arrow';
import { AppError, throwIf, type Problem } from '../lib/errors';
import type { BriefConfig } from '../notebook/types';
import { relationType } from './catalog';
import type { SqlEngine } from './engine';
import { matchPositive } from './features/target';
import { quoteIdent, quoteLiteral } from './sql';

/** What the brief's target looks like in its table, and what the baseline achieves there. */
export type TargetSummary =
  | {
      readonly task: 'binary';
      readonly rows: number;
      /** Rows whose target is NULL: no model can learn from them. */
      readonly missing: number;
      readonly classes: readonly { readonly value: string; readonly count: number }[];
      readonly positive: string;
      readonly positiveRate: number;
      readonly baseline: BinaryBaseline;
    }
  | {
      readonly task: 'regression';
      readonly rows: number;
      readonly missing: number;
      readonly mean: number;
      /** Population standard deviation: the RMSE of always predicting the mean. */
      readonly std: number;
      readonly min: number;
      readonly max: number;
    };

/** The confusion of the baseline's decisions on every row with a target, and its value. */
export interface BinaryBaseline {
  readonly label: string;
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
  /** Expected value per 1,000 cases with the brief's value of each outcome. */
  readonly valuePer1000: number;
}

const OBVIOUS_POSITIVE = ['yes', 'true', '1', 'y'];

function num(table: Table, column: string, row = 0): number {
  const value: unknown = table.getChild(column)?.get(row);
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' ? value : 0;
}

function text(table: Table, column: string, row: number): string {
  const value: unknown = table.getChild(column)?.get(row);
  return value === null || value === undefined ? '' : String(value);
}

/** The positive class: the brief's, or the one value of the pair that plainly means "yes". */
export function positiveClass(brief: BriefConfig, values: readonly string[]): string {
  if (brief.positive.trim() !== '') {
    // "Yes" means true in a Yes/No column the CSV reader typed BOOLEAN; "yes" means "Yes".
    const matched = matchPositive(brief.positive, values);
    if (matched === null) {
      throw new AppError(
        'bad-input',
        `The positive class "${brief.positive}" is not a value of "${brief.target}" (it has ${values.join(', ')}): type one of them.`,
      );
    }
    return matched;
  }
  const obvious = values.find((v) => OBVIOUS_POSITIVE.includes(v.trim().toLowerCase()));
  if (obvious === undefined) {
    throw new AppError(
      'missing-input',
      `Which value of "${brief.target}" is the positive class (${values.join(', ')})? Write it in the brief.`,
    );
  }
  return obvious;
}

/** What keeps a brief's target from being read: no table or target chosen, or a table not made yet (`exists`). */
export function briefInputProblem(brief: BriefConfig, exists: boolean): Problem | null {
  if (brief.input === '' || brief.target === '') {
    return {
      code: 'missing-input',
      message: 'Choose the table the model learns from and its target column.',
    };
  }
  return exists
    ? null
    : {
        code: 'table-missing',
        message: `The table "${brief.input}" does not exist yet. Run the cell that creates it.`,
      };
}

async function checkInput(engine: SqlEngine, brief: BriefConfig, signal?: AbortSignal): Promise<void> {
  const exists = brief.input !== '' && (await relationType(engine, brief.input, signal)) !== null;
  throwIf(briefInputProblem(brief, exists));
}

/**
 * Reads the brief's target in its table: class counts (binary) or spread (regression), rows
 * without a target, and what the baseline (majority class or a SQL rule) achieves, in the
 * brief's values. Throws for a target with one class, no values, or not numbers for regression.
 */
export async function summarizeTarget(
  engine: SqlEngine,
  brief: BriefConfig,
  signal?: AbortSignal,
): Promise<TargetSummary> {
  await checkInput(engine, brief, signal);
  const options = signal ? { signal } : {};
  const t = quoteIdent(brief.target);
  const from = quoteIdent(brief.input);
  if (brief.task === 'regression') {
    const r = await engine.query(
      `SELECT count(*) AS n, count(*) FILTER (WHERE ${t} IS NULL) AS missing, count(TRY_CAST(${t} AS DOUBLE)) AS numbers,
        avg(TRY_CAST(${t} AS DOUBLE)) AS mean, stddev_pop(TRY_CAST(${t} AS DOUBLE)) AS std,
        min(TRY_CAST(${t} AS DOUBLE)) AS lo, max(TRY_CAST(${t} AS DOUBLE)) AS hi FROM ${from}`,
      options,
    );
    const [rows, missing, numbers] = [num(r, 'n'), num(r, 'missing'), num(r, 'numbers')];
    if (numbers === 0) throw new AppError('bad-input', `"${brief.target}" has no numbers to predict.`);
    if (numbers < rows - missing) {
      throw new AppError(
        'bad-input',
        `${rows - missing - numbers} values of "${brief.target}" are not numbers: clean them first (a cast step).`,
      );
    }
    return {
      task: 'regression',
      rows,
      missing,
      mean: num(r, 'mean'),
      std: num(r, 'std'),
      min: num(r, 'lo'),
      max: num(r, 'hi'),
    };
  }
  const counts = await engine.query(
    `SELECT CAST(${t} AS VARCHAR) AS v, count(*) AS n FROM ${from} GROUP BY 1 ORDER BY n DESC, v LIMIT 21`,
    options,
  );
  const all = Array.from({ length: counts.numRows }, (_, i) => ({
    value: text(counts, 'v', i),
    count: num(counts, 'n', i),
  }));
  const missing = all.find((c) => c.value === '')?.count ?? 0;
  const classes = all.filter((c) => c.value !== '');
  if (classes.length < 2) {
    throw new AppError(
      'bad-input',
      `"${brief.target}" has ${classes.length === 0 ? 'no values' : `one class (${classes[0]?.value ?? ''})`}: a classifier needs two.`,
    );
  }
  if (classes.length > 2) {
    throw new AppError(
      'bad-input',
      `"${brief.target}" has ${classes.length > 20 ? 'more than 20' : classes.length} classes: binary classification needs two. Map them to two in a clean step, or choose regression.`,
    );
  }
  const positive = positiveClass(
    brief,
    classes.map((c) => c.value),
  );
  const rows = classes.reduce((a, c) => a + c.count, 0);
  const positives = classes.find((c) => c.value === positive)?.count ?? 0;
  const baseline = await binaryBaseline(engine, brief, positive, positives, rows, signal);
  return {
    task: 'binary',
    rows: rows + missing,
    missing,
    classes,
    positive,
    positiveRate: positives / rows,
    baseline,
  };
}

async function binaryBaseline(
  engine: SqlEngine,
  brief: BriefConfig,
  positive: string,
  positives: number,
  rows: number,
  signal?: AbortSignal,
): Promise<BinaryBaseline> {
  const v = brief.values;
  const value = (tp: number, fp: number, tn: number, fn: number): number =>
    rows === 0 ? 0 : ((tp * v.tp + fp * v.fp + tn * v.tn + fn * v.fn) / rows) * 1000;
  if (brief.baseline.kind !== 'rule') {
    // Predicting the majority class for everyone: act on all when positives are the majority.
    const actAll = positives * 2 > rows;
    const [tp, fp, tn, fn] = actAll
      ? [positives, rows - positives, 0, 0]
      : [0, 0, rows - positives, positives];
    return {
      label: actAll ? 'act on everyone (majority class)' : 'act on no one (majority class)',
      tp,
      fp,
      tn,
      fn,
      valuePer1000: value(tp, fp, tn, fn),
    };
  }
  const t = `CAST(${quoteIdent(brief.target)} AS VARCHAR) = ${quoteLiteral(positive)}`;
  const rule = `COALESCE(CAST((${brief.baseline.sql}\n) AS BOOLEAN), false)`;
  let r: Table;
  try {
    r = await engine.query(
      `SELECT count(*) FILTER (WHERE ${rule} AND ${t}) AS tp, count(*) FILTER (WHERE ${rule} AND NOT ${t}) AS fp,
        count(*) FILTER (WHERE NOT ${rule} AND NOT ${t}) AS tn, count(*) FILTER (WHERE NOT ${rule} AND ${t}) AS fn
      FROM ${quoteIdent(brief.input)} WHERE ${quoteIdent(brief.target)} IS NOT NULL`,
      signal ? { signal } : {},
    );
  } catch (e: unknown) {
    if (e instanceof AppError && e.code === 'cancelled') throw e;
    throw new AppError(
      'sql',
      `The baseline rule does not run: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  const [tp, fp, tn, fn] = ['tp', 'fp', 'tn', 'fn'].map((c) => num(r, c));
  return {
    label: 'the rule',
    tp: tp ?? 0,
    fp: fp ?? 0,
    tn: tn ?? 0,
    fn: fn ?? 0,
    valuePer1000: value(tp ?? 0, fp ?? 0, tn ?? 0, fn ?? 0),
  };
}
