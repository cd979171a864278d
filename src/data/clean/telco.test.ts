import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeRelation } from '../catalog';
import { createImportHarness, type ImportHarness } from '../testing/import-harness';
import { compileSteps } from './compile';
import { stepReport } from './report';
import { textRows } from './test-helpers';
import { toStep, type CleanStep, type ColumnSpec, type Recipe } from './types';

// The IBM Telco churn sample (7,043 customers): 11 new customers have TotalCharges ' '.
const CSV = new URL('../../ml/models/fixtures/telco_churn.csv', import.meta.url);
const INTERNET = [
  'OnlineSecurity',
  'OnlineBackup',
  'DeviceProtection',
  'TechSupport',
  'StreamingTV',
  'StreamingMovies',
];

let harness: ImportHarness;
let columns: ColumnSpec[];
beforeAll(async () => {
  harness = await createImportHarness();
  await harness.run('telco_churn.csv', readFileSync(CSV), 'csv', { table: 'telco' });
  columns = (await describeRelation(harness.engine, 'telco')).columns;
});

const RECIPES: Recipe[] = [
  { recipe: 'placeholder-null', column: 'TotalCharges', tokens: [''] },
  { recipe: 'cast', column: 'TotalCharges', to: 'DOUBLE' },
  ...INTERNET.map((c): Recipe => ({
    recipe: 'merge-categories',
    column: c,
    mapping: { 'No internet service': 'No' },
  })),
];
const STEPS: CleanStep[] = RECIPES.map((r, i) => toStep(r, `s${i + 1}`));

describe('cleaning the telco churn file', () => {
  it('blank TotalCharges become NULL, then DOUBLE: 11 NULLs; "No internet service" becomes "No"', async () => {
    expect(columns.find((c) => c.name === 'TotalCharges')?.type).toBe('VARCHAR');
    const { sql } = compileSteps('telco', columns, STEPS);
    const [summary] = await textRows(
      harness.engine,
      `SELECT count(*) AS n, count(*) FILTER (WHERE TotalCharges IS NULL) AS nulls, typeof(any_value(TotalCharges)) AS type,
        count(*) FILTER (WHERE OnlineSecurity = 'No internet service') AS placeholders,
        count(*) FILTER (WHERE OnlineSecurity = 'No') AS no
       FROM (${sql})`,
    );
    expect(summary).toEqual({
      n: '7043',
      nulls: '11',
      type: 'DOUBLE',
      placeholders: '0',
      no: String(3498 + 1526),
    });
  });

  it('the report says what each step did', async () => {
    const blanks = await stepReport(harness.engine, 'telco', columns, STEPS, 0);
    expect(blanks).toMatchObject({ rowsBefore: 7043, rowsAfter: 7043, valuesChanged: 11 });
    const cast = await stepReport(harness.engine, 'telco', columns, STEPS, 1);
    expect(cast.failed).toMatchObject({ count: 0, nonNullBefore: 7032 });
    // Without the placeholder step, the cast itself fails on the 11 blanks.
    const castAlone = await stepReport(harness.engine, 'telco', columns, STEPS.slice(1, 2), 0);
    expect(castAlone.failed).toEqual({
      count: 11,
      nonNullBefore: 7043,
      fraction: 11 / 7043,
      examples: [{ value: ' ', count: 11 }],
    });
    const merge = await stepReport(harness.engine, 'telco', columns, STEPS, 2);
    expect(merge).toMatchObject({ column: 'OnlineSecurity', valuesChanged: 1526 });
  });
});
