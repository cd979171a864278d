import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fitBaseline, fitGbdt, fitLinear, fitLogistic, fitTree, type DenseMatrix } from '../../ml/models';
import split from '../../ml/models/fixtures/telco_split.json';
import { decisionFromBrief, type RunForBundle } from '../../notebook/bundle/from-run';
import type { ModelBundle } from '../../notebook/bundle/types';
import type { FeatureSpec } from '../../notebook/feature-types';
import { asCaseId, asCellId, asRunId } from '../../notebook/ids';
import { newCell } from '../../notebook/ops';
import type { RunBatch, StoredModel, StoredRun } from '../../notebook/runs';
import type { BriefConfig } from '../../notebook/types';
import type { SqlEngine } from '../engine';
import { compileFeatures } from '../features/compile';
import { fitFeatures } from '../features/fit';
import { readMatrix } from '../features/matrix';
import { createNodeEngine } from '../testing/node-engine';
import { bundleFromRun } from './bundle';
import { engineRows } from './rows';

/*
 * Test fixtures for bundles and scoring: the IBM Telco churn sample (src/ml/models/fixtures) as the
 * app would hold it — one cleaned input table in DuckDB-WASM, features fitted on the training rows
 * of the fixed split, the app's Float32 matrix of every row — and a model of every kind trained on
 * it, each written as a bundle through `bundleFromRun`, the function the Models view calls.
 */

export const TELCO_CSV = fileURLToPath(new URL('../../ml/models/fixtures/telco_churn.csv', import.meta.url));

/**
 * The cleaning both engines apply to the CSV read as text: the app's input table, and the files
 * the command line scores. Blank TotalCharges become NULL (imputed by the features).
 */
export function telcoCleanSql(csvPath: string): string {
  return `SELECT * REPLACE (
    CAST(SeniorCitizen AS INTEGER) AS SeniorCitizen,
    CAST(tenure AS INTEGER) AS tenure,
    CAST(MonthlyCharges AS DOUBLE) AS MonthlyCharges,
    CAST(nullif(trim(TotalCharges), '') AS DOUBLE) AS TotalCharges
  ) FROM read_csv('${csvPath.replaceAll("'", "''")}', all_varchar = true, header = true)`;
}

const CATEGORICAL = [
  'gender',
  'Partner',
  'Dependents',
  'PhoneService',
  'MultipleLines',
  'InternetService',
  'OnlineSecurity',
  'OnlineBackup',
  'DeviceProtection',
  'TechSupport',
  'StreamingTV',
  'StreamingMovies',
  'Contract',
  'PaperlessBilling',
  'PaymentMethod',
];

/** Churn (binary): four numbers standardised (TotalCharges imputed), the rest one-hot with "(other)". */
export const CHURN_SPEC: FeatureSpec = {
  target: 'Churn',
  task: 'binary',
  positive: 'Yes',
  features: [
    { encoding: 'numeric', column: 'SeniorCitizen', standardise: true },
    { encoding: 'numeric', column: 'tenure', standardise: true },
    { encoding: 'numeric', column: 'MonthlyCharges', standardise: true },
    { encoding: 'numeric', column: 'TotalCharges', standardise: true, impute: 'median', indicator: true },
    ...CATEGORICAL.map((column) => ({
      encoding: 'one-hot' as const,
      column,
      topK: 10,
      other: true,
      missing: 'category' as const,
    })),
  ],
};

/** Monthly charges (regression) from tenure, bucketed tenure and the services. */
export const CHARGES_SPEC: FeatureSpec = {
  target: 'MonthlyCharges',
  task: 'regression',
  features: [
    { encoding: 'numeric', column: 'tenure', log: true, standardise: true },
    { encoding: 'bucket', column: 'tenure', bins: 4, method: 'quantile' },
    { encoding: 'ordinal', column: 'Contract', order: ['Month-to-month', 'One year', 'Two year'] },
    ...CATEGORICAL.slice(3, 12).map((column) => ({
      encoding: 'one-hot' as const,
      column,
      topK: 5,
      other: false,
      missing: 'ignore' as const,
    })),
  ],
};

