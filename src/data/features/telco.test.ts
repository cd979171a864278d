import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TELCO_FEATURES } from '../../ml/models/fixtures/telco_reference';
import split from '../../ml/models/fixtures/telco_split.json';
import { groupsByPrefix } from '../../ml/explain/testing';
import { encodeTelco, parseCsv } from '../../ml/models/testing';
import { describeRelation } from '../catalog';
import { quoteIdent } from '../sql';
import { createImportHarness, type ImportHarness } from '../testing/import-harness';
import { compileFeatures } from './compile';
import { fitFeatures } from './fit';
import { featureGroups } from './groups';
import { readMatrix } from './matrix';
import type { FeatureEncoding, FeatureSpec } from './types';

// The IBM Telco churn sample and the encoding of src/ml/models/reference/telco_reference.py
// (scikit-learn 1.2.1), mirrored in TypeScript by encodeTelco.
const CSV = new URL('../../ml/models/fixtures/telco_churn.csv', import.meta.url);
const NUMERIC = ['SeniorCitizen', 'tenure', 'MonthlyCharges', 'TotalCharges'];

let harness: ImportHarness;
let header: string[];
beforeAll(async () => {
  harness = await createImportHarness();
  await harness.run('telco_churn.csv', readFileSync(CSV), 'csv', { table: 'telco' });
  // What a clean cell would do first: blank TotalCharges → NULL → DOUBLE; and the split as a column.
  // DuckDB's sniffer reads the Yes/No columns as BOOLEAN: they go back to the file's text.
  const { columns } = await describeRelation(harness.engine, 'telco');
  const yesNo = columns
    .filter((c) => c.type === 'BOOLEAN')
    .map((c) => `CASE WHEN ${quoteIdent(c.name)} THEN 'Yes' ELSE 'No' END AS ${quoteIdent(c.name)}`);
  const validation = split.validationRows.join(', ');
  await harness.engine.exec(`CREATE TABLE churn AS
    SELECT * REPLACE (CAST(nullif(trim(TotalCharges), '') AS DOUBLE) AS TotalCharges, ${yesNo.join(', ')}),
      row_number() OVER () - 1 AS row_index,
      CASE WHEN row_number() OVER () - 1 IN (${validation}) THEN 'valid' ELSE 'train' END AS __split
    FROM telco`);
  const [first = []] = parseCsv(readFileSync(CSV, 'utf8'));
  header = first;
});

function telcoSpec(): FeatureSpec {
  const numeric = NUMERIC.map((column): FeatureEncoding => ({
    encoding: 'numeric',
    column,
    standardise: true,
    ...(column === 'TotalCharges' ? { impute: 'median' } : {}),
  }));
  const categorical = header
    .filter((c) => !NUMERIC.includes(c) && c !== 'customerID' && c !== 'Churn')
    .map((column): FeatureEncoding => ({
      encoding: 'one-hot',
      column,
      topK: 100,
      other: false,
      missing: 'ignore',
    }));
  return { target: 'Churn', task: 'binary', positive: 'Yes', features: [...numeric, ...categorical] };
}

describe('the telco encoding of telco_reference.py', () => {
  it('gives the same feature names, in order, and the same matrix as encodeTelco', async () => {
    const spec = await fitFeatures(harness.engine, 'churn', telcoSpec(), { trainWhere: "__split = 'train'" });
    const total = spec.features[3];
    // The median of the 5,634 train rows' TotalCharges fills the blanks.
    expect(total?.encoding === 'numeric' ? total.fitted?.fill : null).toBeGreaterThan(1000);
    const { sql, columns } = compileFeatures(spec, 'churn', { rowId: 'row_index' });
    expect(columns).toEqual(TELCO_FEATURES);
    expect(columns).toHaveLength(45);
    // The explain cell's groups: each source column's one-hot levels together, as the reference script groups them.
    const groups = featureGroups(spec, columns);
    expect(groups.map((g) => ({ name: g.name, columns: g.columns }))).toEqual(groupsByPrefix(TELCO_FEATURES));
    expect(groups).toHaveLength(19);
    expect(groups.find((g) => g.name === 'Contract')?.levels).toEqual([
      'Month-to-month',
      'One year',
      'Two year',
    ]);

    const m = await readMatrix(harness.engine, sql, columns);
    expect([m.rows, m.features]).toEqual([7043, 45]);
    expect(Array.from(m.rowIds.slice(0, 3))).toEqual([0, 1, 2]);

    const [, ...rows] = parseCsv(readFileSync(CSV, 'utf8'));
    const validation = new Set(split.validationRows);
    const trainRows = rows.map((_, i) => i).filter((i) => !validation.has(i));
    const reference = encodeTelco({ header, rows }, trainRows);
    expect(Array.from(m.y)).toEqual(Array.from(reference.y));
    let worst = 0;
    m.x.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (reference.x.data[i] ?? NaN)))));
    expect(worst).toBeLessThan(1e-5);
    // A few values by hand: row 0 is a new customer on DSL, paying by electronic check.
    const at = (row: number, name: string) => m.x[row * m.features + columns.indexOf(name)];
    expect([
      at(0, 'InternetService=DSL'),
      at(0, 'PaymentMethod=Electronic check'),
      at(0, 'gender=Male'),
    ]).toEqual([1, 1, 0]);
  });
});
