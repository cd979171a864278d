import * as Comlink from 'comlink';
import { AppError } from '../lib/errors';
import { parseCalibration, type Calibration } from './calibration';
import type {
  BackendReport,
  TrainingApi,
  TrainingDataset,
  TrainingTestApi,
  TrainOutcome,
  TrainProgressEvent,
  TrainRequest,
} from '../../workers/training/api';

export type { BackendReport, TrainingDataset, TrainOutcome, TrainProgressEvent, TrainRequest };

/**
 * How long a cancelled run's worker has to answer before it is ended: a worker that sees the cancel
 * answers within one batch; the bound for a cancelled run is that batch plus 2 s (reliability target 31).
 */
export const CANCEL_GRACE_MS = 2_000;

/** The worker as the client uses it: a `Worker`, or in Node tests one end of a MessageChannel. */
export interface WorkerEndpoint extends Comlink.Endpoint {
  terminate(): void;
}

/**
 * Where the page keeps the calibration of `auto` between visits, by device key (IndexedDB:
 * `src/storage/calibrations.ts`). Reads are `unknown`: the client validates them. A cache: a
 * failure to read or write only means measuring again.
 */
export interface CalibrationCache {
  get(key: string): Promise<unknown>;
  put(calibration: Calibration): Promise<void>;
}

/** The training worker; its `name` is what it reads of its starter's asks (the app's: none). */
function spawnWorker(name = ''): WorkerEndpoint {
  return new Worker(new URL('../../workers/training/training.worker.ts', import.meta.url), {
    type: 'module',
    name,
  });
}

/**
 * A training worker for e2e tests (`?test-hooks`, src/app/test-hooks.ts): it also answers
 * `TrainingTestApi` (workers/training/training.worker.ts reads the name). The app starts none.
 */
export function spawnTestWorker(): WorkerEndpoint {
  return spawnWorker('test-hooks');
}

/** The worker's interface as the client calls it; `TrainingTestApi` answers only in a test worker. */
type WorkerApi = Comlink.Remote<TrainingApi & TrainingTestApi>;

/**
 * The page's side of the training worker (`workers/training/api.ts`). A run loads its data once,
 * trains on rows of it, and releases it. One worker per client; a cancel that the worker does not
 * honour in time (a long GPU batch) ends the worker, and the next call starts a fresh one (with
 * no data loaded: a run in progress then fails, as it was being cancelled).
 */
export class TrainingClient {
  readonly #spawn: () => WorkerEndpoint;
  #worker: WorkerEndpoint | null = null;
  #api: WorkerApi | null = null;
  #running = new Map<string, (outcome: TrainOutcome) => void>();
  readonly #cache: CalibrationCache | null;
  /** The worker was given the stored calibration, if any (once per worker). */
  #primed: Promise<void> | null = null;
  /** `measuredAt` of the calibration last stored or read: a held one that differs is new. */
  #kept: string | null = null;

  constructor(spawn: () => WorkerEndpoint = spawnWorker, cache: CalibrationCache | null = null) {
    this.#spawn = spawn;
    this.#cache = cache;
  }

  #connect(): WorkerApi {
    if (this.#api) return this.#api;
    const worker = this.#spawn();
    this.#worker = worker;
    this.#api = Comlink.wrap<TrainingApi & TrainingTestApi>(worker);
    return this.#api;
  }

  /**
   * e2e tests only: destroys the WebGPU device the worker trains on (`TrainingTestApi.loseDevice`).
   * False when no worker runs or it is not on WebGPU; rejects unless the worker was started by
   * `spawnTestWorker`.
   */
  async loseDevice(): Promise<boolean> {
    return this.#api ? this.#api.loseDevice() : false;
  }

  /**
   * The backends and the one `auto` picks. With `measure`, a device with no calibration (kept or
   * held) is calibrated first, about 2 s, and the result kept.
   */
  async backends(options: { readonly measure?: boolean } = {}): Promise<BackendReport> {
    const api = this.#connect();
    await this.#prime(api);
    const measure = options.measure ?? false;
    const report = await api.backends(measure);
    if (measure) await this.#keep(api);
    return report;
  }

  /** Measures the backends again ("measure again"), keeps the result, and reports the new pick. */
  async measureBackends(): Promise<BackendReport> {
    await this.calibrate();
    return this.#connect().backends(false);
  }

  /** Measures the backends now (about 2 s), keeps and returns the figures (the bench's row). */
  async calibrate(): Promise<Calibration> {
    const api = this.#connect();
    const calibration = await api.calibrate();
    await this.#keep(api);
    return calibration;
  }

  /** Gives a fresh worker the calibration kept for its device, so that it does not measure again. */
  #prime(api: WorkerApi): Promise<void> {
    const cache = this.#cache;
    if (cache === null) return Promise.resolve();
    this.#primed ??= (async () => {
      const { key, held } = await api.calibrationState();
      if (held !== null) return;
      const stored = parseCalibration(await cache.get(key));
      if (stored === null || !(await api.useCalibration(stored))) return;
      this.#kept = stored.measuredAt;
    })().catch((e: unknown) => {
      console.warn('Casebook: reading the backend calibration failed; it is measured again', e);
    });
    return this.#primed;
  }

  /** Stores the worker's calibration when it measured one since the last kept. */
  async #keep(api: WorkerApi): Promise<void> {
    const cache = this.#cache;
    if (cache === null) return;
    try {
      const { held } = await api.calibrationState();
      if (held === null || held.measuredAt === this.#kept) return;
      this.#kept = held.measuredAt;
      await cache.put(held);
    } catch (e: unknown) {
      console.warn('Casebook: keeping the backend calibration failed; it is measured again next time', e);
    }
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
    // A network on `auto` calibrates in the worker unless it holds one: give it the kept one.
    const calibrates = request.spec.kind === 'mlp' && request.backend === 'auto';
    if (calibrates) await this.#prime(api);
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
      const outcome = await Promise.race([call, stopped]);
      if (calibrates && this.#api === api) await this.#keep(api);
      return outcome;
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
    this.#primed = null;
  }

  dispose(): void {
    this.#terminate();
  }
}
