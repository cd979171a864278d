import { errorMessage } from '../../src/lib/errors';
import type { ModelSpec, TrainOutcome, TrainTask } from './api';
import type { Progress, TrainJob } from './job';
import { cpuBackend, runMlp, type TfBackend } from './run-mlp';
import { runModel } from './run-models';

/*
 * Trains one model of a job, reporting progress as it goes: the worker's whole job, kept free of
 * Worker and comlink so that Node tests run it as is. Expected failures are `failed` outcomes;
 * the returned promise resolves with the final event and rejects only on a bug in this file.
 */

/**
 * `signal` cancels (the worker's `cancel(runId)`); `backend` picks TensorFlow.js's backend for
 * the `mlp` (the worker passes the browser's chooser, tests the default CPU one).
 */
export async function runTraining(
  job: TrainJob,
  onProgress: Progress,
  signal: AbortSignal,
  backend: TfBackend = cpuBackend,
): Promise<TrainOutcome> {
  const { runId, spec } = job;
  const problem = requestProblem(job);
  if (problem !== null) return { type: 'failed', runId, code: 'bad-input', message: problem };
  try {
    return spec.kind === 'mlp'
      ? await runMlp(job, spec, onProgress, signal, backend)
      : await runModel(job, spec, onProgress, signal);
  } catch (e: unknown) {
    return { type: 'failed', runId, code: 'internal', message: `Training failed: ${errorMessage(e)}` };
  }
}

/** The task a spec trains for: logistic regression only classifies, linear only regresses. */
export function taskOf(spec: ModelSpec): TrainTask {
  if (spec.kind === 'logistic') return 'binary';
  if (spec.kind === 'linear') return 'regression';
  return spec.task;
}

/** Shape and value checks on the rows a run uses, naming the column and the row (1-based). */
export function requestProblem(request: TrainJob): string | null {
  const rows = request.y.length;
  const { columns } = request;
  if (!Number.isInteger(columns) || columns < 1)
    return 'There are no feature columns: choose at least one feature.';
  if (request.x.length !== rows * columns) return 'The feature matrix does not match the number of rows.';
  if (request.featureNames.length !== columns)
    return `There are ${request.featureNames.length} feature names for ${columns} columns.`;
  if (request.train.length === 0 || request.validation.length === 0)
    return 'The split left no training or no validation rows: use more rows or another split.';
  const outOfRange = [request.train, request.validation]
    .map((part) => part.find((r) => r < 0 || r >= rows))
    .find((r) => r !== undefined);
  if (outOfRange !== undefined) return `The split names row ${outOfRange + 1}, but there are ${rows} rows.`;
  return (
    rowsProblem(request, request.train) ??
    rowsProblem(request, request.validation) ??
    targetProblem(request, taskOf(request.spec))
  );
}

/** Infinity never; NaN only for gradient-boosted trees, which route missing values. */
function rowsProblem(request: TrainJob, rows: Int32Array): string | null {
  const { x, columns, featureNames, spec } = request;
  const allowNaN = spec.kind === 'gbdt';
  for (const row of rows) {
    for (let col = 0; col < columns; col++) {
      const v = x[row * columns + col] ?? 0;
      if (Number.isFinite(v) || (allowNaN && Number.isNaN(v))) continue;
      const where = `'${featureNames[col] ?? `column ${col + 1}`}', row ${row + 1}`;
      return Number.isNaN(v)
        ? `A feature is missing (${where}): impute it first, or use gradient-boosted trees, which handle missing values.`
        : `A feature is ${String(v)} (${where}): replace infinite values before training.`;
    }
  }
  return null;
}

function targetProblem(request: TrainJob, task: TrainTask): string | null {
  for (const rows of [request.train, request.validation]) {
    for (const row of rows) {
      const v = request.y[row] ?? NaN;
      if (!Number.isFinite(v))
        return `The target is ${String(v)} in row ${row + 1}: filter out rows with a missing target.`;
      if (task === 'binary' && v !== 0 && v !== 1)
        return `A binary target must be 0 or 1 in every row; row ${row + 1} has ${v}.`;
    }
  }
  if (task === 'regression') return null;
  let positives = 0;
  for (const row of request.train) positives += request.y[row] ?? 0;
  if (positives === 0 || positives === request.train.length) {
    return (
      `The target has only one class in the training rows (every one is ${positives === 0 ? 0 : 1}): ` +
      'a classifier needs both. Check the filter, the split or how the target is defined.'
    );
  }
  return null;
}
