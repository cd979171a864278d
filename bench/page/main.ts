/*
 * The training bench's page: the app's TrainingClient and training worker, built by Vite with the
 * app's config into a page of its own (bench/training.mjs), so that no bench code ships in the
 * app. Playwright calls `window.casebookBench`; results are plain data.
 */
import {
  TrainingClient,
  type BackendReport,
  type TrainOutcome,
  type TrainProgressEvent,
} from '../../src/training/client';
import type { BackendChoice, Calibration, ModelSpec } from '../../workers/training/api';
import type { BacktestBench, BacktestOptions, ScoreBench } from './app-rows';

/** The generated data: float32, rows × columns features (row-major), then the rows' targets. */
export interface DataShape {
  readonly rows: number;
  readonly columns: number;
  /** The first `trainRows` rows train; the rest validate. */
  readonly trainRows: number;
  /** k ≥ 3: the targets are class indices 0 … k − 1 and the models multiclass; absent: binary. */
  readonly classes?: number;
}

export interface BenchRun {
  /** The backend asked for, and the one the worker took (`started`). */
  readonly asked: BackendChoice;
  readonly backend: BackendReport | null;
  /** True when the worker fell back to another backend: the run was cancelled, nothing timed. */
  readonly notOffered: boolean;
  /** True when an epoch took longer than `slowEpochMs`: the run was cancelled after it. */
  readonly stoppedSlow: boolean;
  readonly progress: readonly { iteration: number; loss: number; elapsedMs: number }[];
  readonly epochs: readonly { epoch: number; loss: number; validationLoss: number; epochMs: number }[];
  /** The last event's outcome; a failure keeps its code and message. */
  readonly outcome: { type: 'done' } | { type: 'failed'; code: string; message: string };
  /** Iterations of the fitted model (logistic: Newton steps, the last of which reports no progress; gbdt: rounds). */
  readonly iterations: number | null;
  /** Mean log-loss of the validation rows' scores (binary or k classes): do the models learn the same thing? */
  readonly validationLogLoss: number | null;
  /** From `load()` to the final event, transfers and scoring included. */
  readonly wallMs: number;
  /** When each event but `progress` arrived (the final one: when `train()` resolved), in ms after `load()`. */
  readonly timeline: readonly { type: TrainProgressEvent['type'] | TrainOutcome['type']; atMs: number }[];
}

interface Data {
  readonly x: Float32Array;
  readonly y: Float32Array;
}

let loaded: Promise<Data> | null = null;

function load(shape: DataShape): Promise<Data> {
  loaded ??= fetch('./data.f32')
    .then((r) => {
      if (!r.ok) throw new Error(`data.f32: HTTP ${r.status}`);
      return r.arrayBuffer();
    })
    .then((buffer) => {
      const cells = shape.rows * shape.columns;
      if (buffer.byteLength !== (cells + shape.rows) * 4)
        throw new Error('data.f32 does not match its shape');
      return { x: new Float32Array(buffer, 0, cells), y: new Float32Array(buffer, cells * 4, shape.rows) };
    });
  return loaded;
}

const range = (start: number, end: number): Int32Array =>
  Int32Array.from({ length: end - start }, (_, i) => start + i);

function logLoss(y: Float32Array, rows: Int32Array, scores: Float32Array, classes?: number): number {
  const eps = 1e-7;
  if (classes !== undefined) {
    // k probabilities per row, row-major: the mean of −log p(true class).
    let sum = 0;
    rows.forEach((row, i) => {
      const p = scores[i * classes + (y[row] ?? 0)] ?? 0;
      sum -= Math.log(Math.min(1 - eps, Math.max(eps, p)));
    });
    return sum / rows.length;
  }
  let total = 0;
  scores.forEach((s, i) => {
    const p = Math.min(1 - eps, Math.max(eps, s));
    total -= (y[rows[i] ?? 0] ?? 0) === 1 ? Math.log(p) : Math.log(1 - p);
  });
  return total / scores.length;
}

/**
 * Trains once in a fresh worker, as a run does: copies of the data are loaded (transferred; the
 * page's data stay), one model trains on rows of them, they are released. A network whose epoch
 * takes longer than `slowEpochMs` is cancelled after that epoch.
 */
