import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PENGUIN_CONFIGS } from '../../app/samples/penguins';
import type { SqlEngine } from '../../data/engine';
import { createImportHarness } from '../../data/testing/import-harness';
import { asCellId } from '../../notebook/ids';
import type { LineageLink } from '../../notebook/runs';
import type { BacktestConfig, BriefConfig, FeaturesConfig } from '../../notebook/types';
import { PENGUINS_CSV } from '../penguin-bundles';
import { parseRecord, runBatchSchema } from '../../notebook/run-validate';
import { cellOf, memoryRuns, testContext } from '../testing';
import type { BacktestOutput } from './result';
import { runBacktest } from './run';

/*
 * The backtest of a multiclass brief, end to end on DuckDB-WASM (Node build) and the training
 * worker's service in this process: the Penguin species sample's own backtest cell, on its
 * made-up tagging month (its SQL cell: bird i of the CSV in month i mod 6) with expanding folds
 * testing its last three months, against scikit-learn 1.2.1
 * (reference/backtest_multiclass.py → fixtures/backtest-multiclass.json): per fold, the features
 * fitted on its training rows, softmax logistic regression, the brief's macro-F1 on its test rows
 * and the cost per 1,000 rows under the brief's cost matrix of its decision rule (the class of
 * least expected cost: the brief has a matrix).
 */

interface Judged {
  readonly macroF1: number;
  /** Deciding the class of least expected cost, the brief's rule. */
  readonly valuePer1000: number;
  /** Deciding the most probable class: kept to show the rules differ. */
  readonly valuePer1000ArgMax: number;
}
interface ReferenceFold {
  readonly label: string;
  readonly train: number;
  readonly test: number;
  readonly classes: readonly string[];
  readonly model: Judged;
  readonly baseline: Judged;
}
// The reference tests February to June; the sample's cell the last three of them.
const REFERENCE = (
  JSON.parse(
    readFileSync(fileURLToPath(new URL('fixtures/backtest-multiclass.json', import.meta.url)), 'utf8'),
  ) as { folds: ReferenceFold[] }
).folds.slice(-3);

let engine: SqlEngine;

const FEATURES: FeaturesConfig = PENGUIN_CONFIGS.monthFeatures;
const BRIEF: BriefConfig = PENGUIN_CONFIGS.brief;
const CONFIG: BacktestConfig = PENGUIN_CONFIGS.backtest;

function lineage(): { links: LineageLink[] } {
  const cell = {
    id: asCellId('features'),
    kind: 'features' as const,
    config: FEATURES,
    reads: [FEATURES.input],
  };
  return { links: [{ cell, fingerprint: 'f', upstream: [], fitted: null, sql: null }] };
}

beforeAll(async () => {
  const harness = await createImportHarness();
  engine = harness.engine;
  await harness.run('penguins.csv', readFileSync(PENGUINS_CSV), 'csv', { table: 'penguins' });
  // The sample's SQL cell: tagged over six months, a bird in turn to each.
  await engine.exec(`CREATE TABLE ${FEATURES.input} AS ${PENGUIN_CONFIGS.monthsSql}`);
}, 120_000);
afterAll(async () => {
  await engine.terminate();
});

describe('a backtest of a multiclass brief', () => {
  let output: BacktestOutput;
  const port = memoryRuns();
  const context = (runs = port) => ({
    ...testContext(engine, BRIEF, { runs: { ...runs, lineage } }),
    report: () => undefined,
  });
  beforeAll(async () => {
    output = await runBacktest(context(), cellOf('backtest', CONFIG));
  }, 120_000);

  it('cuts the last three monthly folds as the reference, each fold training on its own classes', () => {
    expect(output.task).toBe('multiclass');
    expect(output.metric).toBe('macro_f1');
    expect(output.folds.map((f) => [f.label.slice(0, 7), f.train.rows, f.test.rows])).toEqual(
      REFERENCE.map((f) => [f.label, f.train, f.test]),
    );
    expect(output.folds.every((f) => f.testPositives === null)).toBe(true);
    expect(port.saved.map((b) => b.batch.data.classes)).toEqual(REFERENCE.map((f) => f.classes));
  });

  it('scores each fold with the brief’s macro-F1 and the cost matrix, as scikit-learn', () => {
    output.folds.forEach((fold, i) => {
      const ref = REFERENCE[i];
      if (!ref) throw new Error(`no reference fold ${i}`);
      const [baseline, model] = fold.runs;
      expect([baseline?.role, model?.role]).toEqual(['baseline', 'model']);
      expect(model?.message).toBeNull();
      expect(model?.metric).toBeCloseTo(ref.model.macroF1, 9);
      expect(model?.valuePerThousand).toBeCloseTo(ref.model.valuePer1000, 9);
      expect(baseline?.metric).toBeCloseTo(ref.baseline.macroF1, 9);
      expect(baseline?.valuePerThousand).toBeCloseTo(ref.baseline.valuePer1000, 9);
    });
    // The baseline's class shares decide Adelie by arg-max but Gentoo by least expected cost.
    for (const ref of REFERENCE)
      expect(Math.abs(ref.baseline.valuePer1000 - ref.baseline.valuePer1000ArgMax)).toBeGreaterThan(100);
    expect(output.decisionRule).toBe('min-expected-cost');
    const model = output.summaries.find((s) => s.role === 'model');
    const mean = REFERENCE.reduce((a, f) => a + f.model.macroF1, 0) / REFERENCE.length;
    expect(model?.mean).toBeCloseTo(mean, 9);
  });

  it('stores each fold with its classes and k scores per test row, and restores it unchanged', async () => {
    for (const bundle of port.saved) {
      expect(() =>
        parseRecord(runBatchSchema, JSON.parse(JSON.stringify(bundle.batch)), 'batch'),
      ).not.toThrow();
      const rows = bundle.batch.data.rows.validation;
      const scored = bundle.artifacts.find((a) => a.scores !== null);
      expect(scored?.scores?.length).toBe(rows * 3);
    }
    const again = await runBacktest(context(), cellOf('backtest', CONFIG));
    expect(again.storage.state).toBe('restored');
    expect(again.folds.map((f) => f.runs.map((r) => r.metric))).toEqual(
      output.folds.map((f) => f.runs.map((r) => r.metric)),
    );
  }, 120_000);
});
