import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../data/engine';
import { createNodeEngine } from '../../data/testing/node-engine';
import { DEFAULT_BOOTSTRAP, type EvaluateConfig } from '../../notebook/evaluate-types';
import type { BriefConfig } from '../../notebook/types';
import { briefOf, cellOf, testContext } from '../testing';
import { MULTICLASS_EVALUATE as REF } from './fixtures/multiclass_evaluate';
import type { MulticlassRun, RunEvaluation } from './result';
import { runEvaluate } from './run';
import { evaluateCache } from './cache';

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
// The slice column of reference/multiclass_evaluate.py, one value per row.
const REF_ISLAND = [
  'Biscoe',
  'Biscoe',
  'Dream',
  'Torgersen',
  'Biscoe',
  'Dream',
  'Biscoe',
  'Dream',
  'Biscoe',
  'Torgersen',
  'Dream',
  'Biscoe',
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
  // The brief's input, whose rows the predictions' row_ids number (table order), with a slice column.
  await engine.exec(
    `CREATE TABLE birds AS SELECT * FROM (VALUES ${REF_ISLAND.map((v) => `('${v}')`).join(', ')}) AS t(island)`,
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
const config = (input = 'preds', slices: string[] = []): EvaluateConfig => ({
  input,
  model: null,
  champion: null,
  threshold: null,
  slices,
  bootstrap: DEFAULT_BOOTSTRAP,
});
const evaluate = (brief: BriefConfig, input?: string, slices?: string[]) =>
  runEvaluate(testContext(engine, brief), cellOf('evaluate', config(input, slices)));

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
    // Kept in the table cache (IndexedDB clones it) and read back whole, curves and all.
    const cell = cellOf('evaluate', config());
    expect(evaluateCache.restore(structuredClone(evaluateCache.keep(result)), cell)).toEqual(result);
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

  it('judges each slice by the brief’s metric, worst first, or by accuracy where it is undefined (pandas, scikit-learn)', async () => {
    for (const metric of ['macro_f1', 'roc_auc_ovr_macro'] as const) {
      const result = await evaluate({ ...BRIEF, metric }, 'preds', ['island']);
      expect(result.notices.filter((n) => /slice/i.test(n))).toEqual([]);
      for (const id of ['model', 'baseline'] as const) {
        const [table] = run(result, id).slices;
        expect(table?.column).toBe('island');
        const report = table?.report;
        if (report?.kind !== 'multiclass') throw new Error('no multiclass slices');
        const ref = new Map(Object.entries(REF[id].slices[metric]));
        expect(report.rows.map((r) => r.slice).sort()).toEqual([...ref.keys()].sort());
        for (const row of report.rows) {
          const e = ref.get(row.slice);
          if (e === undefined) throw new Error(`no reference for ${row.slice}`);
          expect(row.count).toBe(e.count);
          expect(row.value, `${id} ${metric} ${row.slice}`).toBeCloseTo(e.value, 12);
          expect(row.fallback).toBe(e.fallback);
          expect(row.metric).toBe(e.fallback ? 'accuracy' : metric);
          expect(row.accuracy).toBeCloseTo(e.accuracy, 12);
        }
        // Worst first: the brief's metric ascending, then the slices judged by accuracy.
        const judged = report.rows.filter((r) => !r.fallback).map((r) => r.value);
        expect(judged).toEqual([...judged].sort((a, b) => a - b));
        const fallbacks = report.rows.map((r) => Number(r.fallback));
        expect(fallbacks).toEqual([...fallbacks].sort((a, b) => a - b));
      }
    }
    expect(run(await evaluate(BRIEF, 'preds', ['island']), 'model').slices[0]?.report.rows[0]).toMatchObject({
      slice: 'Torgersen',
      count: 2,
    });
  });

  it('refuses slices when the predictions number rows of a table that has changed', async () => {
    await engine.exec(
      `CREATE TABLE preds_src AS SELECT *, 'birds' AS source, 'old-fingerprint' AS source_fingerprint FROM preds`,
    );
    await expect(evaluate(BRIEF, 'preds_src', ['island'])).rejects.toThrow(
      /No slices: the predictions in "preds_src"/,
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
