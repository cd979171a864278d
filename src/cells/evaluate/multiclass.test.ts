import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../data/engine';
import { createNodeEngine } from '../../data/testing/node-engine';
import { DEFAULT_BOOTSTRAP, type EvaluateConfig } from '../../notebook/evaluate-types';
import type { BriefConfig } from '../../notebook/types';
import { briefOf, cellOf, testContext } from '../testing';
import { MULTICLASS_EVALUATE as REF } from './fixtures/multiclass_evaluate';
import type { MulticlassRun, RunEvaluation } from './result';
import { runEvaluate } from './run';

// The rows of reference/multiclass_evaluate.py (scikit-learn 1.2.1), as a train cell writes a
// multiclass predictions table: truth and predicted class names, score_<class> per class.
const TRUTH = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2];
const CLASSES = ['a', 'b', 'c'];
const MODEL = [
  [0.7, 0.2, 0.1],
  [0.5, 0.3, 0.2],
  [0.2, 0.6, 0.2],
  [0.6, 0.1, 0.3],
  [0.1, 0.8, 0.1],
  [0.3, 0.4, 0.3],
  [0.2, 0.2, 0.6],
  [0.1, 0.1, 0.8],
  [0.2, 0.1, 0.7],
  [0.3, 0.3, 0.4],
  [0.5, 0.2, 0.3],
  [0.1, 0.3, 0.6],
];
const BASELINE = TRUTH.map(() => [0.25, 0.3, 0.45]);
const COSTS = [
  [0, 1, 1],
  [5, 0, 1],
  [2, 1, 0],
];

function table(runs: Record<string, { role: string; p: number[][] }>): string {
  const rows = Object.entries(runs).flatMap(([id, run]) =>
    run.p.map((p, i) => {
      const predicted = CLASSES[p.indexOf(Math.max(...p))];
      return `('${id}', '${id}', '${run.role}', ${i + 1}, '${CLASSES[TRUTH[i]!]}', '${predicted}', ${p.join(', ')})`;
    }),
  );
  return `SELECT * FROM (VALUES ${rows.join(', ')}) AS t(run_id, run, role, row_id, truth, predicted, score_a, score_b, score_c)`;
}

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(
    `CREATE TABLE preds AS ${table({ baseline: { role: 'baseline', p: BASELINE }, model: { role: 'model', p: MODEL } })}`,
  );
  await engine.exec(
    `CREATE TABLE binary_preds AS SELECT run_id, run, role, row_id, 1.0 AS truth, 0.5 AS score FROM preds`,
  );
});

const BRIEF: BriefConfig = briefOf({
  input: 'birds',
  target: 'species',
  task: 'multiclass',
  metric: 'macro_f1',
  bar: 0.7,
  costs: COSTS,
});
const config = (input = 'preds'): EvaluateConfig => ({
  input,
  model: null,
  champion: null,
  threshold: null,
  slices: [],
  bootstrap: DEFAULT_BOOTSTRAP,
});
const evaluate = (brief: BriefConfig, input?: string) =>
  runEvaluate(testContext(engine, brief), cellOf('evaluate', config(input)));

function run(result: { runs: readonly RunEvaluation[] }, id: string): MulticlassRun {
  const found = result.runs.find((r) => r.id === id);
  if (found?.kind !== 'multiclass') throw new Error(`no multiclass run ${id}`);
  return found;
}

