import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { backtestSection } from './report';
import type { BacktestOutput, FoldResult, FoldRun } from './result';
import { summarise } from './summary';
import { doneText, foldSeries } from './view';

const run = (key: string, role: FoldRun['role'], metric: number | null, value: number | null): FoldRun => ({
  key,
  label: key === 'baseline' ? 'Baseline' : 'Logistic',
  role,
  metric,
  valuePerThousand: value,
  message: null,
  durationMs: 1,
  fitMs: 1,
});

const fold = (index: number, auc: number | null): FoldResult => ({
  index,
  label: `2001-0${index + 2}`,
  train: {
    start: '2001-01-01T00:00:00.000Z',
    end: `2001-0${index + 2}-01T00:00:00.000Z`,
    rows: 100 * (index + 1),
  },
  test: {
    start: `2001-0${index + 2}-01T00:00:00.000Z`,
    end: `2001-0${index + 3}-01T00:00:00.000Z`,
    rows: 90,
  },
  trainedRows: 100 * (index + 1),
  testPositives: 20,
  leakage: { ok: true, message: null },
  runs: [run('baseline', 'baseline', 0.5, -100), run('model-0', 'model', auc, 50 - index * 20)],
  fittedFingerprint: String(index),
  timing: { restored: false, featuresMs: 10, fitMs: 2, trainMs: 3, totalMs: 20 },
});

const FOLDS = [fold(0, 0.8), fold(1, null), fold(2, 0.7)];
const OUTPUT: BacktestOutput = {
  kind: 'backtest',
  features: 'f',
  timeColumn: 'date',
  task: 'binary',
  metric: 'roc_auc',
  bar: 0.65,
  threshold: 0.3,
  folds: FOLDS,
  summaries: summarise(FOLDS, 'roc_auc'),
  notes: [],
  storage: { state: 'saved', groupId: 'g-1' },
  timing: { prepareMs: 5, storeMs: 4, totalMs: 70 },
};

describe('the backtest view and report', () => {
  it('charts each run over the folds where it has a value, references dashed', () => {
    const series = foldSeries(OUTPUT, (r) => r.metric);
    expect(series.map((s) => [s.label, [...Array.from(s.x)], s.dashed])).toEqual([
      ['Baseline', [0, 1, 2], true],
      ['Logistic', [0, 2], false],
    ]);
  });

  it('says how many folds and the best model, with its spread', () => {
    expect(doneText(OUTPUT, true)).toBe('3 folds, best ROC AUC 0.750 ± 0.050, decays');
  });

  it('reports the folds, the summary, the decay warning and two charts drawn by Plot', () => {
    const { document } = new JSDOM('<!doctype html><body></body>').window;
    const section = backtestSection('Backtest', OUTPUT, document);
    expect(section.folds.map((f) => f.cells)).toEqual([
      ['0.500 · -100', '0.800 · 50'],
      ['0.500 · -100', '– · 30'],
      ['0.500 · -100', '0.700 · 10'],
    ]);
    expect(section.summaries[1]).toMatchObject({ label: 'Logistic', metric: '0.750 ± 0.050' });
    expect(section.warnings[0]).toMatch(/^Logistic: The metric falls across the folds/);
    expect(section.figures.map((f) => [f.caption, f.svg.tag])).toEqual([
      ['ROC AUC by test period', 'svg'],
      ['Value per 1,000 rows at threshold 0.3 by test period', 'svg'],
    ]);
    expect(section.notes).toContain('Stored as run group g-1.');
    // The fixture's folds: 3 × 2 ms of fits, 3 × 10 ms of features, 70 ms in all (timing.test.ts checks the sums).
    expect(section.notes).toContain(
      "Time: 70 ms in all: 6 ms fitting models; the other 64 ms mostly fitting each fold's features and reading its matrix (DuckDB) (30 ms).",
    );
  });

  it('values a multiclass backtest under the brief’s cost matrix, with no "do nothing" line', () => {
    const { document } = new JSDOM('<!doctype html><body></body>').window;
    const multiclass: BacktestOutput = { ...OUTPUT, task: 'multiclass', metric: 'macro_f1' };
    const section = backtestSection('Backtest', multiclass, document);
    expect(section.folds[0]?.cells).toEqual(['0.500 · -100', '0.800 · 50']);
    expect(section.figures.map((f) => f.caption)).toEqual([
      'macro F1 by test period',
      "Value per 1,000 rows under the brief's cost matrix, deciding the most probable class by test period",
    ]);
    expect(section.notes[0]).toBe(
      "Cells: macro F1 · value per 1,000 rows under the brief's cost matrix, deciding the most probable class.",
    );
    const leastCost = backtestSection(
      'Backtest',
      { ...multiclass, decisionRule: 'min-expected-cost' },
      document,
    );
    expect(leastCost.notes[0]).toBe(
      "Cells: macro F1 · value per 1,000 rows under the brief's cost matrix, deciding the class of least expected cost.",
    );
    const regression = backtestSection(
      'Backtest',
      { ...OUTPUT, task: 'regression', metric: 'rmse' },
      document,
    );
    expect(regression.figures).toHaveLength(1);
    expect(regression.folds[0]?.cells).toEqual(['0.500', '0.800']);
  });
});
