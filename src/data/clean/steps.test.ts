import { beforeAll, describe, expect, it } from 'vitest';
import { describeRelation } from '../catalog';
import type { SqlEngine } from '../engine';
import { describeSteps } from './check';
import { compileSteps, convertToSql } from './compile';
import { CleanStepError } from './context';
import { fitSteps } from './fit';
import { column, nativeTextRows, textRows, wasmEngine } from './test-helpers';
import { toStep, type CleanStep, type ColumnSpec, type Recipe } from './types';

const SETUP = `
CREATE TABLE "my ""table""" AS SELECT * FROM (VALUES
  (1, ' Alice ', '1.5', 'Yes', '03/02/2020', 'Paris', 7),
  (2, 'bob', ' 2 ', 'n', '31/12/2021', 'paris ', NULL),
  (3, NULL, 'abc', 'maybe', 'bad', 'N/A', 9),
  (3, NULL, 'abc', 'maybe', 'bad', 'N/A', 9),
  (4, 'CAROL', NULL, '1', NULL, ' unknown', 1000)
) AS v("id", "first name", "we""ird", "select", "prix €", "città", "n");
CREATE TABLE empty AS SELECT * FROM "my ""table""" WHERE false;
`;
const TABLE = 'my "table"';

const RECIPES: Recipe[] = [
  { recipe: 'placeholder-null', column: 'città', tokens: ['n/a', 'unknown'] },
  { recipe: 'trim', column: 'città', lower: true },
  { recipe: 'merge-categories', column: 'città', mapping: { paris: 'Paris' } },
  { recipe: 'cast', column: 'we"ird', to: 'DOUBLE' },
  { recipe: 'cast', column: 'select', to: 'BOOLEAN' },
  { recipe: 'parse-date', column: 'prix €', format: '%d/%m/%Y' },
  { recipe: 'trim', column: 'first name', collapseSpaces: true },
  { recipe: 'impute', column: 'n', method: 'median', indicator: true },
  { recipe: 'clip-outliers', column: 'n', lower: 0, upper: 100 },
  { recipe: 'dedupe', mode: 'exact' },
  { recipe: 'filter', where: '"id" <> 2' },
  { recipe: 'rename', from: 'select', to: 'order' },
  { recipe: 'drop-columns', columns: ['first name'] },
  { recipe: 'sql', sql: 'SELECT * FROM input ORDER BY "id"' },
];
const steps = (recipes: readonly Recipe[]): CleanStep[] => recipes.map((r, i) => toStep(r, `s${i + 1}`));

let engine: SqlEngine;
let columns: ColumnSpec[];
beforeAll(async () => {
  engine = await wasmEngine(SETUP);
  columns = (await describeRelation(engine, TABLE)).columns;
});

