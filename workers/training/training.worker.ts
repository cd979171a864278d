import * as Comlink from 'comlink';
import type { BackendName, BackendReport, TrainEvent, TrainRequest, TrainingApi } from './api';
import { chooseBackend, webGpuLost } from './backend';
import { trainMlp, type MlpResult } from './mlp';

/*
 * The one place TensorFlow.js runs. Data arrive as transferred typed arrays; events go back
 * through a comlink proxy; expected failures are `failed` events, never throws.
 */

const cancelled = new Set<string>();

function badInput(request: TrainRequest): string | null {
  const rows = request.y.length;
  if (request.columns < 1) return 'There are no feature columns: choose at least one feature.';
  if (request.x.length !== rows * request.columns)
    return 'The feature matrix does not match the number of rows.';
  if (request.train.length === 0 || request.validation.length === 0) {
    return 'The split left no training or no validation rows: use more rows or another split.';
  }
  if (!request.x.every(Number.isFinite)) return 'Some features are missing or infinite: impute them first.';
  if (!request.y.every(Number.isFinite))
    return 'The target has missing or infinite values: filter those rows out.';
  if (request.spec.task === 'binary' && !request.y.every((v) => v === 0 || v === 1)) {
    return 'A binary target must be 0 or 1 in every row.';
  }
  return null;
}

async function runOn(
  request: TrainRequest,
  backend: BackendReport,
  onEvent: (event: TrainEvent) => void,
): Promise<MlpResult> {
  onEvent({ type: 'started', runId: request.runId, backend });
  return trainMlp(request.spec, request, {
    runId: request.runId,
    onEpoch: onEvent,
    cancelled: () => cancelled.has(request.runId) || webGpuLost(),
  });
}

async function train(request: TrainRequest, onEvent: (event: TrainEvent) => void): Promise<TrainEvent> {
  const { runId } = request;
  const emit = (event: TrainEvent): TrainEvent => {
    onEvent(event);
    return event;
  };
  const problem = badInput(request);
  if (problem) return emit({ type: 'failed', runId, code: 'bad-input', message: problem });
  try {
    let backend = await chooseBackend(request.backend);
    let result = await runOn(request, backend, onEvent);
    const excluded: BackendName[] = [];
    // A lost WebGPU device cannot be recovered: start again on the next backend, and say so.
    while (!result.ok && result.code === 'cancelled' && webGpuLost() && !cancelled.has(runId)) {
      excluded.push('webgpu');
      backend = await chooseBackend(request.backend, excluded);
      result = await runOn(request, backend, onEvent);
    }
    if (!result.ok) return emit({ type: 'failed', runId, code: result.code, message: result.message });
    return emit({ type: 'done', runId, ...result, backend });
  } catch (e: unknown) {
    const message = e instanceof Error ? e.message : String(e);
    const oom = /out of memory|allocation|OOM/i.test(message);
    return emit({
      type: 'failed',
      runId,
      code: oom ? 'out-of-memory' : 'backend',
      message: oom
        ? 'The browser ran out of memory while training: use fewer rows or a smaller model.'
        : `Training failed in TensorFlow.js: ${message}`,
    });
  } finally {
    cancelled.delete(runId);
  }
}

const api: TrainingApi = {
  backends: () => chooseBackend('auto'),
  train,
  cancel: (runId) => {
    cancelled.add(runId);
  },
};

Comlink.expose(api);
