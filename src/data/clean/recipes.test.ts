import { beforeAll, describe, expect, it } from 'vitest';
import { describeRelation } from '../catalog';
import type { SqlEngine } from '../engine';
import { compileSteps } from './compile';
import { fitSteps } from './fit';
import { column, textRows, wasmEngine } from './test-helpers';
import { toStep, type CleanStep, type Recipe } from './types';

// Known answers worked out by hand; the compiled SQL runs on DuckDB-WASM in Node (the browser's build).
const SETUP = `
CREATE TABLE people AS SELECT * FROM (VALUES
  (1, ' Alice ', '1.5', 'Yes', '03/02/2020', 'Paris'),
  (2, 'bob  ' || chr(9) || ' smith', ' 2 ', 'n', '31/12/2021', 'paris '),
  (3, NULL, 'abc', 'maybe', 'bad', 'N/A'),
  (4, 'CAROL', NULL, '1', NULL, ' unknown')
) AS v("id", "first name", "we""ird", "select", "prix €", "città");
CREATE TABLE m AS SELECT * FROM (VALUES (1, 'a', NULL::DOUBLE), (NULL, 'a', NULL), (3, NULL, NULL), (4, 'b', NULL)) AS v(x, s, nothing);
CREATE TABLE nums AS SELECT * FROM (VALUES (-5.0), (1.0), (5.0), (100.0), (NULL)) AS v(v);
CREATE TABLE d AS SELECT * FROM (VALUES (1, 1, 'a'), (1, 2, 'b'), (2, 1, 'c'), (2, 1, 'c'), (3, NULL, 'd'), (3, 5, 'e')) AS v(k, ts, v);
`;

let engine: SqlEngine;
beforeAll(async () => {
  engine = await wasmEngine(SETUP);
});

async function run(table: string, ...recipes: Recipe[]): Promise<Record<string, string | null>[]> {
  const { columns } = await describeRelation(engine, table);
  const steps = await fitSteps(
    engine,
    table,
    columns,
    recipes.map((r, i): CleanStep => toStep(r, `s${i}`)),
  );
  return textRows(engine, compileSteps(table, columns, steps).sql);
}

describe('value recipes', () => {
  it('cast: TRY_CAST to DOUBLE, unparseable text becomes NULL', async () => {
    const rows = await run('people', { recipe: 'cast', column: 'we"ird', to: 'DOUBLE' });
    expect(column(rows, 'we"ird')).toEqual(['1.5', '2.0', null, null]);
  });

  it('cast: BOOLEAN maps yes/no/true/false/y/n/1/0 in any case', async () => {
    const rows = await run('people', { recipe: 'cast', column: 'select', to: 'BOOLEAN' });
    expect(column(rows, 'select')).toEqual(['true', 'false', null, 'true']);
  });

  it('cast: BOOLEAN from numbers compares them as numbers', async () => {
    expect(column(await run('nums', { recipe: 'cast', column: 'v', to: 'BOOLEAN' }), 'v')).toEqual([
      null,
      'true',
      null,
      null,
      null,
    ]);
  });

  it('cast: a cast where every value fails gives an all-NULL column, not an error', async () => {
    const rows = await run('people', { recipe: 'cast', column: 'first name', to: 'INTEGER' });
    expect(column(rows, 'first name')).toEqual([null, null, null, null]);
  });

  it('cast: DATE, TIMESTAMP, BIGINT and VARCHAR', async () => {
    const rows = await run(
      'm',
      { recipe: 'cast', column: 'x', to: 'VARCHAR' },
      { recipe: 'cast', column: 'x', to: 'BIGINT' },
      { recipe: 'cast', column: 's', to: 'DATE' },
    );
    expect(column(rows, 'x')).toEqual(['1', null, '3', '4']);
    expect(column(rows, 's')).toEqual([null, null, null, null]);
    const dates = await textRows(
      engine,
      "SELECT TRY_CAST('2020-01-02' AS DATE) AS d, TRY_CAST('2020-01-02 03:04:05' AS TIMESTAMP) AS t",
    );
    expect(dates).toEqual([{ d: '2020-01-02', t: '2020-01-02 03:04:05' }]);
  });

  it('parse-date: try_strptime, a DATE without a time part and a TIMESTAMP with one', async () => {
    const rows = await run('people', { recipe: 'parse-date', column: 'prix €', format: '%d/%m/%Y' });
    expect(column(rows, 'prix €')).toEqual(['2020-02-03', '2021-12-31', null, null]);
    const { sql } = compileSteps(
      'people',
      [{ name: 'prix €', type: 'VARCHAR' }],
      [toStep({ recipe: 'parse-date', column: 'prix €', format: '%d/%m/%Y %H:%M' }, 'p')],
    );
    expect(sql).toContain(`try_strptime("prix €", '%d/%m/%Y %H:%M') AS "prix €"`);
  });

  it('trim: whitespace (tabs too), then lower-case and collapsed spaces', async () => {
    expect(column(await run('people', { recipe: 'trim', column: 'first name' }), 'first name')).toEqual([
      'Alice',
      'bob  \t smith',
      null,
      'CAROL',
    ]);
    const rows = await run('people', {
      recipe: 'trim',
      column: 'first name',
      lower: true,
      collapseSpaces: true,
    });
    expect(column(rows, 'first name')).toEqual(['alice', 'bob smith', null, 'carol']);
  });

  it('placeholder-null: tokens match trimmed and in any case', async () => {
    const rows = await run('people', {
      recipe: 'placeholder-null',
      column: 'città',
      tokens: ['n/a', 'UNKNOWN '],
    });
    expect(column(rows, 'città')).toEqual(['Paris', 'paris ', null, null]);
  });

  it('merge-categories: mapped values change, others stay', async () => {
    const rows = await run('people', {
      recipe: 'merge-categories',
      column: 'città',
      mapping: { 'paris ': 'Paris' },
    });
    expect(column(rows, 'città')).toEqual(['Paris', 'Paris', 'N/A', ' unknown']);
  });

  it('merge-categories: a coded column becomes text', async () => {
    const rows = await run('d', {
      recipe: 'merge-categories',
      column: 'k',
      mapping: { '1': 'one', '2': 'two' },
    });
    expect(column(rows, 'k')).toEqual(['one', 'one', 'two', 'two', '3', '3']);
  });

  it('clip-outliers: refuses a text column (it would compare as text)', async () => {
    await expect(
      run('people', { recipe: 'clip-outliers', column: 'we"ird', lower: 0, upper: 1 }),
    ).rejects.toThrow('Step 1 (clip "we"ird" outside [0, 1]): "we"ird" is text; cast it to a number first.');
  });

  it('clip-outliers: clip moves values to the bounds and keeps NULLs', async () => {
    const rows = await run('nums', { recipe: 'clip-outliers', column: 'v', lower: 0, upper: 10 });
    expect(column(rows, 'v')).toEqual(['0.0', '1.0', '5.0', '10.0', null]);
  });

  it('clip-outliers: drop removes the rows outside and keeps NULLs', async () => {
    const rows = await run('nums', {
      recipe: 'clip-outliers',
      column: 'v',
      lower: 0,
      upper: 10,
      action: 'drop',
    });
    expect(column(rows, 'v')).toEqual(['1.0', '5.0', null]);
  });
});

