import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeRelation } from '../data/catalog';
import { compileSteps } from '../data/clean/compile';
import { createImportHarness } from '../data/testing/import-harness';
import type { SqlEngine } from '../data/engine';
import { toStep, type Recipe } from '../notebook/clean-types';
import type { FeatureEncoding } from '../notebook/feature-types';
import type { GbdtSpec } from '../notebook/model-types';
import type { BriefConfig } from '../notebook/types';
import { runFeatures } from './features/run';
import { briefOf, cellOf, testContext } from './testing';
import { SKLEARN_TELCO } from './train/fixtures/telco_sklearn';
import { readTrainData, type TrainData } from './train/input';
import type { TrainResult } from './train/result';
import { runTrain } from './train/run';

/*
 * Quality against scikit-learn 1.2.1 through the app's own pipeline: the Telco sample's three
 * files joined as src/app/samples/telco.ts joins them, total_charges cleaned, a Features cell (stratified
 * 20 % validation, seed 42), then a Train cell. The app's matrix and split are saved in
 * train/fixtures/telco_features.bin.gz; train/reference/telco_sklearn.py fits scikit-learn on exactly that
 * matrix and writes train/fixtures/telco_sklearn.ts. To regenerate both:
 *   CASEBOOK_WRITE_FIXTURES=1 npx vitest run src/cells/telco.test.ts
 *   /usr/bin/python3 src/cells/train/reference/telco_sklearn.py && npx prettier --write src/cells/train/fixtures
 */

const SAMPLE = new URL('../../public/sample/telco/', import.meta.url);
const MATRIX = new URL('./train/fixtures/telco_features.bin.gz', import.meta.url);

/** src/app/samples/telco.ts's JOIN_SQL. */
const JOIN_SQL = `SELECT c.*, s.* EXCLUDE (customerID), b.* EXCLUDE (customer_id)
FROM customers AS c
JOIN services AS s USING (customerID)
JOIN billing AS b ON b.customer_id = c.customerID`;

/** What a Clean cell does first: total_charges is text, blank for the 11 new customers. */
const CLEAN: Recipe[] = [
  { recipe: 'placeholder-null', column: 'total_charges', tokens: [''] },
  { recipe: 'cast', column: 'total_charges', to: 'DOUBLE' },
];

/** src/app/samples/telco.ts's brief (positive '' finds `true` for the BOOLEAN Churn). */
const BRIEF: BriefConfig = briefOf({
  input: 'churn_clean',
  target: 'Churn',
  bar: 0.8,
  baseline: { kind: 'rule', sql: "Contract = 'Month-to-month' AND tenure < 12" },
});

const NUMERIC = ['SeniorCitizen', 'tenure', 'monthly_charges', 'total_charges'];

/** Numbers standardised (total_charges' blanks → the training median), categories one-hot with every level. */
function telcoFeatures(columns: readonly string[]): FeatureEncoding[] {
  const numeric = NUMERIC.map((column): FeatureEncoding => ({
    encoding: 'numeric',
    column,
    standardise: true,
    ...(column === 'total_charges' ? { impute: 'median' } : {}),
  }));
  const categorical = columns
    .filter((c) => !NUMERIC.includes(c) && c !== 'customerID' && c !== 'Churn')
    .map((column): FeatureEncoding => ({
      encoding: 'one-hot',
      column,
      topK: 100,
      other: false,
      missing: 'ignore',
    }));
  return [...numeric, ...categorical];
}

/** scikit-learn's HistGradientBoostingClassifier() defaults; its early stopping is on above 10,000 rows only. */
const gbdt = (trainRows: number): GbdtSpec => ({
  kind: 'gbdt',
  task: 'binary',
  learningRate: 0.1,
  maxIter: 100,
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2: 0,
  earlyStopping: trainRows > 10_000,
  seed: 0,
});

/** rows, features (uint32), x (float32, row-major), y (float32), side (uint8, 1 = validation). */
function encodeMatrix(data: TrainData): Buffer {
  const rows = data.y.length;
  const side = new Uint8Array(rows);
  for (const i of data.validation) side[i] = 1;
  const header = Uint32Array.of(rows, data.featureNames.length);
  return Buffer.concat(
    [header, data.x, data.y, side].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)),
  );
}

function decodeMatrix(bytes: Buffer) {
  const copy = Uint8Array.from(bytes).buffer;
  const [rows = 0, features = 0] = new Uint32Array(copy, 0, 2);
  const x = new Float32Array(copy, 8, rows * features);
  const y = new Float32Array(copy, 8 + 4 * rows * features, rows);
  const side = new Uint8Array(copy, 8 + 4 * rows * (features + 1), rows);
  return { rows, features, x, y, side };
}