describe('runEvaluate, multiclass', () => {
  it('gives scikit-learn’s per-class report, averages, confusion and metrics (arg-max without a cost matrix)', async () => {
    const result = await evaluate({ ...BRIEF, costs: null });
    expect(result.classes).toEqual(CLASSES);
    for (const id of ['model', 'baseline'] as const) {
      const r = run(result, id);
      const ref = REF[id];
      expect(r.value.rule).toBe('arg-max');
      r.perClass.forEach((c, i) => {
        expect(c.class).toBe(CLASSES[i]);
        expect(c.precision).toBeCloseTo(ref.precision[i]!, 12);
        expect(c.recall).toBeCloseTo(ref.recall[i]!, 12);
        expect(c.f1).toBeCloseTo(ref.f1[i]!, 12);
        expect(c.support).toBe(ref.support[i]);
      });
      expect(r.confusion.counts).toEqual(ref.confusion);
      r.confusion.normalized.forEach((row, t) =>
        row.forEach((v, p) => expect(v).toBeCloseTo(ref.normalized[t]![p]!, 12)),
      );
      for (const m of [
        'macro_f1',
        'macro_precision',
        'macro_recall',
        'weighted_f1',
        'weighted_precision',
        'weighted_recall',
        'accuracy',
        'log_loss',
        'roc_auc_ovr_macro',
        'roc_auc_ovr_weighted',
      ] as const) {
        const e = r.metrics[m];
        expect(e?.value, m).toBeCloseTo(ref[m], 9);
        // A bootstrap interval around it (the metric itself can sit on its edge).
        expect(e?.lower ?? NaN).toBeLessThanOrEqual(e?.upper ?? NaN);
      }
      expect(r.decided.macro.f1).toBeCloseTo(ref.macro_f1, 12);
      // The default matrix counts errors: the cost per 1,000 is the error rate × 1,000.
      expect(r.value.costPerThousand).toBeCloseTo((1 - ref.accuracy) * 1000, 9);
    }
  });

  it('decides by least expected cost when the brief has a cost matrix, as the bundle does', async () => {
    const result = await evaluate(BRIEF);
    for (const id of ['model', 'baseline'] as const) {
      const r = run(result, id);
      const ref = REF[id].min_cost;
      expect(r.value.rule).toBe('min-expected-cost');
      r.perClass.forEach((c, i) => {
        expect(c.precision).toBeCloseTo(ref.precision[i]!, 12);
        expect(c.recall).toBeCloseTo(ref.recall[i]!, 12);
        expect(c.f1).toBeCloseTo(ref.f1[i]!, 12);
      });
      expect(r.confusion.counts).toEqual(ref.confusion);
      expect(r.decided.macro.f1).toBeCloseTo(ref.macro_f1, 12);
      expect(r.decided.weighted.f1).toBeCloseTo(ref.weighted_f1, 12);
      expect(r.decided.accuracy).toBeCloseTo(ref.accuracy, 12);
      expect(r.value.costPerThousand).toBeCloseTo(ref.cost_per_1000, 9);
      // The metrics with intervals stay those of the probabilities (arg-max).
      expect(r.metrics.macro_f1?.value).toBeCloseTo(REF[id].macro_f1, 12);
    }
    // Where the rules differ: the model's least-cost decision is not its arg-max one.
    expect(REF.model.min_cost.confusion).not.toEqual(REF.model.confusion);
  });

  it('gives each class’s one-vs-rest ROC and PR curves, AUC, average precision and calibration (scikit-learn)', async () => {
    const result = await evaluate(BRIEF);
    for (const id of ['model', 'baseline'] as const) {
      const r = run(result, id);
      expect(r.curves.map((c) => c.class)).toEqual(CLASSES);
      r.curves.forEach((c, i) => {
        const ref = REF[id].ovr[i]!;
        expect(c.support).toBe(REF[id].support[i]);
        expect(c.rocAuc).toBeCloseTo(ref.roc_auc, 12);
        expect(c.averagePrecision).toBeCloseTo(ref.average_precision, 12);
        expect(Array.from(c.roc.fpr)).toHaveLength(ref.fpr.length);
        c.roc.fpr.forEach((v, j) => expect(v).toBeCloseTo(ref.fpr[j]!, 12));
        c.roc.tpr.forEach((v, j) => expect(v).toBeCloseTo(ref.tpr[j]!, 12));
        expect(Array.from(c.pr.recall)).toHaveLength(ref.recall.length);
        c.pr.recall.forEach((v, j) => expect(v).toBeCloseTo(ref.recall[j]!, 12));
        c.pr.precision.forEach((v, j) => expect(v).toBeCloseTo(ref.precision[j]!, 12));
        // calibration_curve(y == c, P[:, c], n_bins=10): the non-empty bins.
        expect(c.calibration).toHaveLength(ref.calibration_true.length);
        c.calibration.forEach((b, j) => {
          expect(b.fractionPositive).toBeCloseTo(ref.calibration_true[j]!, 12);
          expect(b.meanPredicted).toBeCloseTo(ref.calibration_pred[j]!, 12);
        });
      });
    }
  });

  it('gives the verdict on the brief’s metric: bar, baseline by paired bootstrap, cost', async () => {
    const result = await evaluate(BRIEF);
    const v = result.verdict;
    expect(v?.id).toBe('model');
    expect(v?.estimate.value).toBeCloseTo(REF.model.macro_f1, 12);
    expect(v?.clearsBar).toBe(true);
    expect(v?.comparisons.map((c) => c.against)).toEqual(['baseline']);
    expect(v?.comparisons[0]?.test.difference).toBeCloseTo(REF.model.macro_f1 - REF.baseline.macro_f1, 12);
    expect(v?.classCost).toEqual({
      chosen: REF.model.min_cost.cost_per_1000,
      baseline: REF.baseline.min_cost.cost_per_1000,
    });
    expect(v?.sentences.join(' ')).toMatch(
      /Deciding by the least expected cost costs 417 per 1,000 cases under the brief's cost matrix, against 583 for the baseline/,
    );
  });

  it('names a bad cost matrix cell, and a table that is not multiclass', async () => {
    const bad = {
      ...BRIEF,
      costs: [
        [0, 1, 1],
        [1, 0, null],
        [1, 1, 0],
      ],
    };
    await expect(evaluate(bad)).rejects.toThrow(
      /no number for true class b, predicted c .*Fix it in the Brief cell/,
    );
    await expect(evaluate(BRIEF, 'binary_preds')).rejects.toThrow(/not a multiclass predictions table/);
  });
});
