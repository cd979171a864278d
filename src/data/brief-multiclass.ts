import type { Table } from 'apache-arrow';
import { AppError } from '../lib/errors';
import { MAX_CLASSES, MlError } from '../ml/metrics';
import { defaultCostMatrix, parseCostMatrix } from '../ml/value';
import type { BriefConfig } from '../notebook/types';
import type { SqlEngine } from './engine';
import { quoteIdent } from './sql';

/*
 * The brief of a multiclass target (3 to 50 classes): its classes, the order the cost matrix and
 * every model use (sorted by code point, as `classesOf` sorts text), and what predicting the
 * majority class achieves, in accuracy and in cost under the brief's matrix.
 */

export interface ClassCount {
  readonly value: string;
  readonly count: number;
}

/** The baseline of a multiclass brief: the majority class for every row. */
export interface MulticlassBaseline {
  readonly label: string;
  readonly majority: string;
  /** Share of the rows with a target that are of the majority class. */
  readonly accuracy: number;
  /** Cost per 1,000 cases under the brief's cost matrix (the default counts errors). */
  readonly costPer1000: number;
}

export interface MulticlassSummary {
  readonly task: 'multiclass';
  readonly rows: number;
  /** Rows whose target is NULL: left out of training and evaluation. */
  readonly missing: number;
  /** Largest first. */
  readonly classes: readonly ClassCount[];
  /** The classes sorted: rows and columns of the cost matrix, class indices of the models. */
  readonly order: readonly string[];
  readonly costs: number[][];
  readonly baseline: MulticlassBaseline;
}

/** Code point order, as `classesOf` sorts text labels (numpy's `np.unique` on strings). */
export function classOrder(values: readonly string[]): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The brief's cost matrix for `order` (its own, or the default: 0 on the diagonal, 1 elsewhere);
 * AppError('bad-input') naming the cell that is missing or not a number.
 */
export function briefCostMatrix(brief: BriefConfig, order: readonly string[]): number[][] {
  if (brief.costs === null) return defaultCostMatrix(order.length);
  try {
    return parseCostMatrix(brief.costs, order);
  } catch (e: unknown) {
    if (e instanceof MlError)
      throw new AppError('bad-input', `${e.message} Fix it in the Brief cell.`, { cause: e });
    throw e;
  }
}

const shown = (classes: readonly ClassCount[]): string =>
  classes
    .slice(0, 10)
    .map((c) => `${c.value} (${c.count.toLocaleString('en-US')})`)
    .join(', ');

/** Refuses 1 class, 2 (binary's job) and more than 50, the largest shown with what to do. */
export function classCountProblem(
  target: string,
  classes: readonly ClassCount[],
  distinct: number,
): string | null {
  if (distinct === 0) return `"${target}" has no values: there is nothing to predict.`;
  if (distinct === 1) {
    return `"${target}" has one class (${classes[0]?.value ?? ''}): a classifier needs at least two. Check the table and the filters above.`;
  }
  if (distinct === 2) {
    return `"${target}" has two classes (${shown(classes)}): choose the binary task in the brief.`;
  }
  if (distinct > MAX_CLASSES) {
    return `"${target}" has ${distinct.toLocaleString('en-US')} classes; a multiclass model takes at most ${MAX_CLASSES}. Group the rare ones in a clean cell (CASE WHEN … THEN ${quoteIdent(target)} ELSE 'other' END). The largest: ${shown(classes)}.`;
  }
  return null;
}

function num(table: Table, column: string, row = 0): number {
  const value: unknown = table.getChild(column)?.get(row);
  return typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : 0;
}

/** Reads a multiclass target in its table; AppError('bad-input') for a class count it cannot model. */
export async function summarizeMulticlass(
  engine: SqlEngine,
  brief: BriefConfig,
  signal?: AbortSignal,
): Promise<MulticlassSummary> {
  const options = signal ? { signal } : {};
  const t = quoteIdent(brief.target);
  const from = quoteIdent(brief.input);
  if (brief.baseline.kind === 'rule') {
    throw new AppError(
      'bad-input',
      'A multiclass brief compares with the majority class; a SQL rule as baseline is for binary targets. Choose "majority class".',
    );
  }
  const totals = await engine.query(
    `SELECT count(*) AS n, count(*) FILTER (WHERE ${t} IS NULL) AS missing, count(DISTINCT CAST(${t} AS VARCHAR)) AS k FROM ${from}`,
    options,
  );
  const counts = await engine.query(
    `SELECT CAST(${t} AS VARCHAR) AS v, count(*) AS n FROM ${from} WHERE ${t} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT ${MAX_CLASSES + 1}`,
    options,
  );
  const classes: ClassCount[] = Array.from({ length: counts.numRows }, (_, i) => ({
    value: String(counts.getChild('v')?.get(i) ?? ''),
    count: num(counts, 'n', i),
  }));
  const problem = classCountProblem(brief.target, classes, num(totals, 'k'));
  if (problem !== null) throw new AppError('bad-input', problem);
  const order = classOrder(classes.map((c) => c.value));
  const costs = briefCostMatrix(brief, order);
  const labelled = classes.reduce((s, c) => s + c.count, 0);
  const majority = classes[0] ?? { value: '', count: 0 };
  const m = order.indexOf(majority.value);
  const cost = classes.reduce((s, c) => s + c.count * (costs[order.indexOf(c.value)]?.[m] ?? 0), 0);
  return {
    task: 'multiclass',
    rows: num(totals, 'n'),
    missing: num(totals, 'missing'),
    classes,
    order,
    costs,
    baseline: {
      label: `majority class (${majority.value})`,
      majority: majority.value,
      accuracy: majority.count / labelled,
      costPer1000: (cost / labelled) * 1000,
    },
  };
}
