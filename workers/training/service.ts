import * as Comlink from 'comlink';
import type { TrainingApi, TrainingDataset, TrainOutcome, TrainProgressEvent } from './api';
import { runTraining } from './run';
import { cpuBackend, type TfBackend } from './run-mlp';

/*
 * The worker's side of `TrainingApi`: the datasets loaded for the runs in progress and the
 * trainings under way. Free of `self`, so that Node tests talk to it over a MessageChannel as the
 * page talks to the worker; `training.worker.ts` exposes it with the browser's backend chooser.
 */
export function trainingService(backend: TfBackend = cpuBackend): TrainingApi {
  const datasets = new Map<string, TrainingDataset>();
  const running = new Map<string, AbortController>();
  /** Who waits for every training to end: a calibration switches TensorFlow.js's backend. */
  const idleWaiters: (() => void)[] = [];
  const whenIdle = (): Promise<void> =>
    running.size === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));

  async function train(
    request: Parameters<TrainingApi['train']>[0],
    onProgress: (event: TrainProgressEvent) => void,
  ): Promise<TrainOutcome> {
    const { runId, datasetId, ...rest } = request;
    const dataset = datasets.get(datasetId);
    if (dataset === undefined) {
      return {
        type: 'failed',
        runId,
        code: 'internal',
        message: 'The training data is no longer in the worker (it was restarted): run the cell again.',
      };
    }
    // Over comlink each progress call resolves once the page has handled it, in order, and the
    // reply travels on another port: waiting for the last one keeps the outcome behind them all.
    let handled: Promise<void> = Promise.resolve();
    const pageErrors: unknown[] = [];
    const relay = (event: TrainProgressEvent): void => {
      handled = (async () => onProgress(event))().catch((error: unknown) => {
        pageErrors.push(error);
      });
    };
    const controller = new AbortController();
    running.set(runId, controller);
    try {
      const { x, y, columns, featureNames, classes } = dataset;
      const job = {
        ...rest,
        runId,
        x,
        y,
        columns,
        featureNames,
        ...(classes === undefined ? {} : { classes }),
      };
      const outcome = await runTraining(job, relay, controller.signal, backend);
      await handled;
      // A progress handler that throws is a bug of the page: it crosses back as one.
      if (pageErrors.length > 0) throw pageErrors[0];
      return outcome.type === 'done'
        ? Comlink.transfer(outcome, [outcome.scores.buffer, outcome.trainScores.buffer])
        : outcome;
    } finally {
      running.delete(runId);
      if (running.size === 0) for (const resolve of idleWaiters.splice(0)) resolve();
    }
  }

  return {
    async backends(measure = false) {
      // Measuring switches TensorFlow.js's backend: never under a network in training.
      if (measure && (await backend.calibration.state()).held === null) await whenIdle();
      return backend.choose('auto', [], { measure });
    },
    calibrationState: () => backend.calibration.state(),
    useCalibration: (calibration) => backend.calibration.use(calibration),
    async calibrate() {
      await whenIdle();
      return backend.calibration.measure();
    },
    calibrations: () => backend.calibration.measurements,
    load(dataset) {
      datasets.set(dataset.datasetId, dataset);
      return Promise.resolve();
    },
    train,
    cancel(runId) {
      running.get(runId)?.abort();
    },
    release(datasetId) {
      datasets.delete(datasetId);
    },
  };
}
