import { describe, expect, it } from 'vitest';
import { backtestFolds } from '../../ml/splits';
import { defaultConfig } from '../../notebook/ops';
import type { BacktestConfig } from '../../notebook/types';
import { briefOf } from '../testing';
import { capRows, foldModels } from './models';
import { backtestSpecOf, checkPlan, foldPositions, timeColumnOf } from './plan';
import { meanStd, summarise } from './summary';
import type { FoldResult, FoldRun } from './result';

const CONFIG: BacktestConfig = defaultConfig('backtest', new Set());
const BRIEF = briefOf({ input: 't', target: 'y', timeColumn: 'day' });
const DAY = 86_400_000;

describe('backtest plan', () => {
  it("takes the cell's time column, else the brief's, else says where to set one", () => {
    expect(timeColumnOf(CONFIG, BRIEF)).toBe('day');
    expect(timeColumnOf({ ...CONFIG, timeColumn: 'at' }, BRIEF)).toBe('at');
    expect(timeColumnOf(CONFIG, { ...BRIEF, timeColumn: null })).toMatchObject({ code: 'missing-input' });
  });

  it('turns the config into the folds spec of src/ml/splits', () => {
    expect(backtestSpecOf({ ...CONFIG, gapDays: 2 })).toEqual({
      kind: 'periods',
      period: 'month',
      window: 'expanding',
      gap: { kind: 'duration', ms: 2 * DAY },
      minTrainRows: 50,
      minTestRows: 20,
    });
    expect(
      backtestSpecOf({ ...CONFIG, folds: { kind: 'count', folds: 4 }, window: 'rolling', trainSize: 300 }),
    ).toMatchObject({
      kind: 'count',
      folds: 4,
      maxTrainRows: 300,
    });
    expect(backtestSpecOf({ ...CONFIG, window: 'rolling' })).toMatchObject({
      code: 'missing-input',
      message: expect.stringContaining('how many months'),
    });
    expect(backtestSpecOf({ ...CONFIG, folds: { kind: 'count', folds: 1 } })).toMatchObject({
      code: 'bad-input',
    });
  });

  it('gives each side of a fold as one run of positions in time order', () => {
    // 240 rows every 12 hours from 2001-01-01, read sorted: monthly folds February, March, April.
    const times = Array.from({ length: 240 }, (_, i) => Date.UTC(2001, 0, 1) + (i * DAY) / 2);
    const spec = backtestSpecOf(CONFIG);
    if ('code' in spec) throw new Error(spec.message);
    const plan = backtestFolds(times, spec);
    expect(plan.folds.map((f) => [f.label, foldPositions(f)])).toEqual([
      ['2001-02', { train: [0, 61], test: [62, 117] }],
      ['2001-03', { train: [0, 117], test: [118, 179] }],
      ['2001-04', { train: [0, 179], test: [180, 239] }],
    ]);
    expect(() => checkPlan(plan, CONFIG)).not.toThrow();
    expect(() => checkPlan({ ...plan, folds: [] }, CONFIG)).toThrow('shorter than the backtest');
  });
});

describe('backtest runs', () => {
  it('plans the baseline and the models for the task, with keys that line up across folds', () => {
    const models = foldModels(CONFIG.models, 'binary');
    expect(models.map((m) => [m.key, m.role])).toEqual([
      ['baseline', 'baseline'],
      ['model-0', 'model'],
      ['model-1', 'model'],
    ]);
    expect(foldModels([{ kind: 'linear', alpha: 0, seed: 1 }], 'binary')[1]?.problem).toContain(
      'predicts a number',
    );
  });

  it('caps the training rows with a seeded draw, sorted, the same for the same seed', () => {
    const rows = Int32Array.from({ length: 1000 }, (_, i) => i * 2);
    const a = capRows(rows, 100, 7);
    expect(a).toHaveLength(100);
    expect(new Set(a).size).toBe(100);
    expect([...a].every((v, i) => i === 0 || v > (a[i - 1] ?? -1))).toBe(true);
    expect([...a].every((v) => v % 2 === 0)).toBe(true);
    expect(capRows(rows, 100, 7)).toEqual(a);
    expect(capRows(rows, 100, 8)).not.toEqual(a);
    expect(capRows(rows, null, 7)).toBe(rows);
  });
});

describe('backtest summary', () => {
  it('mean and population standard deviation, as numpy (np.mean, np.std)', () => {
    // np.std([0.7, 0.65, 0.6, None→skipped]) = 0.0408248290463863
    const { mean, std } = meanStd([0.7, 0.65, 0.6, null]);
    expect(mean).toBeCloseTo(0.65, 12);
    expect(std).toBeCloseTo(0.0408248290463863, 12);
    expect(meanStd([null])).toEqual({ mean: null, std: null });
  });

  it('warns of decay on a falling metric with its slope (scipy.stats.linregress: slope -0.05)', () => {
    const run = (metric: number): FoldRun => ({
      key: 'model-0',
      label: 'M',
      role: 'model',
      metric,
      valuePerThousand: null,
      message: null,
      durationMs: 0,
      fitMs: null,
    });
    const folds = [0.8, 0.75, 0.7, 0.65].map(
      (m, index) => ({ index, runs: [run(m)] }) as unknown as FoldResult,
    );
    const [summary] = summarise(folds, 'roc_auc');
    expect(summary?.slope).toBeCloseTo(-0.05, 12);
    expect(summary?.decay).toContain('slope -0.0500 per fold');
    const [flat] = summarise(folds.slice().reverse(), 'roc_auc');
    expect(flat?.decay).toBeNull();
  });
});
