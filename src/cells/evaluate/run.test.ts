import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../data/engine';
import { createNodeEngine } from '../../data/testing/node-engine';
import { rejection } from '../../data/testing/import-harness';
import {
  brierScore,
  calibrationCurve,
  liftByDecile,
  logLoss,
  prAuc,
  rocAuc,
  rocCurve,
  sliceMetrics,
  thresholdMetrics,
} from '../../ml/metrics';
import { mulberry32 } from '../../ml/models/prng';
import { DEFAULT_BOOTSTRAP, type EvaluateConfig } from '../../notebook/evaluate-types';
import type { BriefConfig } from '../../notebook/types';
import type { RunLineage } from '../../notebook/runs';
import { briefOf, cellOf, memoryRuns, testContext } from '../testing';
import type { BinaryRun, EvaluateOutput, EvaluateResult, RegressionRun } from './result';
import { runEvaluate } from './run';
import { evaluateCache } from './cache';

/*
 * A hand-made predictions table of ten validation rows (row_id 2, 4, …, 20 of a 20-row input
 * table "people"), four positives, and four runs: the baseline (a constant 0.4), the rule (0/1)
 * and two models. The brief values a true positive at 150 and a false positive at −50.
 */
const ROW_IDS = [2, 4, 6, 8, 10, 12, 14, 16, 18, 20];
const TRUTH = [1, 1, 1, 0, 0, 0, 0, 1, 0, 0];
const RUNS = {
  baseline: { label: 'Baseline', role: 'baseline', score: TRUTH.map(() => 0.4) },
  rule: { label: 'Rule: plan = basic', role: 'rule', score: [1, 1, 0, 1, 0, 0, 0, 1, 0, 0] },
  a: { label: 'Model A', role: 'model', score: [0.9, 0.8, 0.35, 0.7, 0.2, 0.1, 0.3, 0.6, 0.4, 0.05] },
  b: { label: 'Model B', role: 'model', score: [0.6, 0.3, 0.5, 0.4, 0.45, 0.2, 0.35, 0.55, 0.1, 0.25] },
} as const;

type RunRows = Record<
  string,
  { label: string; role: string; score: readonly number[]; rows?: readonly number[] }
>;

function predictionsSql(runs: RunRows, truth: readonly number[] = TRUTH, rowIds = ROW_IDS): string {
  const rows = Object.entries(runs).flatMap(([id, run]) =>
    (run.rows ?? rowIds.map((_, i) => i)).map(
      (i) => `('${id}', '${run.label}', '${run.role}', ${rowIds[i]}, ${truth[i]}, ${run.score[i]})`,
    ),
  );
  return `SELECT run_id, run, role, CAST(row_id AS INTEGER) AS row_id, CAST(truth AS DOUBLE) AS truth, CAST(score AS DOUBLE) AS score
    FROM (VALUES ${rows.join(', ')}) AS t(run_id, run, role, row_id, truth, score)`;
}

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  // people: 20 rows; plan is "pro" on rows 2–8 and 16–20 of the validation rows' ids, "basic" else.
  const people = Array.from({ length: 20 }, (_, i) => {
    const id = i + 1;
    const plan = [10, 12, 14].includes(id) ? 'basic' : 'pro';
    return `(${id}, '${plan}', ${id * 3})`;
  });
  await engine.exec(`CREATE TABLE people AS SELECT * FROM (VALUES ${people.join(', ')}) AS t(id, plan, age)`);
  await engine.exec(`CREATE TABLE preds AS ${predictionsSql(RUNS)}`);
});
afterAll(() => engine.terminate());

const BRIEF: BriefConfig = briefOf({
  input: 'people',
  target: 'churn',
  bar: 0.8,
  values: { tp: 150, fp: -50, tn: 0, fn: 0 },
});

const config = (overrides: Partial<EvaluateConfig> = {}): EvaluateConfig => ({
  input: 'preds',
  threshold: null,
  slices: [],
  bootstrap: { ...DEFAULT_BOOTSTRAP, resamples: 200 },
  model: null,
  champion: null,
  ...overrides,
});

