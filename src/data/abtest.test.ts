import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseAbTest } from '../ml/abtest';
import { SCIPY_REFERENCE } from '../ml/abtest/fixtures/scipy_reference';
import { AppError } from '../lib/errors';
import {
  armsFromAggregates,
  armSummarySql,
  distinctOutcomeSql,
  readArmSummaries,
  type AbTableSpec,
} from './abtest';
import type { SqlEngine } from './engine';
import { quoteIdent } from './sql';
import { createNodeEngine } from './testing/node-engine';

/*
 * The A/B results table read as per-arm sums in DuckDB (DuckDB-WASM in Node), then analysed:
 * checked against statsmodels 0.13.5 / SciPy 1.10.1 values kept in
 * src/ml/abtest/fixtures/scipy_reference.ts (written by src/ml/abtest/reference/abtest_reference.py).
 * The table and its columns have hostile names, so every identifier must be quoted.
 */

const TABLE = 'ab "results"; DROP TABLE x; --';
const ARM = 'arm"; --';
const CONVERTED = "con'verted";
const VALUE = 'value ""';
const SPEC: AbTableSpec = { table: TABLE, arm: ARM, converted: CONVERTED, value: VALUE };

/** Proportions case 2 of the fixture (56 of 70 against 48 of 80); Welch case 1 (40 against 55 values). */
const PROPORTIONS = SCIPY_REFERENCE.proportions[1];
const WELCH = SCIPY_REFERENCE.welch[0];

let engine: SqlEngine;

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e: unknown) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

/** A table of `rows` (arm, converted, value), under `name` with the hostile column names. */
async function table(name: string, rows: readonly (readonly [string | null, unknown, number | null])[]) {
  const lit = (v: unknown): string =>
    v === null ? 'NULL' : typeof v === 'string' ? `'${v.replaceAll("'", "''")}'` : String(v);
  const values = rows.map((r) => `(${r.map(lit).join(', ')})`).join(',\n');
  await engine.exec(
    `CREATE OR REPLACE TABLE ${quoteIdent(name)} AS SELECT * FROM (VALUES ${values}) AS t(${quoteIdent(ARM)}, ${quoteIdent(CONVERTED)}, ${quoteIdent(VALUE)})`,
  );
}

const repeat = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

beforeAll(async () => {
  engine = await createNodeEngine();
});

afterAll(async () => {
  await engine.terminate();
});

describe('the A/B SQL', () => {
  it('quotes every identifier it is given', () => {
    const sql = armSummarySql(SPEC);
    expect(sql).toContain('FROM "ab ""results""; DROP TABLE x; --"');
    expect(sql).toContain('CAST("arm""; --" AS VARCHAR) AS arm');
    expect(sql).toContain(`CAST("con'verted" AS INTEGER) = 1`);
    expect(sql).toContain('fsum(TRY_CAST("value """"" AS DOUBLE))');
    expect(distinctOutcomeSql(SPEC)).toBe(
      `SELECT DISTINCT "con'verted" AS v FROM "ab ""results""; DROP TABLE x; --" ORDER BY 1 NULLS FIRST LIMIT 8`,
    );
    expect(armSummarySql({ ...SPEC, value: null })).not.toContain('value_sum');
  });
});

