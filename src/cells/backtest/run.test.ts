import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../data/engine';
import { createNodeEngine } from '../../data/testing/node-engine';
import { rejection } from '../../data/testing/import-harness';
import { asCellId } from '../../notebook/ids';
import { defaultModelSpec } from '../../notebook/model-types';
import type { LineageLink } from '../../notebook/runs';
import { parseRecord, runBatchSchema, storedRunSchema } from '../../notebook/run-validate';
import type { BacktestConfig, BriefConfig, FeaturesConfig } from '../../notebook/types';
import { briefOf, cellOf, memoryRuns, testContext } from '../testing';
import type { BacktestOutput } from './result';
import { runBacktest } from './run';

/*
 * The backtest runner end to end on DuckDB-WASM (Node build) and the training worker's service in
 * this process, against scikit-learn 1.2.1: reference/backtest_folds.py fits StandardScaler,
 * OneHotEncoder and LogisticRegression(C=1) on each monthly fold's training rows of
 * fixtures/backtest-data.csv and prints fixtures/backtest-reference.json.
 */

interface ReferenceFold {
  readonly label: string;
  readonly train: number;
  readonly test: number;
  readonly xMean: number;
  readonly xStd: number;
  readonly rocAuc: number;
}

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)), 'utf8');
const REFERENCE: ReferenceFold[] = JSON.parse(fixture('backtest-reference.json')) as ReferenceFold[];

/** The CSV as a VALUES query: when (text), x, kind, late. */
function valuesSql(): string {
  const rows = fixture('backtest-data.csv')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [when, x, kind, late] = line.split(',');
      return `('${when}', ${x}, '${kind}', ${late})`;
    });
  return `SELECT * FROM (VALUES ${rows.join(', ')}) AS t("when", x, kind, late)`;
}

const FEATURES: FeaturesConfig = {
  input: 'events',
  output: 'events_features',
  features: [
    { encoding: 'numeric', column: 'x', impute: null, standardise: true },
    { encoding: 'one-hot', column: 'kind', topK: 10, other: false, missing: 'ignore' },
  ],
  split: { kind: 'time', column: 'when', cutoff: '' },
};

const BRIEF: BriefConfig = briefOf({
  input: 'events',
  target: 'late',
  positive: '1',
  timeColumn: 'when',
  bar: 0.7,
  values: { tp: 100, fp: -20, tn: 0, fn: -50 },
  baseline: { kind: 'rule', sql: "kind = 'b'" },
});

const CONFIG: BacktestConfig = {
  input: 'events_features',
  timeColumn: null,
  folds: { kind: 'periods', period: 'month', folds: null },
  window: 'expanding',
  trainSize: null,
  gapDays: 0,
  models: [defaultModelSpec('logistic', 'binary', 42)],
  threshold: 0.5,
  maxTrainRows: null,
};

function lineage(features: FeaturesConfig = FEATURES): { links: LineageLink[] } {
  const cell = {
    id: asCellId('features'),
    kind: 'features' as const,
    config: features,
    reads: [features.input],
  };
  return { links: [{ cell, fingerprint: 'f', upstream: [], fitted: null, sql: null }] };
}

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(
    `CREATE TABLE events AS SELECT CAST("when" AS TIMESTAMP) AS "when", x, kind, late FROM (${valuesSql()})`,
  );
  await engine.exec(`CREATE TABLE events_text AS ${valuesSql()}`);
});

function run(
  config: Partial<BacktestConfig> = {},
  brief: BriefConfig = BRIEF,
  features = FEATURES,
  stored = memoryRuns(),
) {
  const runs = { ...stored, lineage: () => lineage(features) };
  const ctx = { ...testContext(engine, brief, { runs }), report: () => undefined };
  return { result: runBacktest(ctx, cellOf('backtest', { ...CONFIG, ...config })), runs };
}

