import { beforeAll, describe, expect, it } from 'vitest';
import { describeRelation } from '../../data/catalog';
import type { SqlEngine } from '../../data/engine';
import { rejection } from '../../data/testing/import-harness';
import { createNodeEngine } from '../../data/testing/node-engine';
import { textRows } from '../../data/testing/text-rows';
import type { FeatureEncoding } from '../../notebook/feature-types';
import type { BriefConfig, FeaturesConfig } from '../../notebook/types';
import { briefOf, cellOf, testContext } from '../testing';
import { runFeatures } from './run';

// 100 customers: 25 churned ('Yes'), 70 stayed ('No'), 5 without a target (NULL).
const PEOPLE = `SELECT i AS id, CAST(20 + (i * 37) % 50 AS DOUBLE) AS age,
    CASE i % 3 WHEN 0 THEN 'basic' WHEN 1 THEN 'plus' ELSE 'pro' END AS plan,
    CASE WHEN i % 20 = 7 THEN NULL WHEN (i * 13) % 10 < 3 THEN 'Yes' ELSE 'No' END AS churn
  FROM range(100) AS r(i)`;

const FEATURES: FeatureEncoding[] = [
  { encoding: 'numeric', column: 'age', standardise: true },
  { encoding: 'one-hot', column: 'plan', topK: 10, other: false, missing: 'ignore' },
];

const BRIEF: BriefConfig = briefOf({ input: 'people', target: 'churn', positive: 'Yes' });
const RULE: BriefConfig = { ...BRIEF, baseline: { kind: 'rule', sql: 'age > 50' } };

const config = (overrides: Partial<FeaturesConfig> = {}): FeaturesConfig => ({
  input: '',
  output: 'feats',
  features: FEATURES,
  split: { kind: 'stratified', validationShare: 0.2, seed: 42 },
  ...overrides,
});

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(`CREATE TABLE people AS ${PEOPLE}`);
  await engine.exec(`CREATE TABLE reserved AS SELECT *, 'x' AS __split FROM people`);
});

const run = async (brief: BriefConfig | null, overrides: Partial<FeaturesConfig> = {}) =>
  await runFeatures(testContext(engine, brief), cellOf('features', config(overrides)));

/** Split tables left behind by a run (they are TEMP tables named __split_<output>). */
const splitTables = async () =>
  (
    await textRows(
      engine,
      "SELECT count(*) AS n FROM duckdb_tables() WHERE starts_with(table_name, '__split_')",
    )
  )[0];

