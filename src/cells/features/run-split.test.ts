import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../data/engine';
import { rejection } from '../../data/testing/import-harness';
import { createNodeEngine } from '../../data/testing/node-engine';
import { textRows } from '../../data/testing/text-rows';
import type { BriefConfig, FeaturesConfig } from '../../notebook/types';
import { briefOf, cellOf, testContext } from '../testing';
import { runFeatures } from './run';

/*
 * The features cell's splits on real-data shapes (issue 19 items 5 and 6): a regression target
 * stratified on its quantile bins, and sides read from a column of the data.
 */

// 40 rows: `set` says Train (24, mixed case), VALIDATION (10) or test (6); `flag` 1 on 8 rows.
const ROWS = `SELECT i AS id, CAST(i * 3 % 17 AS DOUBLE) AS x, CAST(100 + i * i AS DOUBLE) AS price,
    CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS grp,
    CASE WHEN i < 24 THEN (CASE WHEN i % 2 = 0 THEN 'Train' ELSE ' train ' END) WHEN i < 34 THEN 'VALIDATION' ELSE 'test' END AS "set",
    CASE WHEN i % 5 = 0 THEN 1 ELSE 0 END AS flag,
    CASE WHEN i % 5 = 0 THEN 'dev' WHEN i = 7 THEN 'holdout' ELSE 'train' END AS messy,
    CASE WHEN i = 3 THEN NULL ELSE 'train' END AS gappy
  FROM range(40) AS r(i)`;

const BRIEF: BriefConfig = briefOf({ input: 'rows', target: 'price', task: 'regression', metric: 'rmse' });

const config = (split: FeaturesConfig['split']): FeaturesConfig => ({
  input: '',
  output: 'feats',
  features: [{ encoding: 'numeric', column: 'x', standardise: true }],
  split,
});

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(`CREATE TABLE rows AS ${ROWS}`);
});

const run = (split: FeaturesConfig['split'], brief: BriefConfig = BRIEF) =>
  runFeatures(testContext(engine, brief), cellOf('features', config(split)));

const sides = () =>
  textRows(
    engine,
    'SELECT __split, count(*) AS n, min(__row_id) AS first FROM feats GROUP BY ALL ORDER BY ALL',
  );

describe("the brief's time column", () => {
  it('is a feature through its date parts only, with sin/cos; its raw value is refused', async () => {
    const brief: BriefConfig = { ...BRIEF, timeColumn: 'day' };
    await engine.exec(
      `CREATE OR REPLACE TABLE timed AS SELECT *, TIMESTAMP '2024-01-01 06:00' + to_days(CAST(id AS INTEGER)) AS day FROM rows`,
    );
    const timed = (features: FeaturesConfig['features']) =>
      runFeatures(
        testContext(engine, { ...brief, input: 'timed' }),
        cellOf('features', { ...config({ kind: 'time', column: 'day', cutoff: '' }), features }),
      );
    const result = await timed([
      { encoding: 'date-parts', column: 'day', parts: ['month', 'dow', 'hour'], cyclic: true },
    ]);
    expect(result.featureNames).toEqual([
      'day_month',
      'day_dow',
      'day_hour',
      'day_month_sin',
      'day_month_cos',
      'day_dow_sin',
      'day_dow_cos',
      'day_hour_sin',
      'day_hour_cos',
    ]);
    const e = await rejection(
      timed([{ encoding: 'one-hot', column: 'day', topK: 5, other: true, missing: 'ignore' }]),
    );
    expect(e.message).toMatch(/^The brief's time column "day" can be a feature only through its date parts/);
  });
});

describe('features cell splits', () => {
  it('a regression target stratified: exactly 20% validation, the lowest and highest bins among them', async () => {
    const result = await run({ kind: 'stratified', validationShare: 0.2, seed: 42 });
    expect(result.split).toMatchObject({ train: 32, validation: 8 });
    // price rises with id: bin 0 is ids 0-2 (ranks 1-3), the last full bin ids 33-37.
    const [ends] = await textRows(
      engine,
      "SELECT min(__row_id) AS lo, max(__row_id) AS hi FROM feats WHERE __split = 'validation'",
    );
    expect(Number(ends?.lo)).toBeLessThanOrEqual(3);
    expect(Number(ends?.hi)).toBeGreaterThanOrEqual(34);
  });

  it('by a column: train / validation / test in any case, test rows left out and counted', async () => {
    const result = await run({ kind: 'column', column: 'set' });
    expect(await sides()).toEqual([
      { __split: 'train', n: '24', first: '1' },
      { __split: 'validation', n: '10', first: '25' },
    ]);
    expect(result.split).toMatchObject({ train: 24, validation: 10 });
    expect(result.result.notices).toContain(
      '6 test rows (by "set") were left out: neither trained nor validated on, they are kept for a final check.',
    );
  });

  it('by a column of 0/1: 1 = validation', async () => {
    const result = await run({ kind: 'column', column: 'flag' });
    expect(result.split).toMatchObject({ train: 32, validation: 8 });
    expect(result.result.notices.some((n) => n.includes('test rows'))).toBe(false);
  });

  it.each([
    [
      'a value that names no side',
      'messy',
      /^9 rows have a value in the split column "messy" that names no side \("dev", "holdout"\)\. Use train, validation or test \(in any case\), or 0 = train and 1 = validation/,
    ],
    ['a NULL', 'gappy', /^1 row has no value in the split column "gappy": give every row its side/],
    ['a column not in the table', 'fold', /^The split column "fold" is not a column of "rows"/],
    ['the target', 'price', /^The target "price" cannot also say each row's side/],
    ['a feature', 'x', /^The split column "x" cannot also be a feature: untick it\.$/],
  ])('by a column refuses %s, saying what to do', async (_name, column, pattern) => {
    const e = await rejection(run({ kind: 'column', column }));
    expect(e.code).toBe('bad-input');
    expect(e.message).toMatch(pattern);
  });
});