describe('armsFromAggregates', () => {
  const spec = { ...SPEC, value: null };
  it('maps rows to arms, counts as bigint or number', () => {
    expect(
      armsFromAggregates(
        [
          { arm: 'control', users: 80n, conversions: 48n },
          { arm: 'treatment', users: 70, conversions: 56 },
        ],
        spec,
      ),
    ).toEqual([
      { name: 'control', users: 80, conversions: 48 },
      { name: 'treatment', users: 70, conversions: 56 },
    ]);
    expect(
      armsFromAggregates(
        [
          {
            arm: 'a',
            users: 3,
            conversions: 1,
            value_count: 3,
            value_numbers: 3,
            value_sum: 6,
            value_squares: 14,
          },
        ],
        SPEC,
      ),
    ).toEqual([
      { name: 'a', users: 3, conversions: 1, value: { kind: 'moments', sum: 6, sumOfSquares: 14 } },
    ]);
  });

  it('refuses rows without an arm, too many arms, and missing or non-numeric values', () => {
    expect(() => armsFromAggregates([{ arm: null, users: 4, conversions: 1 }], spec)).toThrow(
      /4 rows of .* have no arm \(NULL in "arm"; --"\)/,
    );
    const many = repeat(21, (i) => ({ arm: `a${i}`, users: 1, conversions: 0 }));
    expect(() => armsFromAggregates(many, spec)).toThrow(/more than 20 values: is it the arm column\?/);
    const row = { arm: 'a', users: 5, conversions: 1, value_sum: 1, value_squares: 1 };
    expect(() => armsFromAggregates([{ ...row, value_count: 3, value_numbers: 3 }], SPEC)).toThrow(
      /2 users of arm a have no value/,
    );
    expect(() => armsFromAggregates([{ ...row, value_count: 5, value_numbers: 4 }], SPEC)).toThrow(
      /1 values of "value """ in arm a are not numbers/,
    );
  });
});

describe('readArmSummaries on DuckDB', () => {
  it('gives the per-arm sums whose analysis matches statsmodels (Newcombe, Wald, z-test) to 1e-9', async () => {
    const [ct, nt] = PROPORTIONS.treatment;
    const [cc, nc] = PROPORTIONS.control;
    await table(TABLE, [
      ...repeat(nt, (i) => ['treatment', i < ct ? 1 : 0, 1] as const),
      ...repeat(nc, (i) => ['control', i < cc ? 1 : 0, 1] as const),
    ]);
    const { arms, sql } = await readArmSummaries(engine, SPEC);
    expect(sql).toBe(armSummarySql(SPEC));
    expect(arms.map((a) => [a.name, a.users, a.conversions])).toEqual([
      ['control', nc, cc],
      ['treatment', nt, ct],
    ]);
    const c = analyseAbTest(arms, { control: 'control', mde: { kind: 'absolute', value: 0.05 } })
      .comparisons[0];
    expect(c?.rate.newcombe.lower).toBeCloseTo(PROPORTIONS.alpha05.newcombe[0], 9);
    expect(c?.rate.newcombe.upper).toBeCloseTo(PROPORTIONS.alpha05.newcombe[1], 9);
    expect(c?.rate.wald.lower).toBeCloseTo(PROPORTIONS.alpha05.wald[0], 9);
    expect(c?.rate.zTest.statistic).toBeCloseTo(PROPORTIONS.z.twoSided[0], 9);
    expect(c?.rate.zTest.pValue).toBeCloseTo(PROPORTIONS.z.twoSided[1], 9);
  });

  it('sums per-user values in SQL whose Welch test matches SciPy to 1e-9', async () => {
    await table(TABLE, [
      ...WELCH.treatment.map((v) => ['B', v > 10 ? 1 : 0, v] as const),
      ...WELCH.control.map((v) => ['A', v > 10 ? 1 : 0, v] as const),
    ]);
    const { arms } = await readArmSummaries(engine, SPEC);
    const c = analyseAbTest(arms, { control: 'A', mde: { kind: 'absolute', value: 0.05 } }).comparisons[0];
    expect(c?.mean?.tTest?.statistic).toBeCloseTo(WELCH.twoSided[0], 9);
    expect(c?.mean?.tTest?.pValue).toBeCloseTo(WELCH.twoSided[1], 9);
    expect(c?.mean?.tTest?.df).toBeCloseTo(WELCH.df, 9);
    expect(c?.mean?.welch.lower).toBeCloseTo(WELCH.ci95[0], 9);
    expect(c?.mean?.welch.upper).toBeCloseTo(WELCH.ci95[1], 9);
  });

  it('reads a boolean or text 0/1 outcome, and refuses any other', async () => {
    await table('flags', [
      ['a', true, 1],
      ['b', false, 2],
      ['b', true, 3],
    ]);
    const { arms } = await readArmSummaries(engine, { ...SPEC, table: 'flags' });
    expect(arms.map((a) => a.conversions)).toEqual([1, 1]);
    await table('scores', [
      ['a', 0, 1],
      ['b', 2, 1],
      ['b', 7, 1],
    ]);
    const e = await rejection(readArmSummaries(engine, { ...SPEC, table: 'scores' }));
    expect(e.code).toBe('bad-input');
    expect(e.message).toMatch(/"con'verted" must be 0 or 1 .* also holds 2, 7/);
    await table('gaps', [
      ['a', null, 1],
      ['b', 1, 1],
    ]);
    expect((await rejection(readArmSummaries(engine, { ...SPEC, table: 'gaps' }))).message).toMatch(
      /has missing values \(NULL\)/,
    );
  });
});
