import { describe, expect, it } from 'vitest';
import { compileFeatures } from './compile';
import { fitFeatures } from './fit';
import { textRows, wasmEngine } from './test-helpers';
import type { FeatureEncoding, FeatureSpec } from './types';

// Train rows: x 1, 2, 3, NULL; validation rows are far off, so a fit that saw them would show it.
const SETUP = `CREATE TABLE t AS SELECT * FROM (VALUES
  (1, 1.0, 'a', 'low', DATE '2024-03-04', TRUE, 'Yes', 'train'),
  (2, 2.0, 'a', 'high', DATE '2024-12-31', FALSE, 'No', 'train'),
  (3, 3.0, 'b', 'mid', NULL, NULL, 'Yes', 'train'),
  (4, NULL, NULL, NULL, DATE '2023-01-01', TRUE, 'No', 'train'),
  (5, 100.0, 'zzz', 'huge', DATE '2020-06-15', FALSE, 'Yes', 'valid'),
  (6, 200.0, 'b', 'low', DATE '2020-06-16', TRUE, NULL, 'valid')
) AS v(id, x, cat, size, day, flag, churn, __split)`;

const spec = (...features: FeatureEncoding[]): FeatureSpec => ({
  target: 'churn',
  task: 'binary',
  positive: 'Yes',
  features,
});

async function encoded(features: FeatureEncoding[], where?: string) {
  const engine = await wasmEngine(SETUP);
  const fitted = await fitFeatures(engine, 't', spec(...features), { trainWhere: "__split = 'train'" });
  const compiled = compileFeatures(
    fitted,
    't',
    where === undefined ? { rowId: 'id' } : { rowId: 'id', where },
  );
  return { fitted, compiled, rows: await textRows(engine, compiled.sql), engine };
}

describe('each encoding, fitted on the train rows only', () => {
  it('numeric: mean impute and standardise use the train rows, never the validation rows', async () => {
    const { fitted, rows } = await encoded([
      { encoding: 'numeric', column: 'x', impute: 'mean', indicator: true, standardise: true },
    ]);
    // Train x = 1, 2, 3, NULL → fill 2; filled 1, 2, 3, 2: mean 2, population std sqrt(0.5).
    expect(fitted.features[0]?.fitted).toEqual({ fill: 2, mean: 2, std: Math.sqrt(0.5) });
    expect(
      rows.map((r) => [r['__row_id'], r['__target'], Number(r['x']).toFixed(6), r['x__missing']]),
    ).toEqual([
      ['1', '1.0', (-1 / Math.sqrt(0.5)).toFixed(6), '0.0'],
      ['2', '0.0', '0.000000', '0.0'],
      ['3', '1.0', (1 / Math.sqrt(0.5)).toFixed(6), '0.0'],
      ['4', '0.0', '0.000000', '1.0'],
      ['5', '1.0', (98 / Math.sqrt(0.5)).toFixed(6), '0.0'],
    ]);
  });

  it('numeric: median, zero and log1p (negative values clipped to 0)', async () => {
    const { fitted } = await encoded([
      { encoding: 'numeric', column: 'x', impute: 'median' },
      { encoding: 'numeric', column: 'x', impute: 'zero', log: true },
    ]);
    expect(fitted.features[0]?.fitted).toMatchObject({ fill: 2, mean: 2 });
    const logs = [1, 2, 3].map(Math.log1p);
    const log = fitted.features[1];
    expect(log?.fitted).toMatchObject({ fill: 0 });
    const mean = log?.encoding === 'numeric' ? log.fitted?.mean : undefined;
    expect(mean).toBeCloseTo(logs.reduce((s, v) => s + v, 0) / 4, 12);
  });

  it('one-hot: top K by train frequency, ties by value; unseen values go to (other); NULL to (missing)', async () => {
    const { fitted, compiled, rows } = await encoded([
      { encoding: 'one-hot', column: 'cat', topK: 2, other: true, missing: 'category' },
    ]);
    expect(fitted.features[0]?.fitted).toEqual({ categories: ['a', 'b'] });
    expect(compiled.columns).toEqual(['cat=a', 'cat=b', 'cat=(other)', 'cat=(missing)']);
    expect(rows.map((r) => compiled.columns.map((c) => r[c]).join(' '))).toEqual([
      '1.0 0.0 0.0 0.0',
      '1.0 0.0 0.0 0.0',
      '0.0 1.0 0.0 0.0',
      '0.0 0.0 0.0 1.0',
      '0.0 0.0 1.0 0.0', // 'zzz' is only in the validation rows
    ]);
    const ties = await encoded([
      { encoding: 'one-hot', column: 'size', topK: 2, other: false, missing: 'ignore' },
    ]);
    // high, low, mid each once on the train rows: the first two by value; unseen → all zero.
    expect(ties.compiled.columns).toEqual(['size=high', 'size=low']);
    expect(ties.rows.map((r) => `${r['size=high']} ${r['size=low']}`)).toEqual([
      '0.0 1.0',
      '1.0 0.0',
      '0.0 0.0',
      '0.0 0.0',
      '0.0 0.0',
    ]);
  });

  it('ordinal: position in the order; NULL and unknown values → -1', async () => {
    const { rows } = await encoded([{ encoding: 'ordinal', column: 'size', order: ['low', 'mid', 'high'] }]);
    expect(rows.map((r) => r['size'])).toEqual(['0.0', '2.0', '1.0', '-1.0', '-1.0']);
  });

  it('date parts, ISO day of week; boolean as 0/1', async () => {
    const { compiled, rows } = await encoded([
      { encoding: 'date-parts', column: 'day', parts: ['year', 'month', 'dow', 'day', 'hour'] },
      { encoding: 'boolean', column: 'flag' },
    ]);
    expect(compiled.columns).toEqual(['day_year', 'day_month', 'day_dow', 'day_day', 'day_hour', 'flag']);
    // 2024-03-04 is a Monday, 2024-12-31 a Tuesday.
    expect(rows.slice(0, 3).map((r) => compiled.columns.map((c) => r[c] ?? 'NULL').join(' '))).toEqual([
      '2024.0 3.0 1.0 4.0 0.0 1.0',
      '2024.0 12.0 2.0 31.0 0.0 0.0',
      'NULL NULL NULL NULL NULL NULL',
    ]);
  });
});
