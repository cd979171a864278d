import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PENGUIN_CONFIGS } from '../app/samples/penguins';
import { summarizeTarget } from '../data/brief';
import type { SqlEngine } from '../data/engine';
import { createImportHarness } from '../data/testing/import-harness';
import { textRows } from '../data/testing/text-rows';
import type { BriefConfig } from '../notebook/types';
import { runEvaluate } from './evaluate/run';
import { runFeatures } from './features/run';
import { cellOf, testContext } from './testing';
import { runTrain } from './train/run';

/*
 * The penguins sample through the app's own pipeline in Node, with the sample's own configs:
 * brief, features (stratified 25%), train (softmax logistic, tree, boosted trees), evaluate.
 * Known answers are counts of public/sample/penguins/penguins.csv (Adelie 152, Chinstrap 68,
 * Gentoo 124); the models themselves are checked against scikit-learn in src/ml/models.
 */

const CSV = new URL('../../public/sample/penguins/penguins.csv', import.meta.url);

const config = <K extends keyof typeof PENGUIN_CONFIGS>(kind: K) => PENGUIN_CONFIGS[kind];

let engine: SqlEngine;
let brief: BriefConfig;
beforeAll(async () => {
  const harness = await createImportHarness();
  engine = harness.engine;
  await harness.run('penguins.csv', readFileSync(CSV), 'csv', { table: 'penguins' });
  brief = config('brief');
});

describe('the penguins sample', () => {
  it('frames species as multiclass with the majority class as baseline', async () => {
    const s = await summarizeTarget(engine, brief);
    if (s.task !== 'multiclass') throw new Error('multiclass expected');
    expect(s.classes).toEqual([
      { value: 'Adelie', count: 152 },
      { value: 'Gentoo', count: 124 },
      { value: 'Chinstrap', count: 68 },
    ]);
    expect(s.order).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(s.baseline.accuracy).toBeCloseTo(152 / 344, 12);
    // Predicting Adelie: Chinstrap costs 3 and Gentoo 1 in the sample's matrix.
    expect(s.baseline.costPer1000).toBeCloseTo(((68 * 3 + 124) / 344) * 1000, 9);
  });

  it('keeps each species’ share in the split, trains three models and evaluates them', async () => {
    await runFeatures(testContext(engine, brief), cellOf('features', config('features')));
    const shares = await textRows(
      engine,
      `SELECT __class, count(*) FILTER (WHERE __split = 'validation') AS v, count(*) AS n
       FROM penguin_features GROUP BY 1 ORDER BY 1`,
    );
    // round(0.25 × n) of each class.
    expect(shares).toEqual([
      { __class: 'Adelie', v: '38', n: '152' },
      { __class: 'Chinstrap', v: '17', n: '68' },
      { __class: 'Gentoo', v: '31', n: '124' },
    ]);
    const trained = await runTrain(testContext(engine, brief), cellOf('train', config('train')));
    expect(trained.runs.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
    for (const run of trained.runs.slice(1)) expect(run.metrics['macro_f1']).toBeGreaterThan(0.9);
    const evaluated = await runEvaluate(testContext(engine, brief), cellOf('evaluate', config('evaluate')));
    expect(evaluated.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(evaluated.verdict?.clearsBar).toBe(true);
    const chosen = evaluated.runs.find((r) => r.id === evaluated.verdict?.id);
    if (chosen?.kind !== 'multiclass') throw new Error('multiclass run expected');
    expect(chosen.perClass.map((c) => c.support)).toEqual([38, 17, 31]);
    // The sample slices by island: each of the 86 validation birds in one, worst first.
    const [islands] = chosen.slices;
    expect(islands?.report.kind).toBe('multiclass');
    expect(islands?.report.rows.map((r) => r.slice).sort()).toEqual(['Biscoe', 'Dream', 'Torgersen']);
    expect(islands?.report.rows.reduce((s, r) => s + r.count, 0)).toBe(86);
  });
});
