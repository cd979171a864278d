import type { MlpArtifact } from '../ml/models';
import { asCaseId, asCellId, asRunId, type RunId } from '../notebook/ids';
import { newCell } from '../notebook/ops';
import type { RunArtifact, RunBatch, RunBatchBundle, StoredRun } from '../notebook/runs';
import { sampleCase } from '../notebook/test-helpers';

/*
 * Test fixtures: a stored batch as a train cell saves it, with one run of each shape (baseline,
 * logistic, a network whose curve holds a NaN, a failed run), valid for every validator.
 */

const T0 = '2026-03-01T10:00:00.000Z';

export interface BundleOptions {
  readonly batchId?: string;
  readonly caseId?: string;
  readonly cellId?: string;
  readonly key?: string;
  readonly finishedAt?: string;
  /** Prefix of the run ids (`<prefix>-0`, …). */
  readonly prefix?: string;
}

const CPU = { backend: 'cpu', reason: 'TypeScript model.', available: ['cpu'] } as const;

const MLP: MlpArtifact = {
  kind: 'mlp',
  spec: {
    kind: 'mlp',
    task: 'binary',
    hidden: [2],
    activation: 'relu',
    dropout: 0,
    learningRate: 0.01,
    batchSize: 32,
    epochs: 3,
    patience: 0,
    l2: 0,
    seed: 1,
  },
  inputs: 2,
  layers: [
    { units: 2, kernel: [0.1, -0.2, 0.3, 0.4], bias: [0, 0.1] },
    { units: 1, kernel: [0.5, -0.5], bias: [0.2] },
  ],
};

function run(batchId: string, id: RunId, index: number, fields: Partial<StoredRun>): StoredRun {
  return {
    id,
    batchId,
    index,
    startedAt: T0,
    label: 'Run',
    role: 'model',
    group: null,
    spec: null,
    params: null,
    status: 'done',
    message: null,
    backend: CPU,
    durationMs: 12.5,
    metrics: { roc_auc: 0.75, pr_auc: 0.6, f1: null, accuracy: 2 / 3, log_loss: 0.5, brier: 0.2 },
    trainMetric: 0.8,
    cv: null,
    curve: [],
    detail: {},
    ...fields,
  };
}

export function runBundle(options: BundleOptions = {}): RunBatchBundle {
  const batchId = options.batchId ?? 'batch-1';
  const prefix = options.prefix ?? 'run';
  const ids = [0, 1, 2, 3].map((i) => asRunId(`${prefix}-${i}`));
  const [baseline, logistic, mlp, failed] = ids as [RunId, RunId, RunId, RunId];
  const cells = sampleCase().cells;
  const features = newCell('features', asCellId('f1'), new Set(['customers', 'active', 'summary']));
  const batch: RunBatch = {
    id: batchId,
    caseId: asCaseId(options.caseId ?? 'case-1'),
    cellId: asCellId(options.cellId ?? 't1'),
    key: options.key ?? 'c'.repeat(64),
    startedAt: T0,
    finishedAt: options.finishedAt ?? '2026-03-01T10:01:00.000Z',
    appVersion: '0.1.0',
    config: {
      input: 'features',
      output: 'predictions',
      models: [{ kind: 'logistic', C: 1, seed: 42 }, MLP.spec],
      backend: 'auto',
      folds: 3,
      search: null,
    },
    framing: {
      task: 'binary',
      metric: 'roc_auc',
      bar: 0.7,
      baseline: { kind: 'rule', sql: "plan = 'basic'" },
    },
    lineage: {
      links: [
        ...cells.slice(0, 2).map((cell, i) => ({
          cell,
          fingerprint: `${i}`.repeat(16),
          upstream: i === 0 ? [] : [asCellId('s1')],
          fitted: null,
          sql: null,
        })),
        {
          cell: { ...features, reads: ['active'] },
          fingerprint: 'f'.repeat(16),
          upstream: [asCellId('q1')],
          fitted: { target: 'churn', task: 'binary', positive: 'Yes', features: [] },
          sql: 'SELECT 1 AS __row_id',
        },
      ],
    },
    data: {
      input: 'features',
      output: 'predictions',
      fingerprint: 'd'.repeat(64),
      splitFingerprint: 'e'.repeat(64),
      featureNames: ['tenure', 'charges'],
      rows: { train: 9, validation: 3 },
    },
    backends: { backend: 'wasm', reason: 'WebGPU is not available.', available: ['wasm', 'cpu'] },
    runIds: ids,
    best: logistic,
    validationRowIds: Int32Array.from([5, 10, 15]),
    validationTruth: Float32Array.from([0, 1, 1]),
  };
  const runs = [
    run(batchId, baseline, 0, {
      label: 'Baseline',
      role: 'baseline',
      spec: { kind: 'baseline', task: 'binary', seed: 0 },
    }),
    run(batchId, logistic, 1, {
      label: 'Logistic regression (C = 1)',
      spec: { kind: 'logistic', C: 1, seed: 42 },
      cv: { folds: 3, values: [0.7, null, 0.8], mean: 0.75, std: 0.05 },
      curve: [{ step: 1, loss: 0.69, validationLoss: null }],
      detail: { coefficients: [{ feature: 'tenure', value: -0.5 }], intercept: 0.1 },
    }),
    run(batchId, mlp, 2, {
      label: 'Neural network (2, relu)',
      spec: MLP.spec,
      curve: [
        { step: 1, loss: 0.7, validationLoss: 0.71 },
        { step: 2, loss: Number.NaN, validationLoss: Number.POSITIVE_INFINITY },
      ],
      detail: { stoppedEarly: false, bestEpoch: 1 },
    }),
    run(batchId, failed, 3, {
      label: 'Linear regression',
      spec: { kind: 'linear', alpha: 0, seed: 1 },
      status: 'failed',
      message: 'Linear regression predicts a number.',
      metrics: {},
      trainMetric: null,
    }),
  ];
  const artifacts: RunArtifact[] = [
    {
      runId: baseline,
      model: { kind: 'baseline', format: 1, task: 'classification', nFeatures: 2, value: 0.4, nTrain: 9 },
      scores: Float32Array.from([0.4, 0.4, 0.4]),
    },
    {
      runId: logistic,
      model: {
        kind: 'logistic',
        format: 1,
        nFeatures: 2,
        coef: [-0.5, 0.25],
        intercept: 0.1,
        C: 1,
        iterations: 6,
        converged: true,
        loss: 0.45,
        warnings: [],
      },
      scores: Float32Array.from([0.2, 0.7, 0.9]),
    },
    { runId: mlp, model: MLP, scores: Float32Array.from([0.3, 0.6, 0.55]) },
    { runId: failed, model: null, scores: null },
  ];
  return { batch, runs, artifacts };
}
