import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../data/engine';
import { createNodeEngine } from '../../data/testing/node-engine';
import { textRows } from '../../data/testing/text-rows';
import { multiclassMetric } from '../../ml/metrics';
import { mulberry32 } from '../../ml/models/prng';
import type { ModelSpec } from '../../notebook/model-types';
import type { TrainConfig } from '../../notebook/train-types';
import type { BriefConfig } from '../../notebook/types';
import { DEFAULT_BOOTSTRAP } from '../../notebook/evaluate-types';
import { runEvaluate } from '../evaluate/run';
import { evaluateStoredBatch } from '../evaluate/stored';
import { briefOf, cellOf, memoryRuns, testContext } from '../testing';
import { runTrain } from './run';

// A generated multiclass features table, as a Features cell makes it: 300 rows, every 5th
// validation; class = band of x0 + 0.5·x1 + noise (0 'high' above 0.4, 1 'low' below −0.4, 2 'mid').
const ROWS = 300;
const NAMES = ['high', 'low', 'mid'];

function generated(seed = 1): { sql: string; labels: number[] } {
  const random = mulberry32(seed);
  const rows: string[] = [];
  const labels: number[] = [];
  for (let i = 1; i <= ROWS; i++) {
    const [x0, x1] = [random() * 2 - 1, random() * 2 - 1];
    const z = x0 + 0.5 * x1 + 0.3 * (random() - 0.5);
    const c = z > 0.4 ? 0 : z < -0.4 ? 1 : 2;
    labels.push(c);
    const side = i % 5 === 0 ? 'validation' : 'train';
    rows.push(`(${i}, '${side}', ${c}.0, '${NAMES[c]}', ${x0}, ${x1})`);
  }
  return {
    sql: `SELECT * FROM (VALUES ${rows.join(', ')}) AS t(__row_id, __split, __target, __class, x0, x1)`,
    labels,
  };
}

const DATA = generated();
let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(`CREATE TABLE birds AS ${DATA.sql}`);
  await engine.exec(`CREATE TABLE binary_made AS SELECT * EXCLUDE (__class) FROM birds`);
});

const BRIEF: BriefConfig = briefOf({
  input: 'src',
  target: 'species',
  task: 'multiclass',
  metric: 'macro_f1',
});
const config = (models: ModelSpec[], input = 'birds'): TrainConfig => ({
  input,
  output: 'bird_predictions',
  models,
  backend: 'cpu',
  folds: null,
  search: null,
});
const LOGISTIC: ModelSpec = { kind: 'logistic', C: 1, seed: 3 };
const TREE: ModelSpec = { kind: 'tree', task: 'multiclass', maxDepth: 3, minSamplesLeaf: 5, seed: 3 };

const train = (models: ModelSpec[], input?: string) =>
  runTrain(testContext(engine, BRIEF), cellOf('train', config(models, input)));

describe('runTrain: multiclass', () => {
  it('trains the baseline and the models on k classes, with every multiclass metric', async () => {
    const result = await train([LOGISTIC, TREE]);
    expect(result.classes).toEqual(NAMES);
    expect(result.runs.map((r) => [r.role, r.label, r.status])).toEqual([
      ['baseline', 'Baseline: training class shares', 'done'],
      ['model', 'Logistic regression (C = 1)', 'done'],
      ['model', 'Decision tree (depth ≤ 3)', 'done'],
    ]);
    const validation = DATA.labels.filter((_, i) => (i + 1) % 5 === 0);
    const trained = DATA.labels.filter((_, i) => (i + 1) % 5 !== 0);
    // Known answer: the baseline gives every row the training shares; its arg-max is the largest class.
    const shares = [0, 1, 2].map((c) => trained.filter((y) => y === c).length / trained.length);
    const majority = shares.indexOf(Math.max(...shares));
    const baseline = result.runs[0]!;
    expect(baseline.metrics['accuracy']).toBeCloseTo(
      validation.filter((y) => y === majority).length / validation.length,
      12,
    );
    const logLoss = -validation.reduce((s, y) => s + Math.log(shares[y]!), 0) / validation.length;
    expect(baseline.metrics['log_loss']).toBeCloseTo(logLoss, 6);
    expect(baseline.metrics['roc_auc_ovr_macro']).toBeCloseTo(0.5, 12);
    for (const run of result.runs) {
      expect(Object.keys(run.metrics).sort()).toEqual(
        ['accuracy', 'log_loss', 'macro_f1', 'roc_auc_ovr_macro', 'roc_auc_ovr_weighted'].sort(),
      );
      const scores = run.scores ?? new Float32Array();
      expect(scores).toHaveLength(validation.length * 3);
      const p = { data: Float64Array.from(scores), rows: validation.length, classes: 3 };
      expect(run.metrics['macro_f1']).toBe(multiclassMetric('macro_f1', validation, p));
    }
    // The brief's metric ranks: the best model is the one with the highest macro F1.
    const models = result.runs.filter((r) => r.role === 'model');
    const best = models.reduce((a, b) =>
      (b.metrics['macro_f1'] ?? 0) > (a.metrics['macro_f1'] ?? 0) ? b : a,
    );
    expect(result.best).toBe(best.id);
    expect(best.metrics['macro_f1']).toBeGreaterThan(0.8);
  });

  it('writes one score column per class and the predicted class', async () => {
    await train([LOGISTIC]);
    const rows = await textRows(
      engine,
      `SELECT truth, predicted, round(score_high + score_low + score_mid, 6) AS total,
         predicted = CASE WHEN score_high >= score_low AND score_high >= score_mid THEN 'high'
                          WHEN score_low >= score_mid THEN 'low' ELSE 'mid' END AS argmax
       FROM bird_predictions WHERE role = 'model' ORDER BY row_id LIMIT 3`,
    );
    expect(rows.map((r) => [r['total'], r['argmax']])).toEqual([
      ['1.0', 'true'],
      ['1.0', 'true'],
      ['1.0', 'true'],
    ]);
    expect(rows[0]!['truth']).toBe(NAMES[DATA.labels[4]!]);
  });

  it('a stored batch evaluates as its predictions table does (the report path)', async () => {
    const runs = memoryRuns();
    await runTrain(testContext(engine, BRIEF, { runs }), cellOf('train', config([LOGISTIC, TREE])));
    const evaluateConfig = {
      input: 'bird_predictions',
      model: null,
      champion: null,
      threshold: null,
      slices: [],
      bootstrap: DEFAULT_BOOTSTRAP,
    };
    const live = await runEvaluate(testContext(engine, BRIEF), cellOf('evaluate', evaluateConfig));
    const bundle = runs.saved[0];
    if (!bundle) throw new Error('no batch saved');
    expect(bundle.batch.data.classes).toEqual(NAMES);
    const stored = evaluateStoredBatch(bundle, BRIEF, evaluateConfig);
    expect(stored.runs.map((r) => r.metrics)).toEqual(live.runs.map((r) => r.metrics));
    expect(stored.verdict?.sentences).toEqual(live.verdict?.sentences);
  });

  it('refuses a features table made for another task, and linear regression', async () => {
    await expect(train([LOGISTIC], 'binary_made')).rejects.toThrow(/not made for a multiclass target/);
    const result = await train([{ kind: 'linear', alpha: 0, seed: 1 }]);
    expect(result.runs[1]).toMatchObject({ status: 'failed' });
    expect(result.runs[1]?.message).toMatch(/the brief's task is multiclass/);
  });
});
