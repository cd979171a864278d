import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DenseMatrix } from '../src/ml/models';
import { outputWidth, scoreOutputs } from '../src/notebook/bundle/score';
import type { BundleDecision } from '../src/notebook/bundle/types';
import type { StoredModel } from '../src/notebook/runs';

/*
 * The model on several threads, called synchronously. DuckDB hands the scoring function one chunk
 * of rows at a time on the JavaScript thread and wants the scores back before it returns, so the
 * chunk is split between that thread and worker threads that share its memory: each waits on
 * its own slot of a control array (Atomics.wait), scores its rows with the same `scoreRows`, and
 * flags them done. The scores are the same numbers whichever thread computes them.
 */

/** A slot's state: `IDLE` → (main) `GO` → (worker) `DONE` → (main) `IDLE`; `EXIT` ends the worker. */
export const IDLE = 0;
export const GO = 1;
export const DONE = 2;
export const EXIT = 3;
/** Per worker: state, first row, end row, failed. */
export const SLOT = 4;

export interface Shared {
  readonly width: number;
  readonly maxRows: number;
  /** Numbers per row of the scores: 1, or k + 2 for k classes (`scoreOutputs`). */
  readonly outputs: number;
  /** maxRows × width float32 features, row-major. */
  readonly x: SharedArrayBuffer;
  /** maxRows × outputs float64 scores. */
  readonly scores: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
}

export interface ScorePool {
  /** The features of up to `maxRows` rows, to fill before `score`. */
  readonly x: Float32Array;
  /** Scores the first `rows` rows of `x`: `outputs` numbers per row (`scoreOutputs`). */
  score(rows: number): Float64Array;
  readonly outputs: number;
  readonly workers: number;
  close(): Promise<void>;
}

/** The worker entry beside the built command line (dist-cli/score-worker.mjs); absent when run from source. */
function workerFile(): URL | null {
  const name = 'score-worker.mjs';
  const url = new URL(name, import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

export function startPool(
  model: StoredModel,
  decision: BundleDecision,
  width: number,
  maxRows: number,
  wanted: number,
): ScorePool {
  const file = wanted > 0 ? workerFile() : null;
  const count = file === null ? 0 : wanted;
  const outputs = outputWidth(model);
  const shared: Shared = {
    width,
    maxRows,
    outputs,
    x: new SharedArrayBuffer(maxRows * width * 4),
    scores: new SharedArrayBuffer(maxRows * outputs * 8),
    control: new SharedArrayBuffer(Math.max(1, count) * SLOT * 4),
  };
  const x = new Float32Array(shared.x);
  const out = new Float64Array(shared.scores);
  const control = new Int32Array(shared.control);
  const workers =
    file === null
      ? []
      : Array.from(
          { length: count },
          (_, index) => new Worker(file, { workerData: { model, decision, shared, index } }),
        );
  const matrix = (from: number, to: number): DenseMatrix => ({
    data: x.subarray(from * width, to * width),
    rows: to - from,
    cols: width,
  });
  return {
    x,
    outputs,
    workers: workers.length,
    score(rows: number): Float64Array {
      // The main thread takes the first share, each worker one of the rest.
      const parts = workers.length + 1;
      const size = Math.ceil(rows / parts);
      workers.forEach((_, k) => {
        const at = k * SLOT;
        control[at + 1] = Math.min(rows, (k + 1) * size);
        control[at + 2] = Math.min(rows, (k + 2) * size);
        control[at + 3] = 0;
        Atomics.store(control, at, GO);
        Atomics.notify(control, at);
      });
      out.set(scoreOutputs(model, decision, matrix(0, Math.min(rows, size))), 0);
      workers.forEach((_, k) => {
        const at = k * SLOT;
        while (Atomics.load(control, at) === GO) Atomics.wait(control, at, GO);
        Atomics.store(control, at, IDLE);
        if (control[at + 3] !== 0) throw new Error(`scoring thread ${k + 1} failed`);
      });
      return out.subarray(0, rows * outputs);
    },
    async close() {
      workers.forEach((_, k) => {
        Atomics.store(control, k * SLOT, EXIT);
        Atomics.notify(control, k * SLOT);
      });
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