async function train(
  shape: DataShape,
  spec: ModelSpec,
  asked: BackendChoice,
  slowEpochMs = Infinity,
  oneThread = false,
): Promise<BenchRun> {
  const data = await load(shape);
  const client = new TrainingClient(oneThread ? spawnOneThread : undefined);
  const runId = `bench-${spec.kind}-${asked}`;
  const validation = range(shape.trainRows, shape.rows);
  let backend: BackendReport | null = null;
  let notOffered = false;
  let stoppedSlow = false;
  const progress: BenchRun['progress'][number][] = [];
  const epochs: BenchRun['epochs'][number][] = [];
  const timeline: BenchRun['timeline'][number][] = [];
  const started = performance.now();
  const onEvent = (event: TrainProgressEvent): void => {
    if (event.type !== 'progress') timeline.push({ type: event.type, atMs: performance.now() - started });
    if (event.type === 'started') {
      backend = event.backend;
      // The TypeScript models always report `cpu`; only the network's backend can differ.
      notOffered = spec.kind === 'mlp' && asked !== 'auto' && event.backend.backend !== asked;
      if (notOffered) client.cancel(runId);
    } else if (event.type === 'progress') {
      progress.push({ iteration: event.iteration, loss: event.loss, elapsedMs: event.elapsedMs });
    } else if (event.type === 'epoch') {
      const { epoch, loss, validationLoss, epochMs } = event;
      epochs.push({ epoch, loss, validationLoss, epochMs });
      if (epochMs > slowEpochMs && !stoppedSlow) {
        stoppedSlow = true;
        client.cancel(runId);
      }
    }
  };
  const datasetId = `bench-${spec.kind}-${asked}`;
  try {
    await client.load({
      datasetId,
      x: data.x.slice(),
      y: data.y.slice(),
      columns: shape.columns,
      ...(shape.classes === undefined
        ? {}
        : { classes: Array.from({ length: shape.classes }, (_, c) => `class_${c}`) }),
      featureNames: Array.from({ length: shape.columns }, (_, j) => `x${j}`),
    });
    const last = await client.train(
      {
        runId,
        datasetId,
        spec,
        train: range(0, shape.trainRows),
        validation: validation.slice(), // transferred: kept here for the log-loss
        backend: asked,
      },
      onEvent,
    );
    timeline.push({ type: last.type, atMs: performance.now() - started });
    client.release(datasetId);
    const wallMs = performance.now() - started;
    const outcome: BenchRun['outcome'] =
      last.type === 'done' ? { type: 'done' } : { type: 'failed', code: last.code, message: last.message };
    const validationLogLoss =
      last.type === 'done' ? logLoss(data.y, validation, last.scores, shape.classes) : null;
    const iterations =
      last.type !== 'done'
        ? null
        : last.kind === 'logistic'
          ? last.artifact.iterations
          : last.kind === 'gbdt'
            ? last.iterations
            : null;
    return {
      asked,
      backend,
      notOffered,
      stoppedSlow,
      progress,
      epochs,
      outcome,
      iterations,
      validationLogLoss,
      wallMs,
      timeline,
    };
  } finally {
    client.dispose();
  }
}

/**
 * The app's training worker asked for one wasm thread (workers/training/threads.ts reads its
 * name): on a cross-origin isolated page, the same threaded build timed with 1 thread.
 */
function spawnOneThread(): Worker {
  return new Worker(new URL('../../workers/training/training.worker.ts', import.meta.url), {
    type: 'module',
    name: 'wasm-threads=1',
  });
}

/** What the worker says this browser offers (it initialises the one `auto` picks). */
async function backends(): Promise<BackendReport> {
  const client = new TrainingClient();
  try {
    return await client.backends();
  } finally {
    client.dispose();
  }
}

/** auto's calibration in a fresh worker: each backend's ms per training step, and the winner. */
async function calibrate(): Promise<Calibration> {
  const client = new TrainingClient();
  try {
    return await client.calibrate();
  } finally {
    client.dispose();
  }
}

/** The app rows (bench/backtest.mjs, bench/score-app.mjs), loaded on demand: only they start DuckDB. */
const backtest = async (options: BacktestOptions): Promise<BacktestBench> =>
  (await import('./app-rows')).backtest(options);
const score = async (): Promise<ScoreBench> => (await import('./app-rows')).score();

/** DuckDB's eh and coi bundles side by side (bench/duckdb-coi.mjs), loaded on demand. */
const duckdbBundles = async (options: { rows: number; runs: number }) =>
  (await import('./duckdb-bundles')).duckdbBundles(options);

const api = { train, backends, calibrate, backtest, score, duckdbBundles };

declare global {
  interface Window {
    casebookBench?: typeof api;
  }
}

window.casebookBench = api;
