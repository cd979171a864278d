import { beforeAll, describe, expect, it } from 'vitest';
import { describeRelation } from '../catalog';
import type { SqlEngine } from '../engine';
import { CleanStepError } from './context';
import { everyValueLost, stepReport } from './report';
import { wasmEngine } from './test-helpers';
import { toStep, type CleanStep, type ColumnSpec, type Recipe } from './types';

const SETUP = `
CREATE TABLE t AS SELECT * FROM (VALUES
  (1, '1.50', '2020-01-31', ' a', 'x'),
  (2, 'oops', '2020-02-30', 'b ', 'x'),
  (3, NULL, NULL, 'c', 'y'),
  (4, 'oops', 'soon', 'd', 'y'),
  (4, 'oops', 'soon', 'd', 'y')
) AS v("id", "amount €", "when", "label", "group");
CREATE TABLE empty AS SELECT * FROM t WHERE false;
`;

let engine: SqlEngine;
let columns: ColumnSpec[];
beforeAll(async () => {
  engine = await wasmEngine(SETUP);
  columns = (await describeRelation(engine, 't')).columns;
});

const steps = (recipes: readonly Recipe[]): CleanStep[] => recipes.map((r, i) => toStep(r, `s${i + 1}`));

describe('stepReport', () => {
  it('cast: rows, values changed (as text) and the values that failed, most frequent first', async () => {
    const report = await stepReport(
      engine,
      't',
      columns,
      steps([{ recipe: 'cast', column: 'amount €', to: 'DOUBLE' }]),
      0,
    );
    expect(report).toEqual({
      stepId: 's1',
      enabled: true,
      rowsBefore: 5,
      rowsAfter: 5,
      column: 'amount €',
      valuesChanged: 4,
      failed: { count: 3, nonNullBefore: 4, fraction: 0.75, examples: [{ value: 'oops', count: 3 }] },
    });
  });

  it('a date format that matches nothing: 100% failed', async () => {
    const list = steps([{ recipe: 'parse-date', column: 'when', format: '%d.%m.%Y' }]);
    const report = await stepReport(engine, 't', columns, list, 0);
    expect(report.failed).toMatchObject({ count: 4, nonNullBefore: 4, fraction: 1 });
    expect(report.failed?.examples.map((e) => e.value)).toEqual(['soon', '2020-01-31', '2020-02-30']);
    // A step that lost every value is an error that names the step, examples and what to do.
    const lost = everyValueLost(list, [report]);
    expect(lost?.code).toBe('values-lost');
    expect(lost?.message).toBe(
      'Step 1 (parse "when" with format %d.%m.%Y) turned all 4 values of "when" into NULL (for example "soon", "2020-01-31", "2020-02-30"). ' +
        'The format %d.%m.%Y matches none of them: pick the format the values are written in (Detect suggests one), or remove the step.',
    );
  });

  it('a step that converts some values is not an error, nor is a column that was all NULL', async () => {
    const some = steps([{ recipe: 'parse-date', column: 'when', format: '%Y-%m-%d' }]);
    expect(everyValueLost(some, [await stepReport(engine, 't', columns, some, 0)])).toBeNull();
    const nothing = steps([{ recipe: 'cast', column: 'amount €', to: 'DOUBLE' }]);
    expect(everyValueLost(nothing, [await stepReport(engine, 'empty', columns, nothing, 0)])).toBeNull();
  });

  it('reports the step at its place in the chain, pairing rows through a filter', async () => {
    const list = steps([
      { recipe: 'filter', where: 'id > 1' },
      { recipe: 'trim', column: 'label' },
      { recipe: 'dedupe', mode: 'exact' },
    ]);
    expect(await stepReport(engine, 't', columns, list, 0)).toMatchObject({
      rowsBefore: 5,
      rowsAfter: 4,
      valuesChanged: null,
    });
    expect(await stepReport(engine, 't', columns, list, 1)).toMatchObject({
      rowsBefore: 4,
      valuesChanged: 1,
      failed: null,
    });
    expect(await stepReport(engine, 't', columns, list, 2)).toMatchObject({ rowsBefore: 4, rowsAfter: 3 });
  });

  it('follows rows through a SQL step (numbered anew) and a rename', async () => {
    const list = steps([
      { recipe: 'sql', sql: 'SELECT * FROM input WHERE "group" = $$y$$' },
      { recipe: 'rename', from: 'label', to: 'name' },
      { recipe: 'merge-categories', column: 'name', mapping: { d: 'D' } },
    ]);
    expect(await stepReport(engine, 't', columns, list, 0)).toMatchObject({
      rowsBefore: 5,
      rowsAfter: 3,
      valuesChanged: null,
    });
    expect(await stepReport(engine, 't', columns, list, 2)).toMatchObject({ rowsAfter: 3, valuesChanged: 2 });
  });

  it('a disabled step changes nothing', async () => {
    const [step] = steps([{ recipe: 'dedupe', mode: 'exact' }]);
    const report = step && (await stepReport(engine, 't', columns, [{ ...step, enabled: false }], 0));
    expect(report).toMatchObject({
      enabled: false,
      rowsBefore: 5,
      rowsAfter: 5,
      valuesChanged: null,
      failed: null,
    });
  });

  it('an empty table: zeros', async () => {
    const list = steps([{ recipe: 'cast', column: 'amount €', to: 'DOUBLE' }]);
    expect(await stepReport(engine, 'empty', columns, list, 0)).toMatchObject({
      rowsBefore: 0,
      rowsAfter: 0,
      valuesChanged: 0,
      failed: { count: 0, nonNullBefore: 0, fraction: 0, examples: [] },
    });
  });

  it('an input table named like the CTEs of the SQL', async () => {
    await engine.exec('CREATE TABLE step_input AS SELECT * FROM t; CREATE TABLE step_1 AS SELECT * FROM t');
    const list = steps([
      { recipe: 'dedupe', mode: 'exact' },
      { recipe: 'rename', from: 'id', to: 'key' },
    ]);
    for (const name of ['step_input', 'step_1']) {
      expect(await stepReport(engine, name, columns, list, 1)).toMatchObject({ rowsBefore: 4, rowsAfter: 4 });
    }
  });

  it('a filter with a syntax error is blamed on its step', async () => {
    const list = steps([
      { recipe: 'trim', column: 'label' },
      { recipe: 'filter', where: 'id >>> ' },
    ]);
    const error = await stepReport(engine, 't', columns, list, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CleanStepError);
    expect(error).toMatchObject({ stepId: 's2' });
  });
});
