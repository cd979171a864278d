import type { Table } from 'apache-arrow';
import { AppError } from '../lib/errors';
import { checkBinaryOutcome, type ArmSummary } from '../ml/abtest';
import { MlError } from '../ml/metrics/errors';
import type { SqlEngine } from './engine';
import { quoteIdent } from './sql';

/*
 * An A/B results table read through DuckDB: one aggregate query gives each arm's users,
 * conversions and the sums of its per-user values, so no row reaches JavaScript. The statistics
 * (ml/abtest) take the per-arm sums as they are.
 */

/** The results table and its columns: arm, 0/1 outcome, optional per-user value. */
export interface AbTableSpec {
  readonly table: string;
  readonly arm: string;
  readonly converted: string;
  readonly value: string | null;
}

/** Above this many arms the column is probably not the arm (an id, a date). */
export const MAX_ARMS = 20;
/** Distinct outcome values read to check that it is 0/1: enough to name a few bad ones. */
const DISTINCT_SHOWN = 8;

/** The outcome's distinct values, at most a few: checkBinaryOutcome reads them. */
export function distinctOutcomeSql(spec: AbTableSpec): string {
  const c = quoteIdent(spec.converted);
  return `SELECT DISTINCT ${c} AS v FROM ${quoteIdent(spec.table)} ORDER BY 1 NULLS FIRST LIMIT ${DISTINCT_SHOWN}`;
}

/**
 * Per arm: users, conversions and, with a value column, how many values there are, how many are
 * numbers, their sum and their sum of squares (Kahan-summed: `fsum`). Arms sorted by name; one
 * more than MAX_ARMS so that too many can be told.
 */
export function armSummarySql(spec: AbTableSpec): string {
  const c = quoteIdent(spec.converted);
  const columns = [
    `CAST(${quoteIdent(spec.arm)} AS VARCHAR) AS arm`,
    'count(*) AS users',
    `count(*) FILTER (WHERE CAST(${c} AS INTEGER) = 1) AS conversions`,
  ];
  if (spec.value !== null) {
    const v = quoteIdent(spec.value);
    const x = `TRY_CAST(${v} AS DOUBLE)`;
    columns.push(
      `count(${v}) AS value_count`,
      `count(${x}) AS value_numbers`,
      `fsum(${x}) AS value_sum`,
      `fsum(${x} * ${x}) AS value_squares`,
    );
  }
  return `SELECT ${columns.join(', ')} FROM ${quoteIdent(spec.table)} GROUP BY 1 ORDER BY 1 NULLS FIRST LIMIT ${MAX_ARMS + 1}`;
}

/** A cell of a query result as a plain number (DuckDB's counts may come as bigint). */
function numberOf(row: Readonly<Record<string, unknown>>, key: string): number {
  const raw = row[key];
  const value = typeof raw === 'bigint' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AppError('internal', `The per-arm sums have no number for ${key}.`);
  }
  return value;
}

/**
 * The rows of armSummarySql as the arms the analysis reads, or an AppError that says what is
 * wrong with the table: rows without an arm, too many arms, values that are missing or not numbers.
 */
export function armsFromAggregates(
  rows: readonly Readonly<Record<string, unknown>>[],
  spec: AbTableSpec,
): ArmSummary[] {
  if (rows.length > MAX_ARMS) {
    throw new AppError(
      'bad-input',
      `"${spec.arm}" has more than ${MAX_ARMS} values: is it the arm column? Choose the column that names each user's arm.`,
    );
  }
  return rows.map((row) => {
    const name = row['arm'];
    const users = numberOf(row, 'users');
    if (name === null || name === undefined) {
      throw new AppError(
        'bad-input',
        `${users} rows of "${spec.table}" have no arm (NULL in "${spec.arm}"). Leave them out or assign them in SQL, then run again.`,
      );
    }
    const arm = { name: String(name), users, conversions: numberOf(row, 'conversions') };
    if (spec.value === null) return arm;
    const count = numberOf(row, 'value_count');
    const numbers = numberOf(row, 'value_numbers');
    if (count < users) {
      throw new AppError(
        'bad-input',
        `${users - count} users of arm ${arm.name} have no value (NULL in "${spec.value}"). Fill them in SQL (coalesce to 0 for no revenue), or analyse without a value column.`,
      );
    }
    if (numbers < count) {
      throw new AppError(
        'bad-input',
        `${count - numbers} values of "${spec.value}" in arm ${arm.name} are not numbers. Choose a numeric value column, or cast it in SQL.`,
      );
    }
    const sum = numberOf(row, 'value_sum');
    const sumOfSquares = numberOf(row, 'value_squares');
    return { ...arm, value: { kind: 'moments', sum, sumOfSquares } };
  });
}

/** The rows of a small result as records (column name → value). */
export function recordsOf(table: Table): Record<string, unknown>[] {
  const names = table.schema.fields.map((f) => f.name);
  return Array.from({ length: table.numRows }, (_, i) =>
    Object.fromEntries(names.map((n): [string, unknown] => [n, table.getChild(n)?.get(i)])),
  );
}

/** An ml/abtest refusal as the error a person sees on the cell. */
export function abError(e: unknown): unknown {
  return e instanceof MlError ? new AppError('bad-input', e.message, { cause: e }) : e;
}

/**
 * Each arm's users, conversions and value sums, read with two aggregate queries: the outcome's
 * distinct values (it must be 0/1), then the sums per arm. Returns the arms and the SQL that made them.
 */
export async function readArmSummaries(
  engine: SqlEngine,
  spec: AbTableSpec,
  signal?: AbortSignal,
): Promise<{ arms: ArmSummary[]; sql: string }> {
  const options = signal ? { signal } : {};
  const distinct = recordsOf(await engine.query(distinctOutcomeSql(spec), options)).map((r) => r['v']);
  try {
    checkBinaryOutcome(distinct, `"${spec.converted}"`);
  } catch (e: unknown) {
    throw abError(e);
  }
  const sql = armSummarySql(spec);
  const arms = armsFromAggregates(recordsOf(await engine.query(sql, options)), spec);
  return { arms, sql };
}
