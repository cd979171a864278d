import * as Comlink from 'comlink';
import { AppError } from '../lib/errors';
import type {
  BackendReport,
  TrainingApi,
  TrainingDataset,
  TrainOutcome,
  TrainProgressEvent,
  TrainRequest,
} from '../../workers/training/api';

export type { BackendReport, TrainingDataset, TrainOutcome, TrainProgressEvent, TrainRequest };

/** How long a cancelled run may take to stop at a batch end before its worker is ended. */
const CANCEL_GRACE_MS = 3_000;

/** The worker as the client uses it: a `Worker`, or in Node tests one end of a MessageChannel. */
export interface WorkerEndpoint extends Comlink.Endpoint {
  terminate(): void;
}

function spawnWorker(): WorkerEndpoint {
  return new Worker(new URL('../../workers/training/training.worker.ts', import.meta.url), {
    type: 'module',
  });
}

/**
 * The page's side of the training worker (`workers/training/api.ts`). A run loads its data once,
 * trains on rows of it, and releases it. One worker per client; a cancel that the worker does not
 * honour in time (a long GPU batch) ends the worker, and the next call starts a fresh one (with
 * no data loaded: a run in progress then fails, as it was being cancelled).
 */
export class TrainingClient {
  readonly #spawn: () => WorkerEndpoint;
  #worker: WorkerEndpoint | null = null;
  #api: Comlink.Remote<TrainingApi> | null = null;
  #running = new Map<string, (outcome: TrainOutcome) => void>();

  constructor(spawn: () => WorkerEndpoint = spawnWorker) {
    this.#spawn = spawn;
  }

  #connect(): Comlink.Remote<TrainingApi> {
    if (this.#api) return this.#api;
    const worker = this.#spawn();
    this.#worker = worker;
    this.#api = Comlink.wrap<TrainingApi>(worker);
    return this.#api;
  }

  backends(): Promise<BackendReport> {
    return this.#connect().backends();
  }

  /** Sends a run's data to the worker. `x` and `y` are transferred: they are empty here afterwards. */
  load(dataset: TrainingDataset): Promise<void> {
    return this.#connect().load(Comlink.transfer(dataset, [dataset.x.buffer, dataset.y.buffer]));
  }

  /**
   * Trains one model on rows of a loaded dataset (the row arrays are transferred). `onProgress`
   * gets the progress events, all of them before this resolves with the final event (`done` or
   * `failed`); never rejects for an expected failure.
   */
  async train(request: TrainRequest, onProgress: (event: TrainProgressEvent) => void): Promise<TrainOutcome> {
    const api = this.#connect();
    let settled = false;
    // Only a worker ended by `cancel` can leave events behind its outcome: they are dropped.
    const relay = (event: TrainProgressEvent): void => {
      if (!settled) onProgress(event);
    };
    const stopped = new Promise<TrainOutcome>((resolve) => this.#running.set(request.runId, resolve));
    const call = api
      .train(
        Comlink.transfer(request, [request.train.buffer, request.validation.buffer]),
        Comlink.proxy(relay),
      )
      .catch((e: unknown): TrainOutcome => {
        throw new AppError('internal', `The training worker stopped unexpectedly: ${String(e)}`, {
          cause: e,
        });
      });
    try {
      return await Promise.race([call, stopped]);
    } finally {
      settled = true;
      this.#running.delete(request.runId);
    }
  }

  /** Asks the run to stop at its next batch; ends the worker if it has not within the grace period. */
  cancel(runId: string): void {
    const resolve = this.#running.get(runId);
    if (!resolve || !this.#api) return;
    void this.#api.cancel(runId);
    setTimeout(() => {
      if (!this.#running.has(runId)) return;
      this.#terminate();
      resolve({
        type: 'failed',
        runId,
        code: 'cancelled',
        message: 'Training was cancelled (the worker was stopped).',
      });
    }, CANCEL_GRACE_MS);
  }

  /** Frees a dataset in the worker. A worker that was ended holds nothing, so there is nothing to do. */
  release(datasetId: string): void {
    if (!this.#api) return;
    this.#api.release(datasetId).catch((e: unknown) => {
      // Only a worker that died in between can refuse: its memory went with it.
      console.warn('Releasing training data failed', e);
    });
  }

  #terminate(): void {
    this.#worker?.terminate();
    this.#worker = null;
    if (this.#api) this.#api[Comlink.releaseProxy]();
    this.#api = null;
  }

  dispose(): void {
    this.#terminate();
  }
}
