import * as Comlink from 'comlink';
import { AppError } from '../lib/errors';
import type { BackendReport, TrainEvent, TrainRequest, TrainingApi } from '../../workers/training/api';

export type { BackendReport, TrainEvent, TrainRequest };

/** How long the call's reply may wait for the final event (it travels on another port). */
const EVENT_DRAIN_MS = 2_000;

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
    // The final event comes through the events' port, after every event before it; the call's
    // reply (on another port, unordered with it) only says that training ended.
    let lastEvent: (event: TrainEvent) => void = () => undefined;
    const delivered = new Promise<TrainEvent>((resolve) => (lastEvent = resolve));
    const relay = (event: TrainEvent): void => {
      onEvent(event);
      if (event.type === 'done' || event.type === 'failed') lastEvent(event);
    };
    const transfer = [request.x.buffer, request.y.buffer, request.train.buffer, request.validation.buffer];
    const call = api
      .train(Comlink.transfer(request, transfer), Comlink.proxy(relay))
      .then(async (): Promise<TrainEvent> => {
        const lost = new Promise<TrainEvent>((resolve) =>
          setTimeout(
            () =>
              resolve({
                type: 'failed',
                runId: request.runId,
                code: 'internal',
                message: 'The training worker finished but its result did not arrive. Run the cell again.',
              }),
            EVENT_DRAIN_MS,
          ),
        );
        return Promise.race([delivered, lost]);
      })
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
