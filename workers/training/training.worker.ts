import * as Comlink from 'comlink';
import type { TrainEvent, TrainRequest, TrainingApi } from './api';
import { chooseBackend, webGpuLost } from './backend';
import { runTraining } from './run';

/*
 * The one place TensorFlow.js meets the browser. Data arrive as transferred typed arrays; events
 * go back through a comlink proxy; `runTraining` does the work and turns expected failures into
 * `failed` events, never throws.
 */

const running = new Map<string, AbortController>();

async function train(
  request: TrainRequest,
  onEvent: (event: TrainEvent) => void,
): Promise<TrainEvent['type']> {
  const controller = new AbortController();
  running.set(request.runId, controller);
  try {
    const last = await runTraining(request, onEvent, controller.signal, {
      choose: chooseBackend,
      lost: webGpuLost,
    });
    return last.type;
  } finally {
    running.delete(request.runId);
  }
}

const api: TrainingApi = {
  backends: () => chooseBackend('auto'),
  train,
  cancel: (runId) => {
    running.get(runId)?.abort();
  },
};

Comlink.expose(api);