describe('impute', () => {
  it('mean (learned by fitSteps) with an indicator column', async () => {
    const rows = await run('m', { recipe: 'impute', column: 'x', method: 'mean', indicator: true });
    expect(column(rows, 'x')).toEqual(['1.0', String(8 / 3), '3.0', '4.0']);
    expect(column(rows, 'x_missing')).toEqual(['false', 'true', 'false', 'false']);
  });

  it('median, mode and constant', async () => {
    expect(column(await run('m', { recipe: 'impute', column: 'x', method: 'median' }), 'x')).toEqual([
      '1',
      '3',
      '3',
      '4',
    ]);
    expect(column(await run('m', { recipe: 'impute', column: 's', method: 'mode' }), 's')).toEqual([
      'a',
      'a',
      'a',
      'b',
    ]);
    const constant = await run('m', {
      recipe: 'impute',
      column: 's',
      method: 'constant',
      value: "it's missing",
    });
    expect(column(constant, 's')).toEqual(['a', 'a', "it's missing", 'b']);
  });

  it('keeps the fitted value in the step, so the SQL is a plain literal', async () => {
    const { columns } = await describeRelation(engine, 'm');
    const [step] = await fitSteps(engine, 'm', columns, [
      toStep({ recipe: 'impute', column: 'x', method: 'mean' }, 'i'),
    ]);
    expect(step).toMatchObject({ fitted: 8 / 3 });
    expect(compileSteps('m', columns, step ? [step] : []).sql).toContain(
      `coalesce("x", CAST(${String(8 / 3)} AS DOUBLE))`,
    );
  });

  it('the mean of an all-NULL column is a clear error naming the step', async () => {
    await expect(run('m', { recipe: 'impute', column: 'nothing', method: 'mean' })).rejects.toThrow(
      /Step 1 \(fill missing "nothing" with the mean\): "nothing" has no values/,
    );
  });

  it('an unfitted step does not compile', () => {
    expect(() =>
      compileSteps(
        'm',
        [{ name: 'x', type: 'INTEGER' }],
        [toStep({ recipe: 'impute', column: 'x', method: 'median' }, 'i')],
      ),
    ).toThrow(/has not been learned yet/);
  });
});

describe('row and column recipes', () => {
  it('dedupe exact drops identical rows', async () => {
    const rows = await run('d', { recipe: 'dedupe', mode: 'exact' });
    expect(rows).toHaveLength(5);
  });

  it('dedupe by key keeps the latest row per key, NULL timestamps last', async () => {
    const rows = await run('d', {
      recipe: 'dedupe',
      mode: 'key',
      keys: ['k'],
      orderBy: 'ts',
      keepLatest: true,
    });
    expect(column(rows, 'v').sort()).toEqual(['b', 'c', 'e']);
  });

  it('filter keeps the rows where the expression is true, also with a trailing comment', async () => {
    expect(column(await run('d', { recipe: 'filter', where: 'k >= 2 AND v <> $$d$$' }), 'v')).toEqual([
      'c',
      'c',
      'e',
    ]);
    expect(column(await run('d', { recipe: 'filter', where: 'k = 1 -- first key;' }), 'v')).toEqual([
      'a',
      'b',
    ]);
  });

  it('drop-columns and rename, with awkward names', async () => {
    const rows = await run(
      'people',
      { recipe: 'drop-columns', columns: ['we"ird', 'prix €'] },
      { recipe: 'rename', from: 'select', to: 'from "where"' },
    );
    expect(Object.keys(rows[0] ?? {})).toEqual(['id', 'first name', 'from "where"', 'città']);
  });

  it('sql: a free query over input, with its own WITH clause', async () => {
    const rows = await run(
      'd',
      {
        recipe: 'sql',
        sql: 'WITH w AS (SELECT * FROM input WHERE k = 3)\nSELECT v, ts * 10 AS t FROM w -- tens;',
      },
      { recipe: 'cast', column: 't', to: 'VARCHAR' },
    );
    expect(rows).toEqual([
      { v: 'd', t: null },
      { v: 'e', t: '50' },
    ]);
  });
});