let engine: SqlEngine;
let data: TrainData;
let result: TrainResult;
beforeAll(async () => {
  const harness = await createImportHarness();
  engine = harness.engine;
  for (const [file, format] of [
    ['customers.csv', 'csv'],
    ['services.csv', 'csv'],
    ['billing.parquet', 'parquet'],
  ] as const) {
    await harness.run(file, readFileSync(new URL(file, SAMPLE)), format, {
      table: file.split('.')[0] ?? file,
    });
  }
  await engine.exec(`CREATE TABLE churn AS ${JOIN_SQL}`);
  const { columns } = await describeRelation(engine, 'churn');
  const { sql } = compileSteps(
    'churn',
    columns,
    CLEAN.map((r, i) => toStep(r, `s${i + 1}`)),
  );
  await engine.exec(`CREATE TABLE churn_clean AS ${sql}`);

  const features = cellOf('features', {
    input: '',
    output: 'churn_features',
    features: telcoFeatures(columns.map((c) => c.name)),
    split: { kind: 'stratified', validationShare: 0.2, seed: 42 },
  });
  await runFeatures(testContext(engine, BRIEF), features);
  data = await readTrainData(engine, 'churn_features', BRIEF, new AbortController().signal);
  if (process.env['CASEBOOK_WRITE_FIXTURES'] === '1')
    writeFileSync(MATRIX, gzipSync(encodeMatrix(data), { level: 9 }));

  const train = cellOf('train', {
    input: 'churn_features',
    output: 'predictions',
    models: [{ kind: 'logistic', C: 1, seed: 0 }, gbdt(data.train.length)],
    backend: 'cpu',
    folds: null,
    search: null,
  });
  const output = await runTrain(testContext(engine, BRIEF), train);
  result = output;
});

describe('Telco churn through the app, against scikit-learn 1.2.1', () => {
  it('the saved matrix is the one the app makes (so the reference numbers are of this data)', () => {
    const saved = decodeMatrix(gunzipSync(readFileSync(MATRIX)));
    expect([saved.rows, saved.features]).toEqual([7043, 45]);
    expect([data.train.length, data.validation.length]).toEqual([
      SKLEARN_TELCO.nTrain,
      SKLEARN_TELCO.nValidation,
    ]);
    expect(Array.from(saved.side.keys()).filter((i) => saved.side[i] === 1)).toEqual(
      Array.from(data.validation),
    );
    expect(saved.y).toEqual(data.y);
    let worst = 0;
    data.x.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (saved.x[i] ?? NaN)))));
    expect(worst).toBeLessThan(1e-6);
  });

  it('logistic regression (C = 1): ROC AUC within 0.01 of LogisticRegression(C=1)', () => {
    const run = result.runs.find((r) => r.spec?.kind === 'logistic');
    expect(run?.status).toBe('done');
    const auc = run?.metrics.roc_auc ?? NaN;
    expect(Math.abs(auc - SKLEARN_TELCO.logistic.roc_auc)).toBeLessThan(0.01);
    // Both solve the same objective to (near) its optimum.
    expect(Math.abs(auc - SKLEARN_TELCO.logistic.roc_auc)).toBeLessThan(1e-3);
    expect(Math.abs((run?.metrics.log_loss ?? NaN) - SKLEARN_TELCO.logistic.log_loss)).toBeLessThan(1e-3);
    expect(Math.abs((run?.metrics.accuracy ?? NaN) - SKLEARN_TELCO.logistic.accuracy)).toBeLessThan(0.005);
  });

  it('gradient-boosted trees (defaults): ROC AUC within 0.01 of HistGradientBoostingClassifier()', () => {
    const run = result.runs.find((r) => r.spec?.kind === 'gbdt');
    expect(run?.status).toBe('done');
    expect(run?.detail.iterations).toBe(SKLEARN_TELCO.gbdt.n_iter);
    const auc = run?.metrics.roc_auc ?? NaN;
    expect(Math.abs(auc - SKLEARN_TELCO.gbdt.roc_auc)).toBeLessThan(0.01);
    expect(Math.abs((run?.metrics.log_loss ?? NaN) - SKLEARN_TELCO.gbdt.log_loss)).toBeLessThan(0.005);
  });

  it("both beat the baseline (0.5) and the brief's rule; the best is one of them", () => {
    const [baseline, rule] = result.runs;
    expect(baseline?.metrics.roc_auc).toBe(0.5);
    expect(rule?.role).toBe('rule');
    const models = result.runs.filter((r) => r.role === 'model');
    for (const m of models) expect(m.metrics.roc_auc).toBeGreaterThan((rule?.metrics.roc_auc ?? 1) + 0.05);
    expect(models.map((m) => m.id)).toContain(result.best);
  });
});
