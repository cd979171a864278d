import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { checkInput } from '../../notebook/bundle/check';
import type { InputSchema } from '../../notebook/bundle/types';
import type { FeatureSpec } from '../../notebook/feature-types';
import { compileScoringFeatures } from '../features/compile';
import { wasmEngine } from '../features/test-helpers';
import { profileInput } from './profile';
import { engineRows, type Row, type RowReader } from './rows';
import { describeColumns, inputStats } from './stats';

// Training rows, then a batch to score with one of each problem planted.
const TRAIN = `CREATE TABLE train AS SELECT * FROM (VALUES
  (1, 'basic', DATE '2021-01-01', true, 10.0),
  (10, 'pro', DATE '2022-06-01', false, NULL),
  (20, 'basic', DATE '2023-12-31', true, 30.0)
) AS v(tenure, plan, signup, active, charges)`;

const BATCH = `CREATE TABLE batch AS SELECT * FROM (VALUES
  ('5', 'basic', DATE '2022-01-01', 'true', 12.0, 'x'),
  ('500', 'enterprise', DATE '2010-01-01', 'false', NULL, 'x'),
  ('oops', 'enterprise', NULL, 'maybe', 20.0, 'x'),
  (NULL, 'trial', DATE '2023-01-01', 'true', 25.0, 'x'),
  ('-100', NULL, DATE '2024-01-01', NULL, 'NaN'::DOUBLE, 'x')
) AS v(tenure, plan, signup, active, charges, note)`;

const SPEC: FeatureSpec = {
  target: 'churn',
  task: 'binary',
  positive: 'Yes',
  features: [
    { encoding: 'numeric', column: 'tenure', standardise: true, fitted: { fill: null, mean: 10, std: 8 } },
    {
      encoding: 'one-hot',
      column: 'plan',
      topK: 5,
      other: false,
      missing: 'ignore',
      fitted: { categories: ['basic', 'pro'] },
    },
    { encoding: 'date-parts', column: 'signup', parts: ['year'] },
    { encoding: 'boolean', column: 'active' },
    { encoding: 'numeric', column: 'charges', impute: 'mean', fitted: { fill: 20, mean: 20, std: 8 } },
  ],
};

async function nativeReader(setup: string): Promise<RowReader> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(setup);
  return async (sql) => {
    const reader = await conn.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((r): Row => r);
  };
}

async function checked(read: RowReader) {
  const schema = await profileInput(read, 'train', SPEC);
  const columns = await describeColumns(read, 'batch');
  const stats = await inputStats(read, schema, 'batch', columns);
  return {
    schema,
    stats,
    report: checkInput(schema, SPEC, { rows: stats.rows, columns, stats: stats.stats }, { unseen: 'stop' }),
  };
}

