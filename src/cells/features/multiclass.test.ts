import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../data/engine';
import { createNodeEngine } from '../../data/testing/node-engine';
import { textRows } from '../../data/testing/text-rows';
import type { FeatureEncoding } from '../../notebook/feature-types';
import type { BriefConfig, FeaturesConfig } from '../../notebook/types';
import { briefOf, cellOf, testContext } from '../testing';
import { runFeatures } from './run';

// 100 penguins: 50 Adelie, 30 Gentoo, 20 Chinstrap (known shares, counted by construction).
const BIRDS = `SELECT i AS id, CAST(30 + i % 17 AS DOUBLE) AS beak,
    CASE WHEN i < 50 THEN 'Adelie' WHEN i < 80 THEN 'Gentoo' ELSE 'Chinstrap' END AS species
  FROM range(100) AS r(i)`;

const FEATURES: FeatureEncoding[] = [{ encoding: 'numeric', column: 'beak', standardise: false }];
const BRIEF: BriefConfig = briefOf({
  input: 'birds',
  target: 'species',
  task: 'multiclass',
  metric: 'macro_f1',
});

const config = (overrides: Partial<FeaturesConfig> = {}): FeaturesConfig => ({
  input: '',
  output: 'bird_feats',
  features: FEATURES,
  split: { kind: 'stratified', validationShare: 0.2, seed: 7 },
  ...overrides,
});

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(`CREATE TABLE birds AS ${BIRDS}`);
  // One Emperor: too few rows to be on both sides.
  await engine.exec(`CREATE TABLE lone AS ${BIRDS} UNION ALL SELECT 100, 40.0, 'Emperor'`);
  // Three birds whose species is not known (NULL): no class, left out.
  await engine.exec(
    `CREATE TABLE unknown AS ${BIRDS} UNION ALL SELECT 100 + i, 35.0, CAST(NULL AS VARCHAR) FROM range(3) AS r(i)`,
  );
  // Macaroni only after the cutoff: a class only the validation rows have.
  await engine.exec(
    `CREATE TABLE late AS SELECT *, id AS t FROM (${BIRDS.replace("'Chinstrap'", "CASE WHEN i >= 95 THEN 'Macaroni' ELSE 'Chinstrap' END")})`,
  );
});

const run = async (brief: BriefConfig, overrides: Partial<FeaturesConfig> = {}) =>
  await runFeatures(testContext(engine, brief), cellOf('features', config(overrides)));

describe('runFeatures, multiclass', () => {
  it('encodes the class index in sorted order beside the label, and stratifies by class', async () => {
    const result = await run(BRIEF);
    expect(result.spec.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    const rows = await textRows(
      engine,
      `SELECT __class, __target, count(*) FILTER (WHERE __split = 'validation') AS validation, count(*) AS n
       FROM bird_feats GROUP BY ALL ORDER BY __target`,
    );
    // 20% of each class: round(0.2 × 50), round(0.2 × 20), round(0.2 × 30).
    expect(rows).toEqual([
      { __class: 'Adelie', __target: '0.0', validation: '10', n: '50' },
      { __class: 'Chinstrap', __target: '1.0', validation: '4', n: '20' },
      { __class: 'Gentoo', __target: '2.0', validation: '6', n: '30' },
    ]);
    expect(result.sql).toContain('CASE CAST("species" AS VARCHAR) WHEN \'Adelie\' THEN 0.0');
  });

  it('leaves out the rows whose class is NULL, saying how many, and makes no class of them', async () => {
    const result = await run({ ...BRIEF, input: 'unknown' });
    expect(result.spec.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    const rows = await textRows(
      engine,
      'SELECT count(*) AS n, count(*) FILTER (WHERE __class IS NULL) AS unknown FROM bird_feats',
    );
    expect(rows).toEqual([{ n: '100', unknown: '0' }]);
    expect(result.result.notices).toContain("3 rows without a target ('species' is NULL) were left out.");
  });

  it('names a class too small to split', async () => {
    await expect(run({ ...BRIEF, input: 'lone' })).rejects.toThrow(
      /A class has too few rows to be in both training and validation: Emperor \(1 row\)\. Group it/,
    );
  });

  it('names a class only the validation rows have', async () => {
    await expect(
      run({ ...BRIEF, input: 'late' }, { split: { kind: 'time', column: 't', cutoff: '95' } }),
    ).rejects.toThrow(
      /has a class only the validation rows have: Macaroni \(5\)\. A model cannot predict a class it never saw/,
    );
  });
});