describe('runBacktest', () => {
  let output: BacktestOutput;
  const port = memoryRuns();
  const saved = port.saved;
  beforeAll(async () => {
    output = await run({}, BRIEF, FEATURES, port).result;
  }, 60_000);

  it('cuts monthly expanding folds as the reference: February to June, every row once', () => {
    expect(output.folds.map((f) => [f.label, f.train.rows, f.test.rows])).toEqual(
      REFERENCE.map((f) => [f.label, f.train, f.test]),
    );
    expect(output.folds.every((f) => f.leakage.ok)).toBe(true);
    expect(output.folds[0]?.train.start).toBe('2001-01-01T00:00:00.000Z');
    expect(output.folds[4]?.test.end).toBe('2001-07-01T00:00:00.000Z');
  });

  it("fits each fold's features on its own training rows (StandardScaler's mean and scale)", () => {
    const specs = saved.map((bundle) => bundle.batch.lineage.links[0]?.fitted?.features[0]);
    specs.forEach((f, i) => {
      const ref = REFERENCE[i];
      if (f?.encoding !== 'numeric' || !f.fitted || !ref) throw new Error('no fitted numeric encoding');
      expect(f.fitted.mean).toBeCloseTo(ref.xMean, 9);
      expect(f.fitted.std).toBeCloseTo(ref.xStd, 9);
    });
    expect(new Set(output.folds.map((f) => f.fittedFingerprint)).size).toBe(5);
  });

  it('scores logistic regression per fold within 0.005 ROC AUC of scikit-learn', () => {
    output.folds.forEach((fold, i) => {
      const model = fold.runs.find((r) => r.role === 'model');
      expect(Math.abs((model?.metric ?? NaN) - (REFERENCE[i]?.rocAuc ?? NaN))).toBeLessThan(0.005);
    });
  });

  it('reports the baseline, the rule and the value at the threshold per fold', () => {
    const first = output.folds[0];
    expect(first?.runs.map((r) => r.role)).toEqual(['baseline', 'rule', 'model']);
    expect(first?.runs.find((r) => r.role === 'baseline')?.metric).toBe(0.5);
    // The baseline scores every row the training positive rate (< 0.5 here): it acts on none.
    const positives = first?.testPositives ?? 0;
    expect(first?.runs.find((r) => r.role === 'baseline')?.valuePerThousand).toBeCloseTo(
      ((positives * -50) / (first?.test.rows ?? 1)) * 1000,
      6,
    );
  });

  it('summarises mean and spread, and warns of the decay with its slope', () => {
    const model = output.summaries.find((s) => s.role === 'model');
    const aucs = REFERENCE.map((f) => f.rocAuc);
    const mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
    expect(model?.mean).toBeCloseTo(mean, 2);
    expect(model?.slope).toBeLessThan(-0.03);
    expect(model?.decay).toMatch(/falls across the folds: slope -0\.0\d+ per fold/);
  });

  it("times each fold's fits within its train calls, and the folds within the run", () => {
    for (const fold of output.folds) {
      const models = fold.runs.filter((r) => r.role !== 'rule');
      expect(models.every((r) => r.fitMs !== null && r.fitMs >= 0 && r.fitMs <= r.durationMs)).toBe(true);
      expect(fold.runs.find((r) => r.role === 'rule')?.fitMs).toBeNull();
      const { timing } = fold;
      expect(timing.restored).toBe(false);
      expect(timing.fitMs).toBeCloseTo(
        models.reduce((s, r) => s + (r.fitMs ?? 0), 0),
        9,
      );
      expect(timing.fitMs).toBeLessThanOrEqual(timing.trainMs);
      expect(timing.featuresMs + timing.trainMs).toBeLessThanOrEqual(timing.totalMs);
    }
    const folds = output.folds.reduce((s, f) => s + f.timing.totalMs, 0);
    const { prepareMs, storeMs, totalMs } = output.timing;
    expect(prepareMs + folds + storeMs).toBeLessThanOrEqual(totalMs);
  });

  it('stores each fold as a batch of one run group, with its lineage', () => {
    expect(saved).toHaveLength(5);
    expect(output.storage).toEqual({ state: 'saved', groupId: expect.any(String) });
    const groups = new Set(saved.flatMap((b) => b.runs.map((r) => r.group?.split(' · ')[0])));
    expect(groups.size).toBe(1);
    expect(saved[1]?.batch.lineage.links[0]?.sql).toContain('-- Features of');
    expect(saved[1]?.batch.validationRowIds).toHaveLength(REFERENCE[1]?.test ?? 0);
    // What storage reads back: each record passes the stored runs' validation.
    for (const bundle of saved) {
      expect(() =>
        parseRecord(runBatchSchema, JSON.parse(JSON.stringify(bundle.batch)), 'batch'),
      ).not.toThrow();
      for (const r of bundle.runs) expect(() => parseRecord(storedRunSchema, r, 'run')).not.toThrow();
    }
  });
});

