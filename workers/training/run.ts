import { errorMessage } from '../../src/lib/errors';
import type { ModelSpec, TrainEvent, TrainRequest, TrainTask } from './api';
import type { Emit } from './emit';
import { cpuBackend, runMlp, type TfBackend } from './run-mlp';
import { runModel } from './run-models';

/*
 * Trains one model from a request and reports it as events: the worker's whole job, kept free of
 * Worker and comlink so that Node tests run it as is. Expected failures are `failed` events;
 * the returned promise resolves with the last event and rejects only on a bug in this file.
 */

/**
 * `signal` cancels (the worker's `cancel(runId)`); `backend` picks TensorFlow.js's backend for
 * the `mlp` (the worker passes the browser's chooser, tests the default CPU one).
 */
export async function runTraining(
  request: TrainRequest,
  onEvent: (event: TrainEvent) => void,
  signal: AbortSignal,
  backend: TfBackend = cpuBackend,
): Promise<TrainEvent> {
  const { runId, spec } = request;
  const emit: Emit = (event) => {
    onEvent(event);
    return event;
  };
  const problem = requestProblem(request);
  if (problem !== null) return emit({ type: 'failed', runId, code: 'bad-input', message: problem });
  try {
    return spec.kind === 'mlp'
      ? await runMlp(request, spec, emit, signal, backend)
      : await runModel(request, spec, emit, signal);
  } catch (e: unknown) {
    return emit({ type: 'failed', runId, code: 'internal', message: `Training failed: ${errorMessage(e)}` });
  }
}

/** The task a spec trains for: logistic regression only classifies, linear only regresses. */
export function taskOf(spec: ModelSpec): TrainTask {
  if (spec.kind === 'logistic') return 'binary';
  if (spec.kind === 'linear') return 'regression';
  return spec.task;
}

/** Shape and value checks on the rows a run uses, naming the column and the row (1-based). */
export function requestProblem(request: TrainRequest): string | null {
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
function rowsProblem(request: TrainRequest, rows: Int32Array): string | null {
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

function targetProblem(request: TrainRequest, task: TrainTask): string | null {
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