async function evaluate(overrides: Partial<EvaluateConfig> = {}, brief: BriefConfig | null = BRIEF) {
  return await runEvaluate(testContext(engine, brief), cellOf('evaluate', config(overrides)));
}

function binary(result: EvaluateResult, id: string): BinaryRun {
  const run = result.runs.find((r) => r.id === id);
  if (run?.kind !== 'binary') throw new Error(`no binary run ${id}`);
  return run;
}

const A = RUNS.a.score;

/** `result` kept in the table cache, cloned as IndexedDB clones it, and read back for its cell. */
const kept = (result: EvaluateOutput, overrides: Partial<EvaluateConfig> = {}) =>
  evaluateCache.restore(structuredClone(evaluateCache.keep(result)), cellOf('evaluate', config(overrides)));

describe('runEvaluate: classification', () => {
  it('gives every run the metrics of src/ml/metrics, in table order', async () => {
    const result = await evaluate({ threshold: 0.5 });
    expect(result.runs.map((r) => [r.id, r.label, r.role])).toEqual([
      ['baseline', 'Baseline', 'baseline'],
      ['rule', 'Rule: plan = basic', 'rule'],
      ['a', 'Model A', 'model'],
      ['b', 'Model B', 'model'],
    ]);
    expect(result).toMatchObject({ task: 'binary', metric: 'roc_auc', rows: 10, positives: 4, valued: true });
    const a = binary(result, 'a');
    const at = thresholdMetrics(TRUTH, A, 0.5);
    expect(a.metrics.roc_auc?.value).toBe(rocAuc(TRUTH, A).value);
    expect(a.metrics.pr_auc?.value).toBe(prAuc(TRUTH, A).value);
    expect(a.metrics.log_loss?.value).toBe(logLoss(TRUTH, A));
    expect(a.metrics.brier?.value).toBe(brierScore(TRUTH, A));
    expect(a.metrics.f1?.value).toBe(at.f1);
    expect(a.metrics.accuracy?.value).toBe(at.accuracy);
    expect(a.confusion).toEqual({ tp: 3, fp: 1, tn: 5, fn: 1 });
    expect(Array.from(a.roc.fpr)).toEqual(Array.from(rocCurve(TRUTH, A).fpr));
    expect(a.calibration).toEqual(calibrationCurve(TRUTH, A, { nBins: 10 }));
    expect(a.deciles).toEqual(liftByDecile(TRUTH, A));
    // Hand-computed: at 0.5, 3 × 150 − 1 × 50 = 400 on 10 rows = 40,000 per 1,000 cases.
    expect(a.value.atThreshold).toMatchObject({ tp: 3, fp: 1, perThousand: 40_000 });
    expect(a.thresholdSource).toBe('cell');
  });

  it('picks each run’s value-maximising threshold when the cell has none', async () => {
    const result = await evaluate();
    const a = binary(result, 'a');
    // Descending scores 0.9 0.8 0.7 0.6 0.4 0.35 …: acting down to 0.35 finds all 4 positives for
    // 2 false alarms, 4 × 150 − 2 × 50 = 500 on 10 rows: 50,000 per 1,000, the most of any threshold.
    expect(a).toMatchObject({ threshold: 0.35, thresholdSource: 'best-value' });
    expect(a.value.best).toMatchObject({ threshold: 0.35, tp: 4, fp: 2, perThousand: 50_000 });
    expect(a.confusion).toEqual({ tp: 4, fp: 2, tn: 4, fn: 0 });
    expect(a.value.doNothing.perThousand).toBe(0);
    // Acting on all: 4 × 150 − 6 × 50 = 300: 30,000 per 1,000.
    expect(a.value.actOnAll.perThousand).toBe(30_000);
    // The rule acts where it says yes, whatever the threshold.
    expect(binary(result, 'rule')).toMatchObject({ threshold: 0.5, thresholdSource: 'rule' });
    expect(binary(result, 'rule').confusion).toEqual({ tp: 3, fp: 1, tn: 5, fn: 1 });
  });

  it('puts bootstrap intervals around the estimates, the same for the same seed', async () => {
    const first = binary(await evaluate(), 'a');
    const again = binary(await evaluate(), 'a');
    const other = binary(await evaluate({ bootstrap: { resamples: 200, seed: 7 } }), 'a');
    const auc = first.metrics.roc_auc;
    expect(auc?.lower).toBeLessThanOrEqual(auc?.value ?? NaN);
    expect(auc?.upper).toBeGreaterThanOrEqual(auc?.value ?? NaN);
    expect(again.metrics).toEqual(first.metrics);
    expect(other.metrics.roc_auc?.lower).not.toBe(auc?.lower);
  });

  it('says why the rule has no log loss, instead of a number', async () => {
    const rule = binary(await evaluate(), 'rule');
    expect(rule.probabilities).toBe(false);
    expect(rule.metrics.log_loss).toMatchObject({
      value: null,
      lower: null,
      undefinedBecause: expect.stringMatching(/no probabilities/),
    });
    expect(rule.calibration).toBeNull();
  });

  it('judges the best model against the bar, the baseline, the rule and the value', async () => {
    const result = await evaluate();
    const v = result.verdict;
    expect(v?.id).toBe('a');
    expect(v?.estimate.value).toBe(rocAuc(TRUTH, A).value);
    expect(v?.clearsBar).toBe(true);
    expect(v?.comparisons.map((c) => [c.against, c.id])).toEqual([
      ['baseline', 'baseline'],
      ['rule', 'rule'],
    ]);
    const baseline = v?.comparisons[0];
    expect(baseline?.test.difference).toBeCloseTo((rocAuc(TRUTH, A).value ?? 0) - 0.5, 12);
    expect(baseline?.better).toBe(true);
    expect(v?.value).toMatchObject({
      chosen: { perThousand: 50_000 },
      doNothing: { perThousand: 0 },
      actOnAll: { perThousand: 30_000 },
      rule: { perThousand: 40_000 },
    });
    expect(v?.sentences[0]).toMatch(
      /^Model A has ROC AUC 0\.\d{3} \(95% CI .*\) on 10 validation rows: it clears the bar of 0\.8/,
    );
    expect(v?.sentences.join(' ')).toMatch(/acting on 60\.0% of cases is worth 50,000 per 1,000 cases/);
    expect(v?.sentences.join(' ')).toMatch(/10,000 per 1,000 cases more than the best of doing nothing/);
  });

  it('judges the run the cell picks, against the champion', async () => {
    const result = await evaluate({ model: 'b', champion: 'a' });
    // Kept in the table cache (IndexedDB clones it) and read back whole, comparisons and all.
    expect(kept(result, { model: 'b', champion: 'a' })).toEqual(result);
    expect(result.verdict?.id).toBe('b');
    const champion = result.verdict?.comparisons.find((c) => c.against === 'champion');
    expect(champion?.id).toBe('a');
    expect(champion?.better).toBe(false);
    const gone = await evaluate({ model: 'retrained', champion: 'gone' });
    expect(gone.verdict?.id).toBe('a');
    expect(gone.notices.join(' ')).toMatch(/picked for the verdict is not in the table/);
    expect(gone.notices.join(' ')).toMatch(/champion run is not in this table/);
  });

  it('slices by a column of the brief’s input, worst first, with counts', async () => {
    const result = await evaluate({ slices: ['plan', 'age'] });
    const a = binary(result, 'a');
    const [plan, age] = a.slices;
    expect(plan?.binned).toBe(false);
    // Row ids 10, 12, 14 are "basic" (validation rows 5–7: all negatives); the rest "pro".
    const labels = ROW_IDS.map((id) => ([10, 12, 14].includes(id) ? 'basic' : 'pro'));
    expect(plan?.report).toEqual(sliceMetrics(TRUTH, A, labels, 0.35, { task: 'classification' }));
    expect(plan?.report.rows.map((r) => [r.slice, r.count])).toEqual([
      ['pro', 7],
      ['basic', 3],
    ]);
    // age = 3 × id: ten distinct values, each its own slice; quintiles take over past ten.
    expect(age?.binned).toBe(false);
    expect(age?.report.rows).toHaveLength(10);
    expect(kept(result, { slices: ['plan', 'age'] })).toEqual(result);
  });

  it('cuts a numeric column with many values into quantile bins', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => i + 1);
    const truth = rows.map((i) => (i % 3 === 0 ? 1 : 0));
    await engine.exec(
      `CREATE OR REPLACE TABLE wide AS ${predictionsSql({ m: { label: 'M', role: 'model', score: rows.map((i) => i / 41) } }, truth, rows)}`,
    );
    await engine.exec(`CREATE OR REPLACE TABLE people40 AS SELECT range AS age FROM range(0, 40)`);
    const result = await evaluate({ input: 'wide', slices: ['age'] }, { ...BRIEF, input: 'people40' });
    const [age] = binary(result, 'm').slices;
    expect(age?.binned).toBe(true);
    expect(age?.report.rows.map((r) => r.count).sort()).toEqual([8, 8, 8, 8, 8]);
    expect(age?.report.rows.map((r) => r.slice)).toContain('[31.2, 39]');
  });

  it('reports a slice column that is not there, and carries on', async () => {
    const result = await evaluate({ slices: ['nope'] });
    expect(binary(result, 'a').slices).toEqual([]);
    expect(result.notices.join(' ')).toMatch(/"nope" is not a column of "people"/);
  });
});