describe('runBacktest, run again', () => {
  it('restores the stored folds instead of training them again, with the same numbers', async () => {
    const port = memoryRuns();
    const first = await run({}, BRIEF, FEATURES, port).result;
    const again = await run({}, BRIEF, FEATURES, port).result;
    expect(port.saved).toHaveLength(5);
    expect(again.storage).toEqual({
      state: 'restored',
      groupId: first.storage.state === 'saved' ? first.storage.groupId : '',
    });
    expect(again.folds.map((f) => f.runs.map((r) => [r.key, r.metric, r.valuePerThousand]))).toEqual(
      first.folds.map((f) => f.runs.map((r) => [r.key, r.metric, r.valuePerThousand])),
    );
    // Nothing was fitted in this run: the folds say they were restored.
    expect(again.folds.map((f) => [f.timing.restored, f.timing.fitMs])).toEqual(
      first.folds.map(() => [true, 0]),
    );
    const threshold = await run({ threshold: 0.6 }, BRIEF, FEATURES, port).result;
    expect(threshold.storage.state).toBe('saved');
    expect(port.saved).toHaveLength(10);
  }, 60_000);
});

describe('runBacktest, bad input', () => {
  it('refuses a case without a time column, naming where to set one', async () => {
    const { result } = run({}, { ...BRIEF, timeColumn: null });
    expect((await rejection(result)).message).toContain('set the time column in the Brief cell');
  });

  it('reads text times, and counts the values that are not times', async () => {
    const features = { ...FEATURES, input: 'events_text' };
    const ok = await run({ folds: { kind: 'count', folds: 3 } }, BRIEF, features).result;
    expect(ok.folds).toHaveLength(3);
    await engine.exec(
      `CREATE OR REPLACE TABLE bad_times AS SELECT CASE WHEN x > 1.5 THEN 'soon' WHEN x < -1.5 THEN NULL ELSE "when" END AS "when", x, kind, late FROM events_text`,
    );
    const bad = run({}, BRIEF, { ...FEATURES, input: 'bad_times' }).result;
    expect((await rejection(bad)).message).toMatch(
      /has \d+ rows with no time \(NULL\) and \d+ values that are not a date or time/,
    );
  });

  it('refuses a window longer than the data', async () => {
    const { result } = run({ folds: { kind: 'periods', period: 'quarter', folds: 3 } });
    expect((await rejection(result)).message).toContain('The window is longer than the data');
  });

  it('refuses a fold with no positives, naming it', async () => {
    await engine.exec(
      `CREATE OR REPLACE TABLE quiet AS SELECT "when", x, kind, CASE WHEN month("when") = 4 THEN 0 ELSE late END AS late FROM events`,
    );
    const { result } = run({}, BRIEF, { ...FEATURES, input: 'quiet' });
    expect((await rejection(result)).message).toContain(
      'Fold 2001-04: its 235 test rows have no positive rows',
    );
  });

  it('refuses weekly folds too small to train on', async () => {
    const { result } = run({ folds: { kind: 'periods', period: 'week', folds: null } });
    expect((await rejection(result)).message).toMatch(
      /Fold 1 \(test .*\) has \d+ training rows and \d+ test rows; it needs at least 50 and 20/,
    );
  });
});
