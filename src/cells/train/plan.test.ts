import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../../workers/training/api';
import type { GbdtSpec, ModelSpec } from '../../notebook/model-types';
import type { SearchSpec } from '../../notebook/train-types';
import { bestRun, crossValidation, metricValue, metricValues } from './metrics';
import { defaultModelSpec } from '../../notebook/model-types';
import { forTask, modelLabel, planRuns, searchPoints, withParams } from './plan';
import { ProgressReporter } from './progress';
import type { RunRecord, TrainCellProgress } from './result';

const GBDT: GbdtSpec = {
  kind: 'gbdt',
  task: 'binary',
  learningRate: 0.1,
  maxIter: 100,
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2: 0,
  earlyStopping: false,
  seed: 1,
};

describe('planRuns', () => {
  it('the baseline first, then the models with the task filled in, then the trials', () => {
    const runs = planRuns(
      {
        input: 'f',
        output: 'p',
        models: [
          { ...GBDT, task: 'regression', maxIter: 7 },
          { kind: 'logistic', C: 0.5, seed: 1 },
        ],
        backend: 'auto',
        folds: null,
        search: {
          model: 'gbdt',
          method: 'grid',
          trials: 2,
          seed: 1,
          params: [{ name: 'l2', values: [0, 1] }],
        },
      },
      'binary',
    );
    expect(runs.map((r) => [r.role, r.label, r.problem])).toEqual([
      ['baseline', 'Baseline: training positive rate', null],
      ['model', 'Gradient-boosted trees (7 rounds, rate 0.1)', null],
      ['model', 'Logistic regression (C = 0.5)', null],
      ['trial', 'Search gbdt: trial 1 of 2', null],
      ['trial', 'Search gbdt: trial 2 of 2', null],
    ]);
    expect(runs[1]?.spec).toMatchObject({ task: 'binary' });
    // The search starts from the cell's gbdt (7 rounds), task from the brief.
    expect(runs[4]?.spec).toMatchObject({ kind: 'gbdt', task: 'binary', maxIter: 7, l2: 1 });
    expect(runs[4]?.group).toBe('Search gbdt (grid, 2 trials)');
  });

  it('a search of a kind the task does not have: every trial says why', () => {
    const search: SearchSpec = { model: 'linear', method: 'random', trials: 2, seed: 1, params: [] };
    const runs = planRuns(
      { input: 'f', output: 'p', models: [], backend: 'auto', folds: null, search },
      'binary',
    );
    expect(runs.slice(1).map((r) => r.problem)).toEqual([
      expect.stringMatching(/predicts a number/),
      expect.stringMatching(/predicts a number/),
    ]);
  });
});

describe('labels and tasks', () => {
  it("the default gbdt is scikit-learn's HistGradientBoosting", () => {
    expect(defaultModelSpec('gbdt', 'binary', 1)).toEqual(GBDT);
  });

  it.each<[ModelSpec, string]>([
    [defaultModelSpec('baseline', 'regression', 1), 'Baseline: training mean'],
    [{ kind: 'linear', alpha: 0, seed: 1 }, 'Linear regression'],
    [{ kind: 'linear', alpha: 2, seed: 1 }, 'Ridge regression (alpha = 2)'],
    [
      { kind: 'tree', task: 'binary', maxDepth: null, minSamplesLeaf: 1, seed: 1 },
      'Decision tree (no depth limit)',
    ],
    [defaultModelSpec('tree', 'binary', 1), 'Decision tree (depth ≤ 4)'],
    [defaultModelSpec('mlp', 'binary', 1), 'Neural network (32, relu)'],
    [
      { ...defaultModelSpec('mlp', 'binary', 1), kind: 'mlp', hidden: [] } as ModelSpec,
      'Neural network (no hidden layer)',
    ],
  ])('%j is "%s"', (spec, label) => expect(modelLabel(spec)).toBe(label));

  it('fills the task, or says why a kind cannot serve it', () => {
    expect(forTask(GBDT, 'regression')).toEqual({ spec: { ...GBDT, task: 'regression' }, problem: null });
    expect(forTask({ kind: 'logistic', C: 1, seed: 1 }, 'regression').problem).toMatch(
      /^Logistic regression predicts a yes\/no target/,
    );
    expect(forTask({ kind: 'linear', alpha: 1, seed: 1 }, 'regression').problem).toBeNull();
  });
});

