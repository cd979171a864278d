import { AppError, assertNever } from '../lib/errors';
import type { SplitSpec } from '../notebook/types';
import type { SqlEngine } from './engine';
import { quoteIdent, quoteLiteral } from './sql';

/** The columns every split table adds to its input. */
export const ROW_ID = '__row_id';
export const SPLIT = '__split';

function checkShare(share: number): void {
  if (!(share > 0 && share < 1)) {
    throw new AppError('bad-input', `The validation share must be between 0 and 1, not ${share}.`);
  }
}

function seedOf(seed: number): string {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new AppError('bad-input', `The seed must be a whole number ≥ 0, not ${seed}.`);
  }
  return String(seed);
}

/** The CASE that says which side a row is on, over `numbered` (the input with its row number). */
function sideSql(spec: SplitSpec, target: string): string {
  const validation = (condition: string): string =>
    `CASE WHEN ${condition} THEN 'validation' ELSE 'train' END`;
  switch (spec.kind) {
    case 'random': {
      checkShare(spec.validationShare);
      const key = `hash(${ROW_ID}, ${seedOf(spec.seed)})`;
      return validation(
        `row_number() OVER (ORDER BY ${key}, ${ROW_ID}) <= round(${spec.validationShare} * count(*) OVER ())`,
      );
    }
    case 'stratified': {
      checkShare(spec.validationShare);
      const key = `hash(${ROW_ID}, ${seedOf(spec.seed)})`;
      const by = `PARTITION BY ${quoteIdent(target)}`;
      return validation(
        `row_number() OVER (${by} ORDER BY ${key}, ${ROW_ID}) <= round(${spec.validationShare} * count(*) OVER (${by}))`,
      );
    }
    case 'group': {
      checkShare(spec.validationShare);
      const group = `CAST(${quoteIdent(spec.column)} AS VARCHAR)`;
      // Whole groups: a group's hash decides its side, so no group is on both.
      return validation(
        `hash(${group}, ${seedOf(spec.seed)}) % 1000000 < ${Math.round(spec.validationShare * 1_000_000)}`,
      );
    }
    case 'time':
      return validation(`${quoteIdent(spec.column)} >= ${quoteLiteral(spec.cutoff)}`);
    default:
      return assertNever(spec);
  }
}

/**
 * Every column of `table` and its row number `as` (1, 2, … in table order): the one numbering that
 * the split's `__row_id` uses, so that other queries (an evaluate cell's slices) can join rows of a
 * predictions table back to the table they came from.
 */
export function numberedRowsSql(table: string, as: string = ROW_ID): string {
  return `SELECT *, row_number() OVER () AS ${quoteIdent(as)} FROM ${quoteIdent(table)}`;
}

/**
 * A query over `table` with every column, a row number `__row_id` (table order) and `__split`
 * ('train' or 'validation'). Rows are ordered by a seeded hash, so the split is the same on every
 * run and in native DuckDB. Stratified keeps each class's share within one row.
 */
export function splitSql(table: string, spec: SplitSpec, target: string): string {
  return [
    `WITH numbered AS (${numberedRowsSql(table)})`,
    `SELECT *, ${sideSql(spec, target)} AS ${SPLIT}`,
    'FROM numbered',
    `ORDER BY ${ROW_ID}`,
  ].join('\n');
}

/** Refuses splits that cannot work on this table: a time column with NULLs or no rows on a side. */
export async function checkSplit(
  engine: SqlEngine,
  relation: string,
  spec: SplitSpec,
  signal?: AbortSignal,
): Promise<{ train: number; validation: number }> {
  const options = signal ? { signal } : {};
  if (spec.kind === 'time' || spec.kind === 'group') {
    const col = quoteIdent(spec.column);
    const r = await engine.query(
      `SELECT count(*) FILTER (WHERE ${col} IS NULL) AS n FROM ${quoteIdent(relation)}`,
      options,
    );
    const nulls = Number(r.getChild('n')?.get(0) ?? 0);
    if (nulls > 0) {
      throw new AppError(
        'bad-input',
        `${nulls} rows have no ${spec.kind === 'time' ? 'time' : 'group'} in "${spec.column}": fill or filter them before splitting on it.`,
      );
    }
  }
  const r = await engine.query(
    `SELECT count(*) FILTER (WHERE ${SPLIT} = 'train') AS train, count(*) FILTER (WHERE ${SPLIT} = 'validation') AS validation FROM ${quoteIdent(relation)}`,
    options,
  );
  const train = Number(r.getChild('train')?.get(0) ?? 0);
  const validation = Number(r.getChild('validation')?.get(0) ?? 0);
  if (train === 0 || validation === 0) {
    throw new AppError(
      'bad-input',
      `The split leaves ${train === 0 ? 'no training rows' : 'no validation rows'} (${train} train, ${validation} validation): change the share or the cutoff.`,
    );
  }
  return { train, validation };
}