describe('profileInput and inputStats', () => {
  it('profile the training table and count every planted problem, the same in DuckDB-WASM and native DuckDB', async () => {
    const wasm = await checked(engineRows(await wasmEngine(`${TRAIN}; ${BATCH}`)));
    const native = await checked(await nativeReader(`${TRAIN}; ${BATCH}`));
    const schema: InputSchema = wasm.schema;
    expect(schema.columns).toEqual([
      { name: 'tenure', type: 'INTEGER', nulls: 0, number: { min: 1, max: 20 } },
      { name: 'plan', type: 'VARCHAR', nulls: 0, text: { categories: ['basic', 'pro'], distinct: 2 } },
      {
        name: 'signup',
        type: 'DATE',
        nulls: 0,
        time: { min: '2021-01-01 00:00:00', max: '2023-12-31 00:00:00' },
      },
      { name: 'active', type: 'BOOLEAN', nulls: 0, boolean: true },
      { name: 'charges', type: 'DECIMAL(3,1)', nulls: 1, number: { min: 10, max: 30 } },
    ]);
    expect(schema.example).toEqual({
      columns: ['tenure', 'plan', 'signup', 'active', 'charges'],
      rows: [
        [1, 'basic', '2021-01-01', true, 10],
        [10, 'pro', '2022-06-01', false, null],
        [20, 'basic', '2023-12-31', true, 30],
      ],
    });
    expect(native.schema).toEqual(wasm.schema);
    expect(native.stats).toEqual(wasm.stats);
    const byName = new Map(wasm.stats.stats.map((s) => [s.name, s]));
    // tenure: 'oops' does not convert; 500 is above 20 + 10% of 19, -100 below 1 − 1.9.
    expect(byName.get('tenure')).toEqual({
      name: 'tenure',
      nulls: 1,
      number: { failed: 1, below: 1, above: 1, min: -100, max: 500 },
    });
    expect(byName.get('plan')?.text).toEqual({
      unseen: 3,
      values: [
        { value: 'enterprise', rows: 2 },
        { value: 'trial', rows: 1 },
      ],
    });
    expect(byName.get('signup')).toMatchObject({
      nulls: 1,
      time: { failed: 0, before: 1, after: 0, min: '2010-01-01 00:00:00' },
    });
    expect(byName.get('active')).toEqual({ name: 'active', nulls: 1, boolean: { failed: 1 } });
    // NaN does not convert to a finite number: it counts as failed.
    expect(byName.get('charges')?.number).toMatchObject({ failed: 1, below: 0, above: 0, min: 12, max: 25 });
    expect(wasm.report.problems.map((p) => `${p.action} ${p.kind} ${p.column}`)).toEqual([
      'stop type-change tenure',
      'stop missing-values tenure',
      'stop unseen-category plan',
      'stop missing-values signup',
      'stop type-change active',
      'stop missing-values active',
      'stop type-change charges',
      'flag out-of-range tenure',
      'flag out-of-range signup',
      'ignore extra-column note',
    ]);
  });

  it('counts far-out values in a second pass, for numeric columns of every type', async () => {
    const read = await nativeReader(`${TRAIN}; CREATE TABLE typed AS SELECT * FROM (VALUES
      (5::BIGINT, 'basic', DATE '2022-01-01', true, 12.0::DOUBLE),
      (90::BIGINT, 'pro', DATE '2022-01-02', false, 'inf'::DOUBLE),
      (-40::BIGINT, 'pro', DATE '2022-01-03', true, 31.0::DOUBLE),
      (20::BIGINT, 'pro', DATE '2022-01-04', true, 99.0::DOUBLE)
    ) AS v(tenure, plan, signup, active, charges)`);
    const schema = await profileInput(read, 'train', SPEC);
    const columns = await describeColumns(read, 'typed');
    const { stats } = await inputStats(read, schema, 'typed', columns);
    // tenure 1…20 (span 19): far below −0.9 or above 21.9; charges 10…30: below 8 or above 32.
    expect(stats.find((c) => c.name === 'tenure')?.number).toEqual({
      failed: 0,
      below: 1,
      above: 1,
      min: -40,
      max: 90,
    });
    expect(stats.find((c) => c.name === 'charges')?.number).toEqual({
      failed: 1,
      below: 0,
      above: 1,
      min: 12,
      max: 99,
    });
    expect(stats.find((c) => c.name === 'active')).toEqual({
      name: 'active',
      nulls: 0,
      boolean: { failed: 0 },
    });
  });

  it('runs the generated SQL safely whatever the column names and categories hold', async () => {
    const name = 'x"; DROP TABLE t; --';
    const category = "a'); DROP TABLE t; --";
    const read = await nativeReader(
      `CREATE TABLE t AS SELECT 1.5 AS "${name.replaceAll('"', '""')}", 'a'')' AS c`,
    );
    const spec: FeatureSpec = {
      target: 'y',
      task: 'binary',
      positive: '1',
      features: [
        { encoding: 'numeric', column: name, fitted: { fill: null, mean: 0, std: 1 } },
        {
          encoding: 'one-hot',
          column: 'c',
          topK: 2,
          other: true,
          missing: 'ignore',
          fitted: { categories: [category] },
        },
      ],
    };
    const { sql } = compileScoringFeatures(spec, 't');
    const [row] = await read(sql);
    expect(row).toEqual({ __row_id: 1n, [name]: 1.5, [`c=${category}`]: 0, 'c=(other)': 1 });
    expect(await read('SELECT count(*) AS n FROM t')).toEqual([{ n: 1n }]);
  });
});