export interface TelcoModels {
  readonly engine: SqlEngine;
  /** The app's matrices of every row of `churn`, in table order. */
  readonly matrices: { readonly binary: DenseMatrix; readonly regression: DenseMatrix };
  readonly bundles: readonly {
    readonly kind: StoredModel['kind'];
    readonly bundle: ModelBundle;
    readonly text: string;
  }[];
}

const validation = new Set(split.validationRows);

function trainRows(x: DenseMatrix, y: Float32Array): { x: DenseMatrix; y: Float32Array } {
  const rows = Array.from({ length: x.rows }, (_, i) => i).filter((i) => !validation.has(i));
  const data = new Float32Array(rows.length * x.cols);
  rows.forEach((r, k) => data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), k * x.cols));
  return { x: { data, rows: rows.length, cols: x.cols }, y: Float32Array.from(rows, (r) => y[r] ?? 0) };
}

/** A network with fixed weights (its forward pass is checked against tfjs in workers/training). */
export function fixedMlp(inputs: number, task: 'binary' | 'regression'): StoredModel {
  const weights = (n: number, salt: number) =>
    Array.from({ length: n }, (_, k) => Math.sin(0.7 * k + salt) * 0.3);
  return {
    kind: 'mlp',
    spec: {
      kind: 'mlp',
      task,
      hidden: [8],
      activation: 'relu',
      dropout: 0,
      learningRate: 0.01,
      batchSize: 64,
      epochs: 1,
      patience: 0,
      l2: 0,
      seed: 1,
    },
    inputs,
    layers: [
      { units: 8, kernel: weights(inputs * 8, 1), bias: weights(8, 2) },
      { units: 1, kernel: weights(8, 3), bias: [task === 'binary' ? -0.5 : 60] },
    ],
  };
}

const BRIEF: BriefConfig = {
  objective: 'Keep customers',
  decision: 'Call them',
  input: 'churn',
  target: 'Churn',
  task: 'binary',
  positive: 'Yes',
  metric: 'roc_auc',
  bar: 0.75,
  baseline: { kind: 'majority' },
  values: { tp: 200, fp: -50, tn: 0, fn: -300 },
  costs: null,
  unitCost: { over: 1, under: 1 },
  timeColumn: null,
};

/** The case a stored run belongs to: Telco unless another is given. */
export interface RunSetting {
  readonly table: string;
  readonly caseTitle: string;
  readonly brief: BriefConfig;
}

/** A stored run of `model`, as a train cell would have saved it, with the lineage a bundle reads. */
export function storedRun(
  spec: FeatureSpec,
  model: StoredModel,
  featureNames: readonly string[],
  threshold: number | null,
  setting: RunSetting | null = null,
): RunForBundle {
  const task = spec.task;
  const table = setting?.table ?? 'churn';
  const brief: BriefConfig = setting?.brief ?? {
    ...BRIEF,
    task,
    target: spec.target,
    metric: task === 'binary' ? ('roc_auc' as const) : ('rmse' as const),
  };
  const briefCell = { ...newCell('brief', asCellId('b1'), new Set()), config: brief };
  const base = newCell('features', asCellId('f1'), new Set());
  const features = {
    ...base,
    reads: [table],
    config: { ...base.config, input: table, output: `${table}_features` },
  };
  const runId = asRunId(`run-${model.kind}`);
  const batch: RunBatch = {
    id: `batch-${model.kind}`,
    caseId: asCaseId('case-telco'),
    cellId: asCellId('t1'),
    key: 'c'.repeat(64),
    startedAt: '2026-03-01T10:00:00.000Z',
    finishedAt: '2026-03-01T10:01:00.000Z',
    appVersion: '0.1.0',
    config: {
      input: `${table}_features`,
      output: 'predictions',
      models: [],
      backend: 'auto',
      folds: null,
      search: null,
    },
    framing: { task, metric: brief.metric, bar: 0.75, baseline: { kind: 'majority' } },
    lineage: {
      links: [
        { cell: briefCell, fingerprint: '1'.repeat(16), upstream: [], fitted: null, sql: null },
        { cell: features, fingerprint: '2'.repeat(16), upstream: [asCellId('b1')], fitted: spec, sql: null },
      ],
    },
    data: {
      input: `${table}_features`,
      output: 'predictions',
      fingerprint: 'd'.repeat(64),
      splitFingerprint: 'e'.repeat(64),
      featureNames,
      rows: { train: 5634, validation: 1409 },
    },
    backends: null,
    runIds: [runId],
    best: runId,
    validationRowIds: new Int32Array(),
    validationTruth: new Float32Array(),
  };
  const run: StoredRun = {
    id: runId,
    batchId: batch.id,
    index: 0,
    startedAt: batch.startedAt,
    label: `${setting === null ? 'Telco' : setting.caseTitle} ${model.kind}`,
    role: 'model',
    group: null,
    spec: null,
    params: null,
    status: 'done',
    message: null,
    backend: null,
    durationMs: 1,
    metrics:
      task === 'binary' ? { roc_auc: 0.84 } : task === 'multiclass' ? { macro_f1: 0.97 } : { rmse: 10 },
    trainMetric: null,
    cv: null,
    curve: [],
    detail: {},
  };
  return {
    caseId: 'case-telco',
    caseTitle: setting?.caseTitle ?? 'Telco churn',
    batch,
    run,
    model,
    version: 1,
    decision: decisionFromBrief(brief, threshold, spec.classes ?? []),
    evaluation: {
      metric: brief.metric,
      value: 0.84,
      lower: 0.82,
      upper: 0.86,
      level: 0.95,
      rows: 1409,
      threshold,
      valuePer1000: task === 'binary' ? 12_345 : null,
      bar: 0.75,
      clearsBar: true,
      verdict: ['It clears the bar.'],
    },
  };
}

