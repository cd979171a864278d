import * as Comlink from 'comlink';
import { AppError } from '../lib/errors';
import type { BackendReport, TrainEvent, TrainRequest, TrainingApi } from '../../workers/training/api';

export type { BackendReport, TrainEvent, TrainRequest };

/** How long a cancelled run may take to stop at a batch end before its worker is ended. */
const CANCEL_GRACE_MS = 3_000;

/**
 * The page's side of the training worker. One worker per client; a cancel that the worker does
 * not honour in time (a long GPU batch) ends the worker, and the next run starts a fresh one.
 */
export class TrainingClient {
  #worker: Worker | null = null;
  #api: Comlink.Remote<TrainingApi> | null = null;
  #running = new Map<string, (event: TrainEvent) => void>();

  #connect(): Comlink.Remote<TrainingApi> {
    if (this.#api) return this.#api;
    const worker = new Worker(new URL('../../workers/training/training.worker.ts', import.meta.url), {
      type: 'module',
    });
    this.#worker = worker;
    this.#api = Comlink.wrap<TrainingApi>(worker);
    return this.#api;
  }

  backends(): Promise<BackendReport> {
    return this.#connect().backends();
  }

  /**
   * Trains in the worker. The typed arrays are transferred: they are empty here afterwards.
   * Resolves with the final event (`done` or `failed`); never rejects for an expected failure.
   */
  async train(request: TrainRequest, onEvent: (event: TrainEvent) => void): Promise<TrainEvent> {
    const api = this.#connect();
    const finished = new Promise<TrainEvent>((resolve) => this.#running.set(request.runId, resolve));
    const transfer = [request.x.buffer, request.y.buffer, request.train.buffer, request.validation.buffer];
    const call = api
      .train(Comlink.transfer(request, transfer), Comlink.proxy(onEvent))
      .catch((e: unknown): TrainEvent => {
        throw new AppError('internal', `The training worker stopped unexpectedly: ${String(e)}`, {
          cause: e,
        });
      });
    try {
      return await Promise.race([call, finished]);
    } finally {
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