describe('runEvaluate: slices join the rows the predictions number (issue 22, item 2)', () => {
  // A features cell on people_clean (same rows, another plan: "basic" on ids 2, 4, 6), not on the
  // brief's input: the predictions record it, with the fingerprint of the cell that made it.
  const made = (fingerprint: string): RunLineage => ({
    links: [
      {
        cell: cellOf('sql', { sql: 'SELECT …', output: 'people_clean', materialize: 'table' }),
        fingerprint,
        upstream: [],
        fitted: null,
        sql: null,
      },
    ],
  });
  const run = (lineage: RunLineage) =>
    runEvaluate(
      testContext(engine, BRIEF, { runs: { ...memoryRuns(), lineage: () => lineage } }),
      cellOf('evaluate', config({ input: 'preds_src', slices: ['plan'] })),
    );

  beforeAll(async () => {
    await engine.exec(
      "CREATE TABLE people_clean AS SELECT id, CASE WHEN id IN (2, 4, 6) THEN 'basic' ELSE 'pro' END AS plan FROM people ORDER BY id",
    );
    await engine.exec(
      "CREATE TABLE preds_src AS SELECT *, 'people_clean' AS source, 'f1f1f1f1f1f1f1f1' AS source_fingerprint FROM preds",
    );
  });

  it('slices by the recorded source table, not the brief’s input', async () => {
    const result = await run(made('f1f1f1f1f1f1f1f1'));
    const labels = ROW_IDS.map((id) => ([2, 4, 6].includes(id) ? 'basic' : 'pro'));
    const [plan] = binary(result, 'a').slices;
    expect(plan?.report).toEqual(sliceMetrics(TRUTH, A, labels, 0.35, { task: 'classification' }));
  });

  it('refuses, saying what to run, when the source is no longer what the models trained on', async () => {
    const changed = await rejection(run(made('0000000000000000')));
    expect(changed).toMatchObject({ code: 'bad-input' });
    expect(changed.message).toMatch(
      /rows of "people_clean" as it was .* has changed since .*Run the Features and Train cells again/,
    );
    const gone = await rejection(run({ links: [] }));
    expect(gone.message).toMatch(/no cell above makes "people_clean" any more/);
  });
});