/** DuckDB-WASM in Node with the cleaned Telco table `churn` (7,043 rows), as the app holds it. */
export async function telcoEngine(): Promise<SqlEngine> {
  const engine = await createNodeEngine();
  await engine.registerFile('telco.csv', new Blob([readFileSync(TELCO_CSV)]));
  await engine.exec(`CREATE TABLE churn AS ${telcoCleanSql('telco.csv')}`);
  return engine;
}

async function fitted(engine: SqlEngine, spec: FeatureSpec) {
  const splitTable = `split_${spec.target}`;
  await engine.exec(
    `CREATE OR REPLACE TABLE ${splitTable} AS SELECT *, CASE WHEN row_number() OVER () - 1 IN (${split.validationRows.join(', ')}) THEN 'valid' ELSE 'train' END AS __split FROM churn`,
  );
  const spec_ = await fitFeatures(engine, splitTable, spec, { trainWhere: "__split = 'train'" });
  const { sql, columns } = compileFeatures(spec_, 'churn');
  const m = await readMatrix(engine, sql, columns);
  return { spec: spec_, columns, x: { data: m.x, rows: m.rows, cols: m.features }, y: m.y };
}

/** Trains a model of every kind on Telco (binary, and regression for `linear`) and writes each as a bundle. */
export async function telcoModels(
  kinds: readonly StoredModel['kind'][] = ['baseline', 'logistic', 'linear', 'tree', 'gbdt', 'mlp'],
): Promise<TelcoModels> {
  const engine = await telcoEngine();
  const churn = await fitted(engine, CHURN_SPEC);
  const charges = await fitted(engine, CHARGES_SPEC);
  const b = trainRows(churn.x, churn.y);
  const r = trainRows(charges.x, charges.y);
  const bundles = [];
  for (const kind of kinds) {
    const regression = kind === 'linear';
    const set = regression ? charges : churn;
    const model: StoredModel =
      kind === 'baseline'
        ? fitBaseline(b.x, b.y, { task: 'classification' })
        : kind === 'logistic'
          ? await fitLogistic(b.x, b.y)
          : kind === 'linear'
            ? fitLinear(r.x, r.y, { alpha: 1 })
            : kind === 'tree'
              ? await fitTree(b.x, b.y, { task: 'classification', maxDepth: 5 })
              : kind === 'gbdt'
                ? await fitGbdt(b.x, b.y, { task: 'classification', maxIter: 30 })
                : fixedMlp(set.x.cols, 'binary');
    const source = storedRun(set.spec, model, set.columns, regression ? null : 0.35);
    const { bundle, text } = await bundleFromRun(engineRows(engine), source, {
      createdAt: '2026-03-02T09:00:00.000Z',
      appVersion: '0.1.0',
    });
    bundles.push({ kind, bundle, text });
  }
  return { engine, matrices: { binary: churn.x, regression: charges.x }, bundles };
}