describe('compileSteps', () => {
  it('writes one CTE per enabled step under a comment naming it, then the final SELECT', () => {
    const compiled = compileSteps(
      't',
      [{ name: 'a b', type: 'VARCHAR' }],
      [
        toStep({ recipe: 'cast', column: 'a b', to: 'DOUBLE' }, 'one'),
        { ...toStep({ recipe: 'trim', column: 'a b' }, 'off'), enabled: false },
        toStep({ recipe: 'rename', from: 'a b', to: 'c' }, 'two'),
      ],
    );
    expect(compiled.sql).toBe(
      [
        'WITH',
        '-- cast "a b" to DOUBLE',
        'step_1 AS (',
        '  SELECT * REPLACE (TRY_CAST("a b" AS DOUBLE) AS "a b")',
        '  FROM "t"',
        '),',
        '-- rename "a b" to "c"',
        'step_2 AS (',
        '  SELECT * RENAME ("a b" AS "c")',
        '  FROM step_1',
        ')',
        'SELECT *',
        'FROM step_2',
      ].join('\n'),
    );
    expect(compiled.steps).toEqual([
      {
        stepId: 'one',
        sql: 'SELECT * REPLACE (TRY_CAST("a b" AS DOUBLE) AS "a b")\nFROM input',
        outputColumns: [{ name: 'a b', type: 'DOUBLE' }],
      },
      {
        stepId: 'two',
        sql: 'SELECT * RENAME ("a b" AS "c")\nFROM input',
        outputColumns: [{ name: 'c', type: 'DOUBLE' }],
      },
    ]);
  });

  it('with no enabled step, reads the input as it is', () => {
    expect(compileSteps('t', [], []).sql).toBe('SELECT *\nFROM "t"');
  });

  it('tracks columns through rename, drop and indicator columns', async () => {
    const fitted = await fitSteps(engine, TABLE, columns, steps(RECIPES));
    const compiled = compileSteps(TABLE, columns, fitted);
    const names = compiled.steps.map((s) => s.outputColumns?.map((c) => c.name).join(',') ?? null);
    expect(names[7]).toBe('id,first name,we"ird,select,prix €,città,n,n_missing');
    expect(names[12]).toBe('id,we"ird,order,prix €,città,n,n_missing');
    expect(names[13]).toBeNull();
    const described = await describeSteps(engine, TABLE, columns, fitted);
    expect(described.at(-1)?.columns.map((c) => c.name)).toEqual(names[12]?.split(','));
  });

  it('names the step and the column when a column no longer exists', () => {
    const call = () =>
      compileSteps(
        TABLE,
        columns,
        steps([
          { recipe: 'drop-columns', columns: ['città'] },
          { recipe: 'trim', column: 'città' },
        ]),
      );
    expect(call).toThrow(CleanStepError);
    expect(call).toThrow(
      'Step 2 (trim "città"): column "città" does not exist (it was removed by Step 1 (drop "città")).',
    );
    const renamed = () =>
      compileSteps(
        TABLE,
        columns,
        steps([
          { recipe: 'rename', from: 'n', to: 'm' },
          { recipe: 'cast', column: 'n', to: 'DOUBLE' },
        ]),
      );
    expect(renamed).toThrow(
      /Step 2 \(cast "n" to DOUBLE\): column "n" does not exist \(it was removed by Step 1 \(rename/,
    );
    try {
      renamed();
    } catch (e: unknown) {
      expect(e).toMatchObject({ stepId: 's2', column: 'n', code: 'sql' });
    }
  });

  it('a filter with a syntax error: describeSteps names the step, with DuckDB’s error as cause', async () => {
    const list = steps([
      { recipe: 'trim', column: 'città' },
      { recipe: 'filter', where: '"id" >' },
    ]);
    const error = await describeSteps(engine, TABLE, columns, list).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CleanStepError);
    expect(String(error)).toMatch(/Step 2 \(keep rows where "id" >\): Parser Error/);
  });

  it('skips disabled steps, and follows the order of the list', async () => {
    const trim: Recipe = { recipe: 'trim', column: 'città', lower: true };
    const merge: Recipe = { recipe: 'merge-categories', column: 'città', mapping: { paris: 'Paris' } };
    const city = async (list: CleanStep[]) =>
      column(await textRows(engine, compileSteps(TABLE, columns, list).sql), 'città');
    expect(await city(steps([trim, merge]))).toEqual(['Paris', 'Paris', 'n/a', 'n/a', 'unknown']);
    expect(await city(steps([merge, trim]))).toEqual(['paris', 'paris', 'n/a', 'n/a', 'unknown']);
    const [first, second] = steps([trim, merge]);
    expect(first && second && (await city([{ ...first, enabled: false }, second]))).toEqual([
      'Paris',
      'paris ',
      'N/A',
      'N/A',
      ' unknown',
    ]);
  });

  it('a step converted to SQL gives the same rows', async () => {
    const list = await fitSteps(engine, TABLE, columns, steps(RECIPES));
    const before = await textRows(engine, compileSteps(TABLE, columns, list).sql);
    let converted: CleanStep[] = list;
    for (const step of list) converted = convertToSql(TABLE, columns, converted, step.id);
    expect(converted.every((s) => s.recipe === 'sql')).toBe(true);
    expect(await textRows(engine, compileSteps(TABLE, columns, converted).sql)).toEqual(before);
  });

  it('runs on an empty table', async () => {
    const fitFree = RECIPES.map((r): Recipe =>
      r.recipe === 'impute' ? { ...r, method: 'constant', value: 0 } : r,
    );
    const { sql } = compileSteps('empty', columns, steps(fitFree));
    expect(await textRows(engine, sql)).toEqual([]);
    await expect(fitSteps(engine, 'empty', columns, steps(RECIPES))).rejects.toThrow(
      /no values \(all NULL, or no rows\)/,
    );
  });

  it('runs unchanged in native DuckDB, with the same rows as DuckDB-WASM', async () => {
    const { sql } = compileSteps(TABLE, columns, await fitSteps(engine, TABLE, columns, steps(RECIPES)));
    const wasm = await textRows(engine, sql);
    expect(wasm).toEqual([
      {
        id: '1',
        'we"ird': '1.5',
        order: 'true',
        'prix €': '2020-02-03',
        città: 'Paris',
        n: '7',
        n_missing: 'false',
      },
      { id: '3', 'we"ird': null, order: null, 'prix €': null, città: null, n: '9', n_missing: 'false' },
      { id: '4', 'we"ird': null, order: 'true', 'prix €': null, città: null, n: '100', n_missing: 'false' },
    ]);
    expect(await nativeTextRows(SETUP, sql)).toEqual(wasm);
  });
});
