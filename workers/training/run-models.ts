import { AppError, assertNever } from '../../src/lib/errors';
import {
  fitBaseline,
  fitGbdt,
  fitLinear,
  fitLogistic,
  fitTree,
  matrix,
  ModelError,
  predictOutput,
  treeRules,
  type ModelArtifact,
  type DenseMatrix,
  type FitOptions,
  type ModelErrorReason,
  type Task,
} from '../../src/ml/models';
import type {
  BackendReport,
  Coefficient,
  FailureCode,
  ModelSpec,
  MlpSpec,
  TrainedModel,
  TrainOutcome,
  TrainTask,
} from './api';
import type { Progress, TrainJob } from './job';
import { fitMulticlass } from './run-multiclass';

/** The TypeScript models run in plain JavaScript on the worker's thread, never in TensorFlow.js. */
export const TYPESCRIPT_BACKEND: BackendReport = {
  backend: 'cpu',
  reason: 'TypeScript model, runs on the CPU in the worker.',
  available: ['cpu'],
};

type TsSpec = Exclude<ModelSpec, MlpSpec>;

/** Fits one of the models of src/ml/models on the training rows and scores both parts. */
export async function runModel(
  job: TrainJob,
  spec: TsSpec,
  onProgress: Progress,
  signal: AbortSignal,
): Promise<TrainOutcome> {
  const { runId, featureNames } = job;
  onProgress({ type: 'started', runId, backend: TYPESCRIPT_BACKEND });
  // Progress and fitMs count from the same moment, the fit's start, so the last event's time never
  // exceeds the fit's (they differed by the time taken to copy out the training rows).
  let fitStartedMs = performance.now();
  const options: FitOptions = {
    seed: spec.seed,
    signal,
    featureNames,
    onProgress: ({ iteration, loss }) =>
      onProgress({ type: 'progress', runId, iteration, loss, elapsedMs: performance.now() - fitStartedMs }),
  };
  try {
    const train = takeRows(job, job.train);
    // Baseline and linear fits are synchronous and never look at the signal.
    if (signal.aborted) return cancelled(runId);
    fitStartedMs = performance.now();
    const model =
      job.classes === undefined
        ? await fit(spec, train.x, train.y, options, featureNames)
        : await fitMulticlass(spec, train.x, train.y, options, job.classes, featureNames);
    const fitMs = performance.now() - fitStartedMs;
    if (signal.aborted) return cancelled(runId);
    const scores = scoresOf(model.artifact, takeRows(job, job.validation).x);
    const trainScores = scoresOf(model.artifact, train.x);
    return { type: 'done', runId, scores, trainScores, backend: TYPESCRIPT_BACKEND, fitMs, ...model };
  } catch (e: unknown) {
    if (signal.aborted || (e instanceof AppError && e.code === 'cancelled')) return cancelled(runId);
    if (!(e instanceof ModelError)) throw e;
    return { type: 'failed', runId, code: codeFor(e.reason), message: e.message };
  }
}

/** The spec's fields as the fit functions' options; what a spec leaves out keeps their defaults. */
async function fit(
  spec: TsSpec,
  x: DenseMatrix,
  y: Float32Array,
  options: FitOptions,
  featureNames: readonly string[],
): Promise<Exclude<TrainedModel, { kind: 'mlp' }>> {
  switch (spec.kind) {
    case 'baseline':
      return { kind: 'baseline', artifact: fitBaseline(x, y, { ...options, task: toTask(spec.task) }) };
    case 'logistic': {
      const artifact = await fitLogistic(x, y, { ...options, C: spec.C });
      return { kind: 'logistic', artifact, coefficients: named(artifact.coef, featureNames) };
    }
    case 'linear': {
      const artifact = fitLinear(x, y, { ...options, alpha: spec.alpha });
      return { kind: 'linear', artifact, coefficients: named(artifact.coef, featureNames) };
    }
    case 'tree': {
      const { maxDepth, minSamplesLeaf } = spec;
      const artifact = await fitTree(x, y, { ...options, task: toTask(spec.task), maxDepth, minSamplesLeaf });
      return { kind: 'tree', artifact, treeRules: treeRules(artifact, featureNames) };
    }
    case 'gbdt': {
      const artifact = await fitGbdt(x, y, {
        ...options,
        task: toTask(spec.task),
        learningRate: spec.learningRate,
        maxIter: spec.maxIter,
        maxLeafNodes: spec.maxLeafNodes,
        maxDepth: spec.maxDepth,
        minSamplesLeaf: spec.minSamplesLeaf,
        l2Regularization: spec.l2,
        // {}: scikit-learn's holdout fraction, patience and tolerance.
        earlyStopping: spec.earlyStopping ? {} : false,
      });
      return { kind: 'gbdt', artifact, iterations: artifact.trees.length };
    }
    default:
      return assertNever(spec);
  }
}

/** One score per row, or (multiclass) k probabilities per row, row-major. */
function scoresOf(model: ModelArtifact, x: DenseMatrix): Float32Array {
  const output = predictOutput(model, x);
  return Float32Array.from(output.kind === 'scores' ? output.scores : output.probabilities.data);
}

function toTask(task: TrainTask): Task {
  if (task === 'multiclass') {
    // runTraining routes a dataset with classes to fitMulticlass; a spec saying multiclass without them is refused there.
    throw new ModelError('bad-option', 'A multiclass model needs the class names with its data.');
  }
  return task === 'binary' ? 'classification' : 'regression';
}

function named(coef: readonly number[], featureNames: readonly string[]): Coefficient[] {
  return coef.map((value, j) => ({ feature: featureNames[j] ?? `column ${j + 1}`, value }));
}

/** The given rows of the job's dataset, copied into one dense matrix, and their targets. */
export function takeRows(job: TrainJob, rows: Int32Array): { x: DenseMatrix; y: Float32Array } {
  const { columns } = job;
  const x = new Float32Array(rows.length * columns);
  const y = new Float32Array(rows.length);
  rows.forEach((row, i) => {
    x.set(job.x.subarray(row * columns, (row + 1) * columns), i * columns);
    y[i] = job.y[row] ?? NaN;
  });
  return { x: matrix(x, rows.length, columns), y };
}

function codeFor(reason: ModelErrorReason): FailureCode {
  switch (reason) {
    case 'diverged':
      return 'diverged';
    case 'bad-artifact':
      return 'internal';
    case 'no-rows':
    case 'shape':
    case 'one-class':
    case 'bad-target':
    case 'missing-values':
    case 'infinite-values':
    case 'bad-option':
      return 'bad-input';
    default:
      return assertNever(reason);
  }
}

function cancelled(runId: string): TrainOutcome {
  return { type: 'failed', runId, code: 'cancelled', message: 'Training was cancelled.' };
}