describe('runEvaluate: edge cases', () => {
  it('with one class, says the metrics are undefined instead of NaN', async () => {
    const zeros = TRUTH.map(() => 0);
    await engine.exec(`CREATE OR REPLACE TABLE one_class AS ${predictionsSql(RUNS, zeros)}`);
    const result = await evaluate({ input: 'one_class' });
    const a = binary(result, 'a');
    expect(a.metrics.roc_auc).toMatchObject({ value: null, lower: null, upper: null });
    expect(a.metrics.roc_auc?.undefinedBecause).toMatch(/Every validation row is negative/);
    expect(a.metrics.pr_auc?.value).toBeNull();
    expect(a.roc.fpr).toHaveLength(0);
    expect(JSON.stringify(a.metrics)).not.toMatch(/NaN/);
    for (const e of Object.values(a.metrics)) expect(Number.isNaN(e.value)).toBe(false);
    expect(result.verdict?.clearsBar).toBeNull();
    expect(result.verdict?.sentences[0]).toMatch(/ROC AUC is undefined on these rows/);
    expect(result.notices.join(' ')).toMatch(/Every validation row is negative/);
  });

  it('handles tied scores: one threshold, acting on all or none', async () => {
    await engine.exec(
      `CREATE OR REPLACE TABLE tied AS ${predictionsSql({ t: { label: 'Tied', role: 'model', score: TRUTH.map(() => 0.3) } })}`,
    );
    const result = await evaluate({ input: 'tied' });
    const t = binary(result, 't');
    expect(t.metrics.roc_auc?.value).toBe(0.5);
    expect(t.value.points.map((p) => p.threshold)).toEqual([null, 0.3]);
    // Acting on all is worth 30,000 per 1,000 (more than nothing): the threshold is the tie.
    expect(t.threshold).toBe(0.3);
    expect(t.confusion).toEqual({ tp: 4, fp: 6, tn: 0, fn: 0 });
  });

  it('acts on no one when no threshold pays', async () => {
    const result = await evaluate({}, { ...BRIEF, values: { tp: 0, fp: -100, tn: 0, fn: 0 } });
    const b = binary(result, 'b');
    expect(b.threshold).toBeNull();
    expect(b.confusion).toEqual({ tp: 0, fp: 0, tn: 6, fn: 4 });
  });

  it('judges at 0.5 when the brief gives no values, and says so', async () => {
    const result = await evaluate({}, { ...BRIEF, values: { tp: 0, fp: 0, tn: 0, fn: 0 } });
    expect(binary(result, 'a')).toMatchObject({ threshold: 0.5, thresholdSource: 'default' });
    expect(result.valued).toBe(false);
    expect(result.verdict?.value).toBeNull();
    expect(result.notices.join(' ')).toMatch(/gives every outcome a value of 0/);
  });

  it('refuses runs that did not score the same rows', async () => {
    await engine.exec(
      `CREATE OR REPLACE TABLE missing AS ${predictionsSql({ ...RUNS, b: { ...RUNS.b, rows: [0, 1, 2, 3, 4, 5, 6, 7, 8] } })}`,
    );
    const error = await rejection(evaluate({ input: 'missing' }));
    expect(error.code).toBe('bad-input');
    expect(error.message).toMatch(/Run "Model B" has 9 of the 10 validation rows/);
    await engine.exec(
      `CREATE OR REPLACE TABLE twice AS SELECT * FROM preds UNION ALL SELECT * FROM preds WHERE run_id = 'a' AND row_id = 2`,
    );
    expect((await rejection(evaluate({ input: 'twice' }))).message).toMatch(
      /Model A" scores some rows more than once/,
    );
  });

  it('refuses what is not a predictions table, with what one is', async () => {
    expect((await rejection(evaluate({ input: 'people' }))).message).toMatch(
      /"people" is not a predictions table: it has no run_id, run, role, row_id, truth, score columns/,
    );
    expect((await rejection(evaluate({ input: 'nowhere' }))).message).toMatch(/"nowhere" does not exist yet/);
    expect((await rejection(evaluate({ input: '' }))).message).toMatch(/Choose the predictions table/);
    await engine.exec(`CREATE OR REPLACE TABLE empty_preds AS SELECT * FROM preds WHERE false`);
    expect((await rejection(evaluate({ input: 'empty_preds' }))).message).toMatch(/has no predictions yet/);
    await engine.exec(`CREATE OR REPLACE TABLE odd_role AS SELECT * REPLACE ('champion' AS role) FROM preds`);
    expect((await rejection(evaluate({ input: 'odd_role' }))).message).toMatch(/role "champion"/);
    await engine.exec(`CREATE OR REPLACE TABLE counts AS SELECT * REPLACE (truth * 3 AS truth) FROM preds`);
    expect((await rejection(evaluate({ input: 'counts' }))).message).toMatch(/truth other than 0 and 1/);
  });

  it('refuses without a brief', async () => {
    const error = await rejection(evaluate({}, null));
    expect(error.message).toMatch(/no brief/);
  });

  it('says when there is no model to judge', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE baseline_only AS SELECT * FROM preds WHERE role <> 'model'`);
    const result = await evaluate({ input: 'baseline_only' });
    expect(result.verdict).toBeNull();
    expect(result.notices.join(' ')).toMatch(/no model run to judge/);
  });
});

describe('runEvaluate: significance', () => {
  it('finds a good model significantly better than the baseline (paired bootstrap)', async () => {
    const random = mulberry32(3);
    const n = 300;
    const truth: number[] = [];
    const good: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = random();
      good.push(Math.round(s * 100) / 100);
      truth.push(random() < s ? 1 : 0);
    }
    const rows = truth.map((_, i) => i + 1);
    const runs = {
      base: { label: 'Baseline', role: 'baseline', score: truth.map(() => 0.5) },
      good: { label: 'Good', role: 'model', score: good },
    };
    await engine.exec(`CREATE OR REPLACE TABLE big AS ${predictionsSql(runs, truth, rows)}`);
    const result = await evaluate({ input: 'big', bootstrap: { resamples: 500, seed: 1 } });
    const [vsBaseline] = result.verdict?.comparisons ?? [];
    expect(vsBaseline).toMatchObject({ against: 'baseline', better: true, significant: true });
    expect(vsBaseline?.test.pValue).toBe(0);
    expect(result.verdict?.sentences[1]).toMatch(
      /^It is better than the baseline \(Baseline\): \+0\.\d{3} ROC AUC \(95% CI \+0\.\d{3} to \+0\.\d{3}, paired bootstrap on the same rows, p < 0\.002\)\.$/,
    );
  });
});

describe('runEvaluate: regression', () => {
  const REG: BriefConfig = briefOf({
    input: 'people',
    target: 'spend',
    task: 'regression',
    metric: 'rmse',
    bar: 2,
    unitCost: { over: 1, under: 3 },
  });
  const truth = [10, 12, 9, 14, 11, 13, 8, 15, 10, 12];

  it('gives the errors, their intervals, the residuals and their cost', async () => {
    const runs = {
      mean: { label: 'Mean', role: 'baseline', score: truth.map(() => 11.4) },
      lin: { label: 'Linear', role: 'model', score: [10.5, 11, 9.5, 13, 11, 12.5, 8.5, 14, 10, 12.5] },
    };
    await engine.exec(`CREATE OR REPLACE TABLE reg AS ${predictionsSql(runs, truth)}`);
    const result = await runEvaluate(
      testContext(engine, REG),
      cellOf('evaluate', config({ input: 'reg', slices: ['plan'] })),
    );
    const lin = result.runs.find((r): r is RegressionRun => r.kind === 'regression' && r.id === 'lin');
    const errors = [0.5, -1, 0.5, -1, 0, -0.5, 0.5, -1, 0, 0.5].map((e) => -e);
    const mae = errors.reduce((s, e) => s + Math.abs(e), 0) / 10;
    expect(lin?.metrics.mae?.value).toBeCloseTo(mae, 12);
    expect(lin?.metrics.rmse?.value).toBeCloseTo(Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / 10), 12);
    expect(lin?.residuals.count).toBe(10);
    expect(Array.from(lin?.residual ?? [])).toEqual(truth.map((y, i) => y - (runs.lin.score[i] ?? 0)));
    // Over-predictions cost 1 a unit (0.5 × 4 = 2), under-predictions 3 (1 × 3 + 0.5 = 3.5 units → 10.5).
    expect(lin?.cost).toMatchObject({
      overCount: 4,
      underCount: 4,
      overCost: 2,
      underCost: 10.5,
      perThousand: 1250,
    });
    expect(lin?.slices[0]?.report.kind).toBe('regression');
    expect(result.verdict).toMatchObject({ id: 'lin', clearsBar: true });
    expect(result.verdict?.comparisons[0]).toMatchObject({ against: 'baseline', better: true });
    expect(result.verdict?.sentences.join(' ')).toMatch(
      /errors cost 1,250 per 1,000 cases .* against .* for the baseline/,
    );
    expect(kept(result, { input: 'reg', slices: ['plan'] })).toEqual(result);
  });
});
