import { describe, expect, it } from 'vitest';
import { compileFeatures, compileScoringFeatures } from './compile';
import { fitFeatures } from './fit';
import { nativeTextRows, textRows, wasmEngine } from './test-helpers';
import type { FeatureSpec } from './types';

// Every encoding; row 6 has no target (training drops it, scoring keeps it); "z'; DROP" is a category.
const SETUP = `CREATE TABLE t AS SELECT * FROM (VALUES
  (1.0, 'a', 'low', DATE '2024-03-04', TRUE, 'Yes', 'train'),
  (2.0, 'a', 'high', DATE '2024-12-31', FALSE, 'No', 'train'),
  (3.0, 'z''; DROP TABLE t; --', 'mid', DATE '2023-05-01', TRUE, 'Yes', 'train'),
  (NULL, NULL, NULL, DATE '2023-01-01', TRUE, 'No', 'train'),
  (100.0, 'unseen', 'huge', DATE '2020-06-15', FALSE, 'Yes', 'valid'),
  (200.0, 'a', 'low', DATE '2020-06-16', TRUE, NULL, 'valid')
) AS v(x, cat, size, day, flag, churn, __split)`;

const SPEC: FeatureSpec = {
  target: 'churn',
  task: 'binary',
  positive: 'Yes',
  features: [
    { encoding: 'numeric', column: 'x', impute: 'mean', indicator: true, standardise: true, log: true },
    { encoding: 'one-hot', column: 'cat', topK: 5, other: true, missing: 'category' },
    { encoding: 'ordinal', column: 'size', order: ['low', 'mid', 'high'] },
    { encoding: 'date-parts', column: 'day', parts: ['year', 'dow'] },
    { encoding: 'bucket', column: 'x', bins: 3, method: 'quantile' },
    { encoding: 'boolean', column: 'flag' },
  ],
};

describe('compileScoringFeatures', () => {
  it('gives the training features of every row, NULL target too, in table order, as DOUBLE', async () => {
    const engine = await wasmEngine(SETUP);
    const fitted = await fitFeatures(engine, 't', SPEC, { trainWhere: "__split = 'train'" });
    const training = compileFeatures(fitted, 't');
    const scoring = compileScoringFeatures(fitted, 't');
    expect(scoring.columns).toEqual(training.columns);
    expect(scoring.sql).not.toMatch(/churn/);
    const trained = await engine.query(
      `SELECT * EXCLUDE (__target) FROM (${training.sql}\n) ORDER BY __row_id`,
    );
    const scored = await engine.query(`${scoring.sql}`);
    expect(scored.numRows).toBe(6);
    expect(scored.schema.fields.slice(1).map((f) => String(f.type))).toEqual(
      scoring.columns.map(() => 'Float64'),
    );
    const ids = scored.getChild('__row_id')?.toArray();
    expect(Array.from(ids ?? [], Number)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const name of scoring.columns) {
      const want = Array.from(trained.getChild(name)?.toArray() ?? [], Number);
      const got = Array.from(scored.getChild(name)?.toArray() ?? [], Number).slice(0, 5);
      expect(got, name).toEqual(want);
    }
    // Row 5's category was not among the fitted ones: it lands in (other).
    expect(Number(scored.getChild('cat=(other)')?.get(4))).toBe(1);
  });

  it('gives the same values in native DuckDB (the command line) as in DuckDB-WASM (the app)', async () => {
    const engine = await wasmEngine(SETUP);
    const fitted = await fitFeatures(engine, 't', SPEC, { trainWhere: "__split = 'train'" });
    const { sql } = compileScoringFeatures(fitted, 't');
    expect(await nativeTextRows(SETUP, sql)).toEqual(await textRows(engine, sql));
  });
});
