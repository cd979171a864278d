import { describe, expect, it } from 'vitest';
import { valueCurve } from '../../ml/value';
import { RUN_COLORS } from '../../ui/plot/evaluation';
import type { BinaryRun, EvaluateResult, RunEvaluation } from './result';
import { categoryLabels, quantileBins } from './slices';
import {
  calibrationSeries,
  chartedRuns,
  classCurveSeries,
  predictionsTables,
  rocSeries,
  valueSteps,
} from './view';

const VALUES = { tp: 150, fp: -50, tn: 0, fn: 0 };

describe('valueSteps', () => {
  it('spans [0, 1]: acting on all below the lowest score, on none above the highest', () => {
    const { points } = valueCurve([1, 0, 1, 0], [0.8, 0.6, 0.4, 0.2], VALUES);
    // Ascending scores: at 0.2 all acted on (2 × 150 − 2 × 50 = 200 on 4 rows), at 0.8 one hit.
    expect(valueSteps(points)).toEqual({
      x: [0, 0.2, 0.4, 0.6, 0.8, 1],
      y: [50_000, 50_000, 62_500, 25_000, 37_500, 0],
    });
  });

  it('adds no end point where the scores already reach 0 or 1 (a rule)', () => {
    const { points } = valueCurve([1, 0, 1], [1, 0, 0], VALUES);
    expect(valueSteps(points).x).toEqual([0, 1]);
  });
});

function run(
  id: string,
  role: RunEvaluation['role'],
  auc: number,
  overrides: Partial<BinaryRun> = {},
): BinaryRun {
  const curve = valueCurve([1, 0], [0.9, 0.1], VALUES);
  return {
    kind: 'binary',
    id,
    label: id.toUpperCase(),
    role,
    metrics: { roc_auc: { value: auc, lower: null, upper: null, undefinedBecause: null } },
    slices: [],
    probabilities: true,
    threshold: 0.5,
    thresholdSource: 'default',
    confusion: { tp: 1, fp: 0, tn: 1, fn: 0 },
    roc: { fpr: Float64Array.of(0, 0, 1), tpr: Float64Array.of(0, 1, 1) },
    pr: { recall: Float64Array.of(1, 0), precision: Float64Array.of(1, 1) },
    calibration: [{ meanPredicted: 0.5, fractionPositive: 0.5, count: 2 }],
    deciles: [],
    value: { ...curve, atThreshold: curve.best },
    ...overrides,
  };
}

function result(runs: RunEvaluation[], verdict: string | null): EvaluateResult {
  return {
    input: 'p',
    task: 'binary',
    metric: 'roc_auc',
    bar: null,
    rows: 2,
    positives: 1,
    valued: true,
    runs,
    verdict:
      verdict === null
        ? null
        : {
            id: verdict,
            label: verdict,
            metric: 'roc_auc',
            estimate: { value: 1, lower: null, upper: null, undefinedBecause: null },
            bar: null,
            clearsBar: null,
            comparisons: [],
            value: null,
            cost: null,
            sentences: [],
          },
    bootstrap: { resamples: 1000, seed: 1, level: 0.95 },
    notices: [],
  };
}

describe('charted runs', () => {
  it('keep every run up to the palette’s size, each in its colour everywhere', () => {
    const runs = [
      run('base', 'baseline', 0.5),
      run('rule', 'rule', 0.7, { calibration: null }),
      run('m', 'model', 0.9),
    ];
    const charted = chartedRuns(result(runs, 'm'), 'm', null);
    expect(charted.map((r) => r.id)).toEqual(['base', 'rule', 'm']);
    const roc = rocSeries(charted, 'm');
    expect(roc.map((s) => [s.label, s.color, s.dashed, s.emphasis])).toEqual([
      ['BASE', RUN_COLORS[0], true, false],
      ['RULE', RUN_COLORS[1], true, false],
      ['M', RUN_COLORS[2], false, true],
    ]);
    // The rule has no calibration: the model keeps its colour there.
    expect(calibrationSeries(charted, 'm').map((s) => s.color)).toEqual([RUN_COLORS[0], RUN_COLORS[2]]);
  });

  it('past the palette, keep the shown, judged, reference and best runs', () => {
    const trials = Array.from({ length: 10 }, (_, i) => run(`t${i}`, 'trial', 0.6 + i / 100));
    const runs = [run('base', 'baseline', 0.5), ...trials];
    const charted = chartedRuns(result(runs, 't0'), 't1', 't2');
    expect(charted).toHaveLength(RUN_COLORS.length);
    expect(charted.map((r) => r.id)).toEqual(['base', 't0', 't1', 't2', 't7', 't8', 't9']);
  });
});

describe('predictionsTables', () => {
  it('lists the tables with a predictions table’s columns', () => {
    const cols = (names: string[]) => names.map((name) => ({ name, type: 'VARCHAR' }));
    const schema = new Map([
      ['predictions', cols(['run_id', 'run', 'role', 'row_id', 'truth', 'score'])],
      ['churn', cols(['customerID', 'Churn'])],
      ['Preds_2', cols(['RUN_ID', 'run', 'role', 'row_id', 'truth', 'score', 'extra'])],
    ]);
    expect(predictionsTables(schema)).toEqual(['Preds_2', 'predictions']);
  });
});

describe('slice labels', () => {
  it('cuts numbers into quantile bins, ties in one bin, missing apart', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null];
    expect(quantileBins(values, 2)).toEqual([
      '[1, 5.5)',
      '[1, 5.5)',
      '[1, 5.5)',
      '[1, 5.5)',
      '[1, 5.5)',
      '[5.5, 10]',
      '[5.5, 10]',
      '[5.5, 10]',
      '[5.5, 10]',
      '[5.5, 10]',
      '(missing)',
    ]);
    expect(quantileBins([3, 3, 3])).toBeNull();
  });

  it('keeps the most frequent categories and pools the rest', () => {
    expect(categoryLabels(['a', 'b', 'a', 'c', null, 'b', 'a'], 2)).toEqual([
      'a',
      'b',
      'a',
      '(other)',
      '(missing)',
      'b',
      'a',
    ]);
  });
});

describe('classCurveSeries', () => {
  const curve = (cls: string, auc: number | null, calibration: number[][]) => ({
    class: cls,
    support: 2,
    roc: { fpr: Float64Array.from([0, 0, 1]), tpr: Float64Array.from([0, 1, 1]) },
    pr: { recall: Float64Array.from([1, 0.5]), precision: Float64Array.from([0.5, 1]) },
    rocAuc: auc,
    averagePrecision: 0.75,
    calibration: calibration.map(([p, f]) => ({ meanPredicted: p ?? 0, fractionPositive: f ?? 0, count: 1 })),
  });
  const multiclass = {
    curves: [
      curve('a', 0.9, [[0.2, 0.1]]),
      { ...curve('b', null, []), roc: { fpr: new Float64Array(), tpr: new Float64Array() } },
    ],
  };

  it('draws one line per class, named with its AUC or AP, and leaves out a class without one', () => {
    const roc = classCurveSeries(multiclass, 'roc');
    expect(roc.map((s) => s.label)).toEqual(['a (AUC 0.900)']);
    expect(roc[0]?.color).toBe(RUN_COLORS[0]);
    expect(classCurveSeries(multiclass, 'pr').map((s) => s.label)).toEqual(['a (AP 0.750)', 'b (AP 0.750)']);
    const calibration = classCurveSeries(multiclass, 'calibration');
    expect(calibration.map((s) => [s.label, Array.from(s.x), Array.from(s.y)])).toEqual([
      ['a', [0.2], [0.1]],
    ]);
  });
});
