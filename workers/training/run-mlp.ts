import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, BackendName, BackendReport, MlpSpec, TrainOutcome } from './api';
import type { Progress, TrainJob } from './job';
import { CalibrationHolder } from './calibrated';
import { trainMlp, type MlpResult } from './mlp';

/** How the `mlp` gets its TensorFlow.js backend: the browser's chooser in the worker, CPU in Node. */
export interface TfBackend {
  /** `measure` (default true): `auto` may calibrate first when no calibration is held. */
  choose(
    choice: BackendChoice,
    exclude: readonly BackendName[],
    options?: { readonly measure?: boolean },
  ): Promise<BackendReport>;
  /** True once the WebGPU device in use was lost: training must move to another backend. */
  lost(): boolean;
  /** The calibration of `auto` this worker holds (calibrated.ts). */
  readonly calibration: CalibrationHolder;
}

async function startCpu(backend: BackendName): Promise<boolean> {
  return backend === 'cpu' && (await tf.setBackend('cpu'));
}

/**
 * Node and tests: TensorFlow.js's CPU backend, the one that needs no browser. Its calibration
 * measures the CPU backend alone; each call makes a fresh one (a test's calibration is its own).
 */
export function cpuTfBackend(options: { readonly calibrationBudgetMs?: number } = {}): TfBackend {
  const calibration = new CalibrationHolder(
    () =>
      Promise.resolve({
        key: `node ${globalThis.process?.version ?? '?'}, tfjs ${tf.version_core}`,
        candidates: ['cpu'],
      }),
    startCpu,
    options.calibrationBudgetMs,
  );
  return {
    // Calibrates only when asked to outright (`backends(true)`): a test that trains a network on
    // auto should not pay for measuring a single backend.
    async choose(choice, _exclude, options) {
      if (choice === 'auto' && options?.measure === true) await calibration.current(true);
      await tf.setBackend('cpu');
      return { backend: 'cpu', reason: 'cpu, the only backend outside a browser.', available: ['cpu'] };
    },
    lost: () => false,
    calibration,
  };
}

export const cpuBackend: TfBackend = cpuTfBackend();

/** Trains the network; a lost WebGPU device restarts training on the next backend, and says so. */
export async function runMlp(
  job: TrainJob,
  spec: MlpSpec,
  onProgress: Progress,
  signal: AbortSignal,
  tfBackend: TfBackend,
): Promise<TrainOutcome> {
  const { runId } = job;
  /** The last attempt's epochs, summed: its fit (a lost device's attempt is not counted). */
  let fitMs = 0;
  const attempt = async (backend: BackendReport): Promise<MlpResult> => {
    onProgress({ type: 'started', runId, backend });
    fitMs = 0;
    const { x, columns, y, train, validation, checkpoints } = job;
    const data = {
      x,
      columns,
      y,
      train,
      validation,
      ...(job.classes ? { classes: job.classes.length } : {}),
    };
    return trainMlp(spec, data, {
      runId,
      onEpoch: (event) => {
        fitMs += event.epochMs;
        onProgress(event);
      },
      cancelled: () => signal.aborted || tfBackend.lost(),
      ...(checkpoints
        ? {
            checkpoints: {
              ...checkpoints,
              onCheckpoint: (checkpoint, reason) =>
                onProgress({ type: 'checkpoint', runId, reason, checkpoint }),
            },
          }
        : {}),
    });
  };
  try {
    const excluded: BackendName[] = [];
    let backend = await tfBackend.choose(job.backend, excluded);
    let result = await attempt(backend);
    while (!result.ok && result.code === 'cancelled' && tfBackend.lost() && !signal.aborted) {
      excluded.push('webgpu');
      backend = await tfBackend.choose(job.backend, excluded);
      result = await attempt(backend);
    }
    if (!result.ok) return { type: 'failed', runId, code: result.code, message: result.message };
    const { artifact, scores, trainScores, stoppedEarly, bestEpoch } = result;
    return {
      type: 'done',
      runId,
      kind: 'mlp',
      artifact,
      scores,
      trainScores,
      stoppedEarly,
      bestEpoch,
      backend,
      fitMs,
    };
  } catch (e: unknown) {
    const message = e instanceof Error ? e.message : String(e);
    const oom = /out of memory|allocation|OOM/i.test(message);
    return {
      type: 'failed',
      runId,
      code: oom ? 'out-of-memory' : 'backend',
      message: oom
        ? 'The browser ran out of memory while training: use fewer rows or a smaller model.'
        : `Training failed in TensorFlow.js: ${message}`,
    };
  }
}
