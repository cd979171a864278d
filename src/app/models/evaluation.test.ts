import { describe, expect, it } from 'vitest';
import type { BinaryRun, EvaluateResult } from '../../cells/evaluate/result';
import { valueCurve } from '../../ml/value';
import { evaluationText, justificationOf } from './evaluation';

/* What a model version keeps of its evaluation: read off the evaluate cell's result, by hand. */

const VALUES = { tp: 150, fp: -50, tn: 0, fn: 0 };

function run(id: string, threshold: number | null): BinaryRun {
  // Scores 0.9 (positive) and 0.1 (negative): acting at ≥ 0.5 calls one churner, +150 on 2 rows.
  const curve = valueCurve([1, 0], [0.9, 0.1], VALUES);
  return {
    kind: 'binary',
    id,
    label: id,
    role: 'model',
    metrics: { roc_auc: { value: 0.84, lower: 0.8, upper: 0.88, undefinedBecause: null } },
    slices: [],
    probabilities: true,
    threshold,
    thresholdSource: 'best-value',
    confusion: { tp: 1, fp: 0, tn: 1, fn: 0 },
    roc: { fpr: Float64Array.of(0, 1), tpr: Float64Array.of(1, 1) },
    pr: { recall: Float64Array.of(1, 0), precision: Float64Array.of(1, 1) },
    calibration: null,
    deciles: [],
    value: { ...curve, atThreshold: curve.best },
  };
}

const RESULT: EvaluateResult = {
  input: 'predictions',
  task: 'binary',
  metric: 'roc_auc',
  bar: 0.8,
  rows: 2,
  positives: 1,
  valued: true,
  runs: [run('a', 0.5), run('b', 0.3)],
  verdict: {
    id: 'a',
    label: 'a',
    metric: 'roc_auc',
    estimate: { value: 0.84, lower: 0.8, upper: 0.88, undefinedBecause: null },
    bar: 0.8,
    clearsBar: true,
    comparisons: [],
    value: null,
    cost: null,
    sentences: ['It clears the bar.'],
  },
  bootstrap: { resamples: 1000, seed: 1, level: 0.95 },
  notices: [],
};

describe('justificationOf', () => {
  it('keeps the metric with its interval, the threshold and the value there, and the verdict on that run', () => {
    expect(justificationOf(RESULT, 'a')).toEqual({
      threshold: 0.5,
      evaluation: {
        metric: 'roc_auc',
        value: 0.84,
        lower: 0.8,
        upper: 0.88,
        level: 0.95,
        rows: 2,
        threshold: 0.5,
        valuePer1000: 75_000,
        bar: 0.8,
        clearsBar: true,
        verdict: ['It clears the bar.'],
      },
    });
    expect(evaluationText(justificationOf(RESULT, 'a')?.evaluation ?? null)).toBe(
      'ROC AUC 0.840 [0.800, 0.880], threshold 0.500, +75,000 per 1,000, clears the bar 0.8',
    );
  });

  it('leaves out a verdict about another run, and knows no run it did not judge', () => {
    expect(justificationOf(RESULT, 'b')?.evaluation).toMatchObject({
      threshold: 0.3,
      clearsBar: null,
      verdict: [],
    });
    expect(justificationOf(RESULT, 'c')).toBeNull();
    expect(evaluationText(null)).toBe('not evaluated');
  });
});
