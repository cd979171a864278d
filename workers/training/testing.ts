/** Test helpers for workers/training: seeded synthetic data, requests, ROC AUC and R². */
import { mulberry32 } from '../../src/ml/models/prng';
import type { ModelSpec, TrainProgressEvent, TrainTask } from './api';
import type { TrainJob } from './job';

/**
 * `rows` rows of 4 features, uniform in [-1, 1]: binary labels from x0 + 0.5·x1 + noise > 0,
 * or regression targets 2·x0 − x1 + 0.1·noise. Every 5th row is validation.
 */
export function synthetic(task: 'binary' | 'regression', rows = 400, seed = 1): TrainJobData {
  const random = mulberry32(seed);
  const columns = 4;
  const x = new Float32Array(rows * columns);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) x[i * columns + j] = random() * 2 - 1;
    const [x0, x1] = [x[i * columns] ?? 0, x[i * columns + 1] ?? 0];
    const noise = random() - 0.5;
    y[i] = task === 'binary' ? Number(x0 + 0.5 * x1 + 0.3 * noise > 0) : 2 * x0 - x1 + 0.1 * noise;
  }
  const all = Int32Array.from({ length: rows }, (_, i) => i);
  return {
    x,
    columns,
    featureNames: ['tenure', 'charges', 'Contract=Monthly', 'noise'],
    y,
    train: all.filter((i) => i % 5 !== 0),
    validation: all.filter((i) => i % 5 === 0),
  };
}

/** A dataset and the rows of one training of it. */
export type TrainJobData = Omit<TrainJob, 'runId' | 'spec' | 'backend'>;

export function job(spec: ModelSpec, data: TrainJobData): TrainJob {
  return { runId: 'run-1', spec, backend: 'cpu', ...data };
}

/** The validation targets, in the order of `validation`. */
export function validationTargets(data: TrainJobData): number[] {
  return Array.from(data.validation, (row) => data.y[row] ?? NaN);
}

/** ROC AUC as the Mann–Whitney statistic, ties at half: scikit-learn's roc_auc_score. */
export function rocAuc(labels: readonly number[], scores: ArrayLike<number>): number {
  let wins = 0;
  let pairs = 0;
  labels.forEach((a, i) => {
    labels.forEach((b, j) => {
      if (a !== 1 || b !== 0) return;
      const si = scores[i] ?? NaN;
      const sj = scores[j] ?? NaN;
      wins += si > sj ? 1 : si === sj ? 0.5 : 0;
      pairs++;
    });
  });
  return wins / pairs;
}

/** Coefficient of determination: scikit-learn's r2_score. */
export function rSquared(truth: readonly number[], predicted: ArrayLike<number>): number {
  const mean = truth.reduce((s, v) => s + v, 0) / truth.length;
  const residual = truth.reduce((s, v, i) => s + (v - (predicted[i] ?? NaN)) ** 2, 0);
  const total = truth.reduce((s, v) => s + (v - mean) ** 2, 0);
  return 1 - residual / total;
}

/** Collects the progress events of a run. */
export function recorder(): {
  events: TrainProgressEvent[];
  onEvent: (event: TrainProgressEvent) => void;
} {
  const events: TrainProgressEvent[] = [];
  return { events, onEvent: (event) => events.push(event) };
}

const SEED = 7;

/** Every kind with small, quick settings (scikit-learn's defaults where they are quick enough). */
export function specFor(kind: ModelSpec['kind'], task: TrainTask): ModelSpec {
  switch (kind) {
    case 'mlp':
      return {
        kind,
        task,
        hidden: [8],
        activation: 'tanh',
        dropout: 0,
        learningRate: 0.05,
        batchSize: 32,
        epochs: 30,
        patience: 0,
        l2: 0,
        seed: SEED,
      };
    case 'baseline':
      return { kind, task, seed: SEED };
    case 'logistic':
      return { kind, C: 1, seed: SEED };
    case 'linear':
      return { kind, alpha: 0, seed: SEED };
    case 'tree':
      return { kind, task, maxDepth: 4, minSamplesLeaf: 5, seed: SEED };
    case 'gbdt':
      return {
        kind,
        task,
        learningRate: 0.1,
        maxIter: 50,
        maxLeafNodes: 15,
        maxDepth: null,
        minSamplesLeaf: 10,
        l2: 0,
        earlyStopping: false,
        seed: SEED,
      };
  }
}
