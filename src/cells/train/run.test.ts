import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../data/engine';
import { AppError } from '../../lib/errors';
import { rocAuc } from '../../ml/metrics';
import { mulberry32 } from '../../ml/models/prng';
import type { GbdtSpec, ModelSpec } from '../../notebook/model-types';
import type { TrainConfig } from '../../notebook/train-types';
import { METRICS } from '../../notebook/metrics';
import type { BriefConfig } from '../../notebook/types';
import { createNodeEngine } from '../../data/testing/node-engine';
import { rejection } from '../../data/testing/import-harness';
import { briefOf, cellOf, inProcessTraining, testContext } from '../testing';
import type { TrainingPort } from '../types';
import type { TrainResult } from './result';
import { runTrain } from './run';

// Small generated features tables, as a Features cell makes them: 300 rows, every 5th validation.
// Binary: churn = x0 + 0.5·x1 + noise > 0, rule = x0 > 0.2; regression: y = 5 + 2·x0 − x1 + noise.
const ROWS = 300;

function generated(task: 'binary' | 'regression', seed = 1): string {
  const random = mulberry32(seed);
  const rows: string[] = [];
  for (let i = 1; i <= ROWS; i++) {
    const [x0, x1, x2] = [random() * 2 - 1, random() * 2 - 1, random() * 2 - 1];
    const noise = random() - 0.5;
    const side = i % 5 === 0 ? 'validation' : 'train';
    const target =
      task === 'binary' ? Number(x0 + 0.5 * x1 + 0.4 * noise > 0) : 5 + 2 * x0 - x1 + 0.2 * noise;
    const rule = task === 'binary' ? `, ${Number(x0 > 0.2)}.0` : '';
    rows.push(`(${i}, '${side}', ${target}${rule}, ${x0}, ${x1}, ${x2})`);
  }
  const columns = task === 'binary' ? '__baseline, x0, x1, noise' : 'x0, x1, noise';
  return `SELECT * FROM (VALUES ${rows.join(', ')}) AS t(__row_id, __split, __target, ${columns})`;
}

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(`CREATE TABLE bin AS ${generated('binary')}`);
  await engine.exec(`CREATE TABLE reg AS ${generated('regression')}`);
});

const BINARY: BriefConfig = briefOf({
  input: 'source',
  target: 'churn',
  positive: 'Yes',
  baseline: { kind: 'rule', sql: 'x0 > 0.2' },
});
const REGRESSION: BriefConfig = briefOf({ input: 'source', target: 'y', task: 'regression', metric: 'rmse' });

const gbdt = (overrides: Partial<GbdtSpec> = {}): GbdtSpec => ({
  kind: 'gbdt',
  task: 'binary',
  learningRate: 0.1,
  maxIter: 20,
  maxLeafNodes: 15,
  maxDepth: null,
  minSamplesLeaf: 10,
  l2: 0,
  earlyStopping: false,
  seed: 3,
  ...overrides,
});
const LOGISTIC: ModelSpec = { kind: 'logistic', C: 1, seed: 3 };

const config = (overrides: Partial<TrainConfig> = {}): TrainConfig => ({
  input: 'bin',
  output: 'predictions',
  models: [LOGISTIC],
  backend: 'cpu',
  folds: null,
  search: null,
  ...overrides,
});

async function train(
  brief: BriefConfig | null,
  overrides: Partial<TrainConfig> = {},
  ctx = testContext(engine, brief),
) {
  return await runTrain(ctx, cellOf('train', config(overrides)));
}

const byLabel = (result: TrainResult, label: string) => {
  const run = result.runs.find((r) => r.label === label);
  if (!run) throw new Error(`no run "${label}" in ${result.runs.map((r) => r.label).join(', ')}`);
  return run;
};