describe('runFeatures', () => {
  it('makes __row_id, __split, __target, then one DOUBLE per feature, in order', async () => {
    const result = await run(BRIEF);
    const { columns } = await describeRelation(engine, 'feats');
    expect(columns.map((c) => `${c.name} ${c.type}`)).toEqual([
      '__row_id BIGINT',
      '__split VARCHAR',
      '__target DOUBLE',
      'age DOUBLE',
      'plan=basic DOUBLE',
      'plan=plus DOUBLE',
      'plan=pro DOUBLE',
    ]);
    expect(result.featureNames).toEqual(['age', 'plan=basic', 'plan=plus', 'plan=pro']);
    expect(result.hasRuleBaseline).toBe(false);
    expect(result.result).toMatchObject({ table: 'feats', materialize: 'table', rowCount: 95 });
    expect(await splitTables()).toEqual({ n: '0' });
  });

  it('splits stratified 80/20 per class; rows without a target are left out, with a notice', async () => {
    const result = await run(BRIEF);
    const sides = await textRows(
      engine,
      'SELECT __split, __target, count(*) AS n FROM feats GROUP BY ALL ORDER BY __split, __target',
    );
    // 70 No → 14 validation, 25 Yes → 5 validation: each class's share within one row of 0.2.
    expect(sides).toEqual([
      { __split: 'train', __target: '0.0', n: '56' },
      { __split: 'train', __target: '1.0', n: '20' },
      { __split: 'validation', __target: '0.0', n: '14' },
      { __split: 'validation', __target: '1.0', n: '5' },
    ]);
    expect(result.result.notices).toEqual([
      // The split's counts are of the rows split, the 5 without a target included.
      'Split stratified: 80 training rows, 20 validation rows.',
      "5 rows without a target ('churn' is NULL) were left out.",
    ]);
    expect(result.split).toMatchObject({ train: 80, validation: 20 });
  });

  it('learns encodings on the training rows only', async () => {
    const result = await run(BRIEF);
    const age = result.spec.features[0];
    const fitted = age?.encoding === 'numeric' ? age.fitted : undefined;
    const [train] = await textRows(
      engine,
      `SELECT avg(p.age) AS mean, stddev_pop(p.age) AS std, (SELECT avg(age) FROM people) AS all_rows
       FROM (SELECT *, row_number() OVER () AS rid FROM people) AS p JOIN feats AS f ON f.__row_id = p.rid
       WHERE f.__split = 'train'`,
    );
    expect(fitted?.mean).toBeCloseTo(Number(train?.mean), 12);
    expect(fitted?.std).toBeCloseTo(Number(train?.std), 12);
    expect(fitted?.mean).not.toBeCloseTo(Number(train?.all_rows), 3);
    // Standardised with the training rows' mean and std: mean 0 and std 1 there, not on validation.
    const [scaled] = await textRows(
      engine,
      `SELECT avg(age) FILTER (WHERE __split = 'train') AS train_mean,
              stddev_pop(age) FILTER (WHERE __split = 'train') AS train_std,
              avg(age) FILTER (WHERE __split = 'validation') AS validation_mean
       FROM feats`,
    );
    expect(Number(scaled?.train_mean)).toBeCloseTo(0, 9);
    expect(Number(scaled?.train_std)).toBeCloseTo(1, 9);
    expect(Math.abs(Number(scaled?.validation_mean))).toBeGreaterThan(0.01);
  });

  it("adds the brief's rule as __baseline (1 where it acts), after __target", async () => {
    const result = await run(RULE);
    expect(result.hasRuleBaseline).toBe(true);
    const { columns } = await describeRelation(engine, 'feats');
    expect(columns.slice(0, 5).map((c) => c.name)).toEqual([
      '__row_id',
      '__split',
      '__target',
      '__baseline',
      'age',
    ]);
    const [check] = await textRows(
      engine,
      `SELECT count(*) FILTER (WHERE f.__baseline <> CASE WHEN p.age > 50 THEN 1 ELSE 0 END) AS wrong,
              count(*) FILTER (WHERE f.__baseline = 1) AS acts
       FROM (SELECT *, row_number() OVER () AS rid FROM people) AS p JOIN feats AS f ON f.__row_id = p.rid`,
    );
    expect(check?.wrong).toBe('0');
    expect(Number(check?.acts)).toBeGreaterThan(0);
  });

  it('a rule that does not run says so, and leaves no split table behind', async () => {
    const brief: BriefConfig = { ...BRIEF, baseline: { kind: 'rule', sql: 'agee > 50' } };
    const e = await rejection(run(brief));
    expect(e.message).toMatch(
      /^The brief's baseline rule does not run on "people": .*agee.* Fix the rule in the Brief cell\.$/s,
    );
    expect(await splitTables()).toEqual({ n: '0' });
  });

  it.each([
    ['no brief', null, {}, 'missing-input', /^This case has no brief\. Add a Brief cell above/],
    [
      'no target',
      briefOf({ input: 'people', target: ' ' }),
      {},
      'missing-input',
      /^The brief has no target yet/,
    ],
    [
      'a target not in the table',
      briefOf({ input: 'people', target: 'left' }),
      {},
      'bad-input',
      /^The target "left" is not a column of "people"\. Pick the table that has it, or change the brief\.$/,
    ],
    ['no features', BRIEF, { features: [] }, 'missing-input', /^Choose at least one feature/],
    [
      'the target as a feature',
      BRIEF,
      {
        features: [
          ...FEATURES,
          { encoding: 'one-hot', column: 'churn', topK: 5, other: false, missing: 'ignore' },
        ],
      },
      'bad-input',
      /^The target "churn" cannot also be a feature: untick it\.$/,
    ],
    [
      'a feature column that is gone',
      BRIEF,
      { features: [...FEATURES, { encoding: 'numeric', column: 'income' }] },
      'bad-input',
      /^"income" is not in "people" any more: remove it from the features\.$/,
    ],
    [
      'a reserved column name',
      BRIEF,
      { input: 'reserved' },
      'bad-input',
      /^"reserved" already has a column "__split", a name this cell adds: rename it first\.$/,
    ],
  ] as const)('refuses %s, saying what to do', async (_name, brief, overrides, code, pattern) => {
    const e = await rejection(run(brief, overrides));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(pattern);
  });
});