describe('searchPoints', () => {
  const params = [
    { name: 'a', values: [1, 2] },
    { name: 'b', values: [10, 20, 30] },
  ];

  it('grid: first parameter slowest, capped at `trials`, or the whole grid when smaller', () => {
    const grid = (trials: number) => searchPoints({ model: 'gbdt', method: 'grid', trials, seed: 1, params });
    expect(grid(4)).toEqual([
      { a: 1, b: 10 },
      { a: 1, b: 20 },
      { a: 1, b: 30 },
      { a: 2, b: 10 },
    ]);
    expect(grid(100)).toHaveLength(6);
    expect(searchPoints({ model: 'gbdt', method: 'grid', trials: 3, seed: 1, params: [] })).toEqual([{}]);
  });

  it('random: seeded draws from the lists', () => {
    const random = (seed: number) =>
      searchPoints({ model: 'gbdt', method: 'random', trials: 40, seed, params });
    const points = random(5);
    expect(points).toHaveLength(40);
    expect(random(5)).toEqual(points);
    expect(random(6)).not.toEqual(points);
    expect(new Set(points.map((p) => p.a))).toEqual(new Set([1, 2]));
    expect(new Set(points.map((p) => p.b))).toEqual(new Set([10, 20, 30]));
  });
});

describe('withParams', () => {
  it('applies numeric settings, maxDepth included (null by default)', () => {
    expect(withParams(GBDT, { maxDepth: 3, learningRate: 0.3 })).toEqual({
      spec: { ...GBDT, maxDepth: 3, learningRate: 0.3 },
      problem: null,
    });
  });

  it('names a setting that is not a number of the kind, and a value out of range', () => {
    expect(withParams(GBDT, { earlyStopping: 1 }).problem).toMatch(
      /^"earlyStopping" is not a number setting of gbdt: search one of learningRate, maxIter/,
    );
    expect(withParams(GBDT, { learningRate: 0 }).problem).toBe(
      "The trial's settings (learningRate = 0) do not work: learningRate is not above 0. Change the values searched.",
    );
    expect(withParams(GBDT, { maxIter: 2.5 }).problem).toMatch(/maxIter is not a whole number/);
  });
});

describe('metrics', () => {
  it('null where undefined or where the scores do not fit the metric', () => {
    expect(metricValue('roc_auc', [1, 1], [0.2, 0.4])).toBeNull();
    // A rule's score of 3 is no probability: no log loss, but a ranking.
    expect(metricValue('log_loss', [0, 1], [0, 3])).toBeNull();
    expect(metricValue('roc_auc', [0, 1], [0, 3])).toBe(1);
    expect(metricValues('regression', [1, 2, 3], [1, 2, 4])).toEqual({
      rmse: Math.sqrt(1 / 3),
      mae: 1 / 3,
      r2: 0.5,
      mape: 1 / 9,
    });
  });

  it('cross-validation: mean and population std of the folds with a value', () => {
    expect(crossValidation([0.7, null, 0.9])).toEqual({
      folds: 3,
      values: [0.7, null, 0.9],
      mean: 0.8,
      std: expect.closeTo(0.1, 12),
    });
    expect(crossValidation([null, null])).toMatchObject({ mean: null, std: null });
  });

  it('best: the done model or trial best on the metric, never the baseline or the rule', () => {
    const run = (id: string, role: RunRecord['role'], value: number, status: RunRecord['status'] = 'done') =>
      ({ id, role, status, metrics: { log_loss: value } }) as unknown as RunRecord;
    const runs = [
      run('b', 'baseline', 0.1),
      run('r', 'rule', 0.1),
      run('m', 'model', 0.5),
      run('t', 'trial', 0.4),
      run('f', 'model', 0.01, 'failed'),
    ];
    expect(bestRun(runs, 'log_loss')).toBe('t');
    expect(bestRun(runs, 'roc_auc')).toBeNull();
  });
});

describe('ProgressReporter', () => {
  it('reports starts and ends at once, events at most every 100 ms', () => {
    let now = 0;
    const reports: TrainCellProgress[] = [];
    const progress = new ProgressReporter(
      (p) => reports.push(p),
      2,
      () => now,
    );
    progress.start('gbdt');
    const step = (iteration: number): TrainEvent => ({
      type: 'progress',
      runId: 'r',
      iteration,
      loss: 1 / iteration,
      elapsedMs: 0,
    });
    for (let i = 1; i <= 10; i++) {
      now += 30;
      progress.event(step(i));
    }
    expect(reports.map((r) => r.curve.length)).toEqual([0, 4, 8]);
    const curve = progress.finish();
    expect(curve).toHaveLength(10);
    expect(reports.at(-1)).toMatchObject({ label: 'gbdt', done: 1, total: 2, backend: null });
    expect(reports.at(-1)?.curve).toHaveLength(10);
  });

  it('a fit continued from a checkpoint after a lost device replaces the epochs trained again', () => {
    const progress = new ProgressReporter(
      () => undefined,
      1,
      () => 0,
    );
    progress.start('mlp');
    const epoch = (n: number, loss: number): TrainEvent => ({
      type: 'epoch',
      runId: 'r',
      epoch: n,
      loss,
      validationLoss: loss,
      epochMs: 1,
    });
    for (let i = 1; i <= 7; i++) progress.event(epoch(i, 1));
    for (let i = 6; i <= 8; i++) progress.event(epoch(i, 2));
    expect(progress.finish().map((p) => [p.step, p.loss])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 2],
      [7, 2],
      [8, 2],
    ]);
  });
});