describe('runTrain: binary', () => {
  it('trains the baseline, scores the rule, then the models, with every binary metric', async () => {
    const result = await train(BINARY, { models: [LOGISTIC, gbdt()] });
    expect(result.runs.map((r) => [r.role, r.label, r.status])).toEqual([
      ['baseline', 'Baseline: training positive rate', 'done'],
      ['rule', 'Rule: x0 > 0.2', 'done'],
      ['model', 'Logistic regression (C = 1)', 'done'],
      ['model', 'Gradient-boosted trees (20 rounds, rate 0.1)', 'done'],
    ]);
    expect(result).toMatchObject({
      input: 'bin',
      task: 'binary',
      metric: 'roc_auc',
      rows: { train: 240, validation: 60 },
    });
    expect(result.featureNames).toEqual(['x0', 'x1', 'noise']);
    expect(result.validationRowIds).toEqual(Int32Array.from({ length: 60 }, (_, i) => (i + 1) * 5));
    expect(result.splitFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(result.backends?.backend).toBe('cpu');
    for (const run of result.runs) {
      expect(Object.keys(run.metrics).sort()).toEqual([...METRICS.binary].sort());
      expect(run.scores).toHaveLength(60);
    }
    const [baseline, rule, logistic, boosted] = result.runs;
    // The baseline scores every row alike: ROC AUC 0.5.
    expect(baseline?.metrics.roc_auc).toBe(0.5);
    expect(logistic?.metrics.roc_auc).toBeGreaterThan(0.9);
    expect(boosted?.metrics.roc_auc).toBeGreaterThan(0.8);
    const winner = (logistic?.metrics.roc_auc ?? 0) >= (boosted?.metrics.roc_auc ?? 0) ? logistic : boosted;
    expect(result.best).toBe(winner?.id);
    expect(logistic?.trainMetric).toBeGreaterThan(0.9);
    expect(logistic?.detail.coefficients?.map((c) => c.feature)).toEqual(['x0', 'x1', 'noise']);
    expect(logistic?.detail.intercept).toEqual(expect.any(Number));
    expect(logistic?.model?.kind).toBe('logistic');
    expect(boosted?.detail.iterations).toBe(20);
    expect(boosted?.curve.map((p) => p.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // The rule is scored from __baseline, not trained.
    expect(rule).toMatchObject({ spec: null, model: null, backend: null, durationMs: 0 });
    const truth = Array.from(result.validationTruth);
    const ruleScores = result.validationRowIds.length === 60 ? Array.from(rule?.scores ?? []) : [];
    expect(rule?.metrics.roc_auc).toBeCloseTo(rocAuc(truth, ruleScores).value ?? NaN, 12);
    expect(ruleScores.every((s) => s === 0 || s === 1)).toBe(true);
    // A rule gives no probabilities: log loss and Brier are not reported for it.
    expect(rule?.metrics).toMatchObject({ log_loss: null, brier: null });
    expect(new Set(result.runs.map((r) => r.id)).size).toBe(4);
  });

  it('writes every run’s validation predictions as a table SQL can read', async () => {
    const result = await train(BINARY, { models: [LOGISTIC], output: 'preds' });
    const table = await engine.query(
      `SELECT run_id, run, role, count(*)::INTEGER AS n, count(DISTINCT row_id)::INTEGER AS rows,
              sum(truth)::INTEGER AS positives, min(score) >= 0 AND max(score) <= 1 AS probabilities
       FROM preds GROUP BY ALL ORDER BY min(rowid)`,
    );
    const rows = table.toArray().map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());
    const positives = Array.from(result.validationTruth).filter((y) => y === 1).length;
    expect(rows).toEqual(
      result.runs.map((r) => ({
        run_id: r.id,
        run: r.label,
        role: r.role,
        n: 60,
        rows: 60,
        positives,
        probabilities: true,
      })),
    );
    const logistic = result.runs[2];
    const scores = await engine.query(
      `SELECT row_id, score FROM preds WHERE run_id = '${logistic?.id ?? ''}' ORDER BY row_id`,
    );
    expect(Array.from(scores.getChild('score')?.toArray() ?? [])).toEqual(
      Array.from(logistic?.scores ?? []).map((v) => Math.fround(v)),
    );
    expect(Array.from(scores.getChild('row_id')?.toArray() ?? [])).toEqual(
      Array.from(result.validationRowIds),
    );
  });

  it('a model the task does not have fails alone, with a message; the others run', async () => {
    const result = await train(BINARY, { models: [{ kind: 'linear', alpha: 0, seed: 1 }, LOGISTIC] });
    const linear = byLabel(result, 'Linear regression');
    expect(linear).toMatchObject({ status: 'failed', model: null, scores: null, metrics: {} });
    expect(linear.message).toMatch(/Linear regression predicts a number.*binary/);
    expect(byLabel(result, 'Logistic regression (C = 1)').status).toBe('done');
    expect(result.best).toBe(byLabel(result, 'Logistic regression (C = 1)').id);
  });

  it('a neural network reports its epochs (loss and validation loss) and its kept epoch', async () => {
    const mlp: ModelSpec = {
      kind: 'mlp',
      task: 'binary',
      hidden: [4],
      activation: 'tanh',
      dropout: 0,
      learningRate: 0.05,
      batchSize: 32,
      epochs: 6,
      patience: 0,
      l2: 0,
      seed: 7,
    };
    const ctx = testContext(engine, BINARY);
    const result = await train(BINARY, { models: [mlp] }, ctx);
    const run = byLabel(result, 'Neural network (4, tanh)');
    expect(run.status).toBe('done');
    expect(run.backend?.backend).toBe('cpu');
    expect(run.curve.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(run.curve.every((p) => p.validationLoss !== null && p.loss > 0)).toBe(true);
    expect(run.detail).toEqual({ stoppedEarly: false, bestEpoch: expect.any(Number) });
    expect(run.metrics.roc_auc).toBeGreaterThan(0.8);
    expect(ctx.reports.at(-1)?.curve).toEqual(run.curve);
  });

  it('is deterministic: same seed, same data, same metrics (new run ids)', async () => {
    const models = [
      LOGISTIC,
      gbdt(),
      { kind: 'tree', task: 'binary', maxDepth: 3, minSamplesLeaf: 5, seed: 2 } as const,
    ];
    const [a, b] = [await train(BINARY, { models, folds: 3 }), await train(BINARY, { models, folds: 3 })];
    expect(a.runs.map((r) => [r.metrics, r.cv, r.trainMetric])).toEqual(
      b.runs.map((r) => [r.metrics, r.cv, r.trainMetric]),
    );
    expect(a.splitFingerprint).toBe(b.splitFingerprint);
    expect(a.runs.map((r) => r.id)).not.toEqual(b.runs.map((r) => r.id));
  });
});

describe('runTrain: regression', () => {
  it('has the regression metrics; linear regression beats the mean; no rule run', async () => {
    const linear: ModelSpec = { kind: 'linear', alpha: 0, seed: 1 };
    const result = await train(REGRESSION, { input: 'reg', models: [linear, { ...gbdt(), task: 'binary' }] });
    expect(result.runs.map((r) => r.role)).toEqual(['baseline', 'model', 'model']);
    const [mean, fitted, boosted] = result.runs;
    for (const run of result.runs)
      expect(Object.keys(run.metrics).sort()).toEqual([...METRICS.regression].sort());
    // The task comes from the brief, whatever the spec says.
    expect(boosted?.spec).toMatchObject({ kind: 'gbdt', task: 'regression' });
    expect(mean?.metrics.r2).toBeLessThanOrEqual(0);
    expect(fitted?.metrics.r2).toBeGreaterThan(0.95);
    expect(fitted?.metrics.rmse).toBeLessThan(mean?.metrics.rmse ?? 0);
    expect(result.best).toBe(fitted?.id);
  });

  it('a logistic regression on a regression brief fails alone', async () => {
    const result = await train(REGRESSION, { input: 'reg', models: [LOGISTIC] });
    expect(result.runs[1]).toMatchObject({ status: 'failed', role: 'model' });
    expect(result.runs[1]?.message).toMatch(/Logistic regression predicts a yes\/no target/);
    expect(result.best).toBeNull();
  });
});

describe('runTrain: search and cross-validation', () => {
  it('grid: the first `trials` points of the grid, first parameter slowest', async () => {
    const search = {
      model: 'gbdt',
      method: 'grid',
      trials: 4,
      seed: 1,
      params: [
        { name: 'learningRate', values: [0.05, 0.2] },
        { name: 'maxIter', values: [5, 10, 15] },
      ],
    } as const;
    const result = await train(BINARY, { models: [gbdt({ maxLeafNodes: 7 })], search });
    const trials = result.runs.filter((r) => r.role === 'trial');
    expect(trials.map((t) => t.params)).toEqual([
      { learningRate: 0.05, maxIter: 5 },
      { learningRate: 0.05, maxIter: 10 },
      { learningRate: 0.05, maxIter: 15 },
      { learningRate: 0.2, maxIter: 5 },
    ]);
    expect(new Set(trials.map((t) => t.group))).toEqual(new Set(['Search gbdt (grid, 4 trials)']));
    expect(trials.map((t) => t.label)[3]).toBe('Search gbdt: trial 4 of 4');
    // The base is the cell's gbdt: its other settings are kept.
    expect(trials[3]?.spec).toMatchObject({ learningRate: 0.2, maxIter: 5, maxLeafNodes: 7 });
    expect(trials.every((t) => t.status === 'done' && t.detail.iterations === t.params?.maxIter)).toBe(true);
  });

  it('random: `trials` seeded draws from the lists, the same on every run', async () => {
    const search = {
      model: 'tree',
      method: 'random',
      trials: 5,
      seed: 9,
      params: [
        { name: 'maxDepth', values: [1, 2, 3, 4] },
        { name: 'minSamplesLeaf', values: [1, 10] },
      ],
    } as const;
    const [a, b] = [await train(BINARY, { search }), await train(BINARY, { search })];
    const trials = a.runs.filter((r) => r.role === 'trial');
    expect(trials).toHaveLength(5);
    expect(trials[0]?.group).toBe('Search tree (random, 5 trials)');
    for (const t of trials) {
      expect([1, 2, 3, 4]).toContain(t.params?.maxDepth);
      expect([1, 10]).toContain(t.params?.minSamplesLeaf);
      // No tree among the cell's models: the default tree, searched values applied.
      expect(t.spec).toMatchObject({ kind: 'tree', task: 'binary', ...t.params });
    }
    expect(b.runs.filter((r) => r.role === 'trial').map((t) => t.params)).toEqual(
      trials.map((t) => t.params),
    );
    // The best may be a trial: it is the best done model or trial on the brief's metric.
    const best = a.runs.find((r) => r.id === a.best);
    expect(['model', 'trial']).toContain(best?.role);
  });

  it('k-fold CV of each model on the training rows; not of the baseline or trials', async () => {
    const search = {
      model: 'logistic',
      method: 'grid',
      trials: 2,
      seed: 1,
      params: [{ name: 'C', values: [0.1, 1] }],
    } as const;
    const training = inProcessTraining();
    const ctx = testContext(engine, BINARY, { training });
    const result = await train(BINARY, { models: [LOGISTIC], folds: 4, search }, ctx);
    const [baseline, , logistic, ...trials] = result.runs;
    expect(baseline?.cv).toBeNull();
    expect(trials.map((t) => t.cv)).toEqual([null, null]);
    const cv = logistic?.cv;
    expect(cv?.folds).toBe(4);
    expect(cv?.values).toHaveLength(4);
    const values = (cv?.values ?? []).map((v) => v ?? NaN);
    expect(cv?.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / 4, 12);
    expect(cv?.std).toBeGreaterThanOrEqual(0);
    expect(Math.min(...values)).toBeGreaterThan(0.85);
    // Folds count towards the progress: baseline + model + 4 folds + 2 trials.
    expect(ctx.reports.at(-1)).toMatchObject({ done: 8, total: 8 });
    // Each fold trains on 3/4 of the 240 training rows and scores the rest; no validation row is used.
    // Requests in order: the baseline, the model, its 4 folds, the 2 trials.
    const folds = training.requests.slice(2, 6);
    expect(folds.map((r) => r.train.length)).toEqual([180, 180, 180, 180]);
    expect(folds.map((r) => r.train.length + r.validation.length)).toEqual([240, 240, 240, 240]);
    const validationRows = new Set(Array.from({ length: 60 }, (_, i) => (i + 1) * 5 - 1));
    expect(folds.every((r) => [...r.train, ...r.validation].every((p) => !validationRows.has(p)))).toBe(true);
  });

  it('sends the matrix to the worker once for all models, folds and trials, and frees it after', async () => {
    const search = {
      model: 'gbdt',
      method: 'grid',
      trials: 3,
      seed: 2,
      params: [{ name: 'learningRate', values: [0.05, 0.1, 0.2] }],
    } as const;
    const training = inProcessTraining();
    const ctx = testContext(engine, BINARY, { training });
    const result = await train(BINARY, { models: [LOGISTIC, gbdt({ maxIter: 10 })], folds: 3, search }, ctx);
    // Baseline, 2 models with 3 folds each, 3 trials: 12 trainings.
    expect(training.requests).toHaveLength(12);
    expect(result.runs.filter((r) => r.role === 'trial')).toHaveLength(3);
    expect(result.runs.every((r) => r.status === 'done')).toBe(true);
    // One dataset: all 300 rows × 3 features, loaded once; every training names it by id.
    expect(training.loads).toHaveLength(1);
    const [dataset] = training.loads;
    expect(dataset?.x).toHaveLength(300 * 3);
    expect(dataset?.y).toHaveLength(300);
    expect(new Set(training.requests.map((r) => r.datasetId))).toEqual(new Set([dataset?.datasetId]));
    // The requests carry row numbers only: no request holds feature values.
    expect(training.requests.every((r) => !('x' in r) && !('y' in r))).toBe(true);
    expect(training.released).toEqual([dataset?.datasetId]);
    expect(training.held()).toEqual([]);
  });
});

describe('runTrain: progress and cancelling', () => {
  it('reports each run start and end, the curve as it grows, and the last state', async () => {
    const ctx = testContext(engine, BINARY);
    await train(BINARY, { models: [gbdt({ maxIter: 30 })] }, ctx);
    const last = ctx.reports.at(-1);
    expect(last).toMatchObject({
      kind: 'train',
      done: 2,
      total: 2,
      label: 'Gradient-boosted trees (30 rounds, rate 0.1)',
    });
    expect(last?.curve).toHaveLength(30);
    expect(last?.curve[0]).toEqual({ step: 1, loss: expect.any(Number), validationLoss: null });
    expect(ctx.reports.map((r) => r.done)).toEqual([...ctx.reports.map((r) => r.done)].sort((a, b) => a - b));
    // Throttled (at most every 100 ms; the fake-clock test in plan.test.ts pins it down): fewer
    // reports than the gbdt's 30 round events alone.
    expect(ctx.reports.length).toBeLessThan(30);
  });

  it('cancelling stops the run in training and rejects with "cancelled"', async () => {
    const controller = new AbortController();
    const training = inProcessTraining();
    let stoppedAt = 0;
    // The user presses Cancel while the gbdt is at its 5th round (of 500).
    const port: TrainingPort = {
      backends: () => training.backends(),
      load: (dataset) => training.load(dataset),
      release: (datasetId) => training.release(datasetId),
      cancel: (runId) => training.cancel(runId),
      train: (request, onProgress) =>
        training.train(request, (event) => {
          onProgress(event);
          if (event.type === 'progress' && request.spec.kind === 'gbdt') {
            stoppedAt = event.iteration;
            if (event.iteration === 5) controller.abort();
          }
        }),
    };
    const ctx = testContext(engine, BINARY, { training: port, signal: controller.signal });
    const error = await rejection(
      runTrain(ctx, cellOf('train', config({ models: [gbdt({ maxIter: 500 })] }))),
    );
    expect(error.code).toBe('cancelled');
    expect(error.message).toMatch(/^Training was cancelled/);
    const gbdtRun = training.requests.find((r) => r.spec.kind === 'gbdt');
    expect(training.cancelled).toEqual([gbdtRun?.runId]);
    // The run's data was freed in the worker.
    expect(training.loads).toHaveLength(1);
    expect(training.held()).toEqual([]);
    // The worker stopped at the next round, not after 500.
    expect(stoppedAt).toBeLessThan(10);
  });

  it('a cell cancelled before it trains rejects at once', async () => {
    const controller = new AbortController();
    controller.abort();
    const ctx = testContext(engine, BINARY, { signal: controller.signal });
    expect((await rejection(runTrain(ctx, cellOf('train', config())))).code).toBe('cancelled');
  });
});

describe('runTrain: what it refuses, and why', () => {
  const message = async (brief: BriefConfig | null, overrides: Partial<TrainConfig>) => {
    const e = await rejection(train(brief, overrides));
    expect(e).toBeInstanceOf(AppError);
    return e.message;
  };

  beforeAll(async () => {
    await engine.exec(`CREATE TABLE plain AS SELECT 1 AS a, 0.0 AS __target`);
    await engine.exec(`CREATE TABLE only_meta AS SELECT __row_id, __split, __target FROM bin`);
    await engine.exec(
      `CREATE TABLE one_class AS SELECT * REPLACE (CASE WHEN __split = 'train' THEN 0.0 ELSE __target END AS __target) FROM bin`,
    );
    await engine.exec(
      `CREATE TABLE null_target AS SELECT * REPLACE (CASE WHEN __row_id = 7 THEN NULL ELSE __target END AS __target) FROM bin`,
    );
    await engine.exec(
      `CREATE TABLE null_feature AS SELECT * REPLACE (CASE WHEN __row_id = 7 THEN NULL ELSE x1 END AS x1) FROM bin`,
    );
    await engine.exec(
      `CREATE TABLE nan_feature AS SELECT * REPLACE (CASE WHEN __row_id = 7 THEN 'NaN'::DOUBLE ELSE x1 END AS x1) FROM bin`,
    );
    await engine.exec(`CREATE TABLE tiny AS SELECT * FROM reg WHERE __row_id <= 6`);
    await engine.exec(`CREATE TABLE no_validation AS SELECT * REPLACE ('train' AS __split) FROM bin`);
  });

  it.each([
    ['no brief', null, {}, /no brief/],
    ['no input', BINARY, { input: '' }, /Choose the table a Features cell made/],
    ['a missing table', BINARY, { input: 'nope' }, /"nope" does not exist yet.*Features cell/],
    [
      'not a features table',
      BINARY,
      { input: 'plain' },
      /"plain" is not a table a Features cell made.*"__row_id", "__split"\. Choose the table a Features cell made/,
    ],
    ['no feature columns', BINARY, { input: 'only_meta' }, /no feature columns/],
    ['no models', BINARY, { models: [] }, /Add at least one model/],
    [
      'one class',
      BINARY,
      { input: 'one_class' },
      /only one class in the training rows \(only rows that are not 'Yes'\)/,
    ],
    ['a NULL target', BINARY, { input: 'null_target' }, /1 row of "null_target" has no target/],
    ['a NULL feature', BINARY, { input: 'null_feature' }, /"x1" has 1 missing values: impute it/],
    [
      'a NaN feature',
      BINARY,
      { input: 'nan_feature' },
      /"x1" is NaN on row 7: every feature must be a finite number/,
    ],
    [
      'no validation rows',
      BINARY,
      { input: 'no_validation' },
      /has no validation rows \(300 training, 0 validation\)/,
    ],
    [
      'more folds than training rows',
      REGRESSION,
      { input: 'tiny', folds: 6 },
      /6-fold cross-validation needs at least 6 training rows; there are 5/,
    ],
  ] as const)('%s', async (_name, brief, overrides, pattern) => {
    expect(await message(brief, overrides)).toMatch(pattern);
  });
});
