import { describe, expect, it } from 'vitest';
import { randomClassification, randomRegression } from '../../ml/metrics/testing';
import type { Slicer } from '../../ml/metrics';
import { evaluateBinaryRun, evaluateBinaryRunSliced, type BinarySettings } from './binary';
import type { PredictionRun } from './read';
import { evaluateMulticlassRun, evaluateMulticlassRunSliced } from './multiclass';
import { evaluateRegressionRun, evaluateRegressionRunSliced } from './regression';
import type { RunEvaluation } from './result';
import { buildVerdict, buildVerdictSliced, type VerdictInputs } from './verdict';

// Reference: the whole (unsliced) functions, themselves checked against scikit-learn in
// run.test.ts. The page's runner uses the sliced ones (issue 21: nothing blocks typing); where
// the pauses fall must change nothing, so the results must be equal, not close.
const bootstrap = { resamples: 150, seed: 42 };

/** Pauses after every resample, counting the pauses. */
function everyStep(): Slicer & { pauses: number } {
  const slicer = {
    pauses: 0,
    due: () => true,
    pause: () => {
      slicer.pauses += 1;
      return Promise.resolve();
    },
  };
  return slicer;
}

const classification = randomClassification(160, 21);
const truth = Float64Array.from(classification.y);
const runs: PredictionRun[] = [
  { id: 'b', label: 'Baseline', role: 'baseline', score: truth.map(() => 0.3) },
  { id: 'm', label: 'Model', role: 'model', score: Float64Array.from(classification.score) },
  { id: 'r', label: 'Rule', role: 'rule', score: truth.map((_, i) => (i % 3 === 0 ? 1 : 0)) },
];
const settings: BinarySettings = {
  truth,
  values: { tp: 120, fp: -20, tn: 0, fn: -60 },
  valued: true,
  threshold: null,
  bootstrap,
};

describe('the evaluation in slices equals the whole one', () => {
  it.each(runs)('a binary run ($role)', async (run) => {
    const slicer = everyStep();
    expect(await evaluateBinaryRunSliced(run, settings, slicer)).toEqual(evaluateBinaryRun(run, settings));
    expect(slicer.pauses).toBeGreaterThanOrEqual(bootstrap.resamples);
  });

  it('a regression run', async () => {
    const data = randomRegression(120, 5);
    const regression = { truth: Float64Array.from(data.y), unitCost: { over: 1, under: 3 }, bootstrap };
    const run: PredictionRun = {
      id: 'x',
      label: 'x',
      role: 'model',
      score: Float64Array.from(data.prediction),
    };
    expect(await evaluateRegressionRunSliced(run, regression, everyStep())).toEqual(
      evaluateRegressionRun(run, regression),
    );
  });

  it('the verdict, with its paired bootstraps against the baseline and the rule', async () => {
    const evaluated: RunEvaluation[] = runs.map((run) => ({
      ...evaluateBinaryRun(run, settings),
      slices: [],
    }));
    const inputs: VerdictInputs = {
      runs: evaluated,
      scores: new Map(runs.map((r) => [r.id, r.score])),
      truth,
      metric: 'roc_auc',
      bar: 0.6,
      valued: true,
      model: null,
      champion: null,
      bootstrap,
    };
    const slicer = everyStep();
    const sliced = await buildVerdictSliced(inputs, slicer);
    const whole = buildVerdict(inputs);
    expect(sliced).toEqual(whole);
    expect(whole.verdict?.comparisons.map((c) => c.against)).toEqual(['baseline', 'rule']);
    expect(slicer.pauses).toBe(2 * bootstrap.resamples);
  });

  it('a multiclass run, with a slice', async () => {
    const n = 90;
    const k = 3;
    const classTruth = Float64Array.from({ length: n }, (_, i) => (i * 7) % k);
    const data = Float64Array.from({ length: n * k }, (_, j) => {
      const row = Math.floor(j / k);
      return (j % k === classTruth[row] ? 2 : 1) + ((row * 13 + j) % 5) / 10;
    });
    for (let row = 0; row < n; row++) {
      const sum = data[row * k]! + data[row * k + 1]! + data[row * k + 2]!;
      for (let c = 0; c < k; c++) data[row * k + c] = data[row * k + c]! / sum;
    }
    const run = {
      id: 'mc',
      label: 'MLP',
      role: 'model' as const,
      probabilities: { data, rows: n, classes: k },
    };
    const multiclass = {
      truth: classTruth,
      classes: ['a', 'b', 'c'],
      costs: [
        [0, 1, 4],
        [1, 0, 1],
        [2, 1, 0],
      ],
      rule: 'min-expected-cost' as const,
      bootstrap,
      metric: 'macro_f1' as const,
      slices: [
        { column: 'region', binned: false, labels: Array.from({ length: n }, (_, i) => (i % 2 ? 'n' : 's')) },
      ],
    };
    const slicer = everyStep();
    expect(await evaluateMulticlassRunSliced(run, multiclass, slicer)).toEqual(
      evaluateMulticlassRun(run, multiclass),
    );
    expect(slicer.pauses).toBeGreaterThanOrEqual(bootstrap.resamples);
  });
});
