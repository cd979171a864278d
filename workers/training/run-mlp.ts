import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, BackendName, BackendReport, MlpCheckpoint, MlpSpec, TrainOutcome } from './api';
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
  /**
   * Whether it is lost now or within `ms`. A real loss (`GPUDevice.destroy()`, a driver reset)
   * often shows first as a failed read — `mapAsync` rejects as the device unmaps its buffers —
   * before the device's `lost` promise settles.
   */
  lostWithin(ms: number): Promise<boolean>;
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
    lostWithin: () => Promise.resolve(false),
    calibration,
  };
}

export const cpuBackend: TfBackend = cpuTfBackend();

/** Checkpoints a fit keeps for a device loss when its caller asked for none (the journal's own interval). */
export const LOSS_CHECKPOINT_EVERY_EPOCHS = 5;

/**
 * How long a fit that failed on WebGPU waits for the device's `lost` to settle before it reports
 * the failure as its own: a loss settles within milliseconds of the failed read it causes.
 */
export const LOSS_SETTLE_MS = 1_000;

/**
 * Trains the network. A lost WebGPU device moves the fit to the next backend (wasm first), which
 * continues from the fit's last checkpoint (the epochs after it are trained again, exactly as the
 * uninterrupted run would have) and says so in the backend's reason; with no checkpoint yet it
 * starts over.
 */
export async function runMlp(
  job: TrainJob,
  spec: MlpSpec,
  onProgress: Progress,
  signal: AbortSignal,
  tfBackend: TfBackend,
): Promise<TrainOutcome> {
  const { runId } = job;
  /** Each standing epoch's time; a resumed fit drops the epochs after its checkpoint. */
  const epochMs = new Map<number, number>();
  /** The last periodic checkpoint of this fit: where a lost device's fit continues. */
  let lastCheckpoint: MlpCheckpoint | null = job.checkpoints?.resume ?? null;
  let lastEpoch = 0;
  const attempt = async (backend: BackendReport, resume: MlpCheckpoint | null): Promise<MlpResult> => {
    onProgress({ type: 'started', runId, backend });
    for (const epoch of [...epochMs.keys()]) if (epoch > (resume?.epoch ?? 0)) epochMs.delete(epoch);
    const { x, columns, y, train, validation, checkpoints } = job;
    const onWebGpu = backend.backend === 'webgpu';
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
        epochMs.set(event.epoch, event.epochMs);
        lastEpoch = event.epoch;
        onProgress(event);
      },
      cancelled: () => signal.aborted || tfBackend.lost(),
      // Without the caller's checkpoints, a WebGPU fit keeps its own for a loss; other backends
      // are never lost, and skip the copies (a fit continued on them only restores one).
      ...(checkpoints || onWebGpu || resume
        ? {
            checkpoints: {
              everyEpochs: checkpoints?.everyEpochs ?? (onWebGpu ? LOSS_CHECKPOINT_EVERY_EPOCHS : 0),
              resume,
              onCheckpoint: (checkpoint: MlpCheckpoint, reason: 'periodic' | 'best') => {
                if (reason === 'periodic') lastCheckpoint = checkpoint;
                if (checkpoints) onProgress({ type: 'checkpoint', runId, reason, checkpoint });
              },
            },
          }
        : {}),
    });
  };
  /**
   * One attempt, or 'lost' when the device went under it: a fit stopped by the loss (`cancelled`),
   * or one that failed or threw on WebGPU as the device went (a read that failed, a loss that
   * read as a divergence). Cancelled by the user, it is not a loss.
   */
  const attemptOrLoss = async (
    backend: BackendReport,
    resume: MlpCheckpoint | null,
  ): Promise<MlpResult | 'lost'> => {
    const lostUnder = async (): Promise<boolean> =>
      !signal.aborted && backend.backend === 'webgpu' && (await tfBackend.lostWithin(LOSS_SETTLE_MS));
    try {
      const result = await attempt(backend, resume);
      if (result.ok || result.code === 'bad-input') return result;
      return (await lostUnder()) ? 'lost' : result;
    } catch (e: unknown) {
      if (await lostUnder()) return 'lost';
      throw e;
    }
  };
  try {
    const excluded: BackendName[] = [];
    let backend = await tfBackend.choose(job.backend, excluded);
    let result = await attemptOrLoss(backend, lastCheckpoint);
    while (result === 'lost') {
      excluded.push('webgpu');
      const from = lastCheckpoint;
      const next = await tfBackend.choose(job.backend, excluded);
      backend = { ...next, reason: lossReason(lastEpoch + 1, next.backend, from) };
      result = await attemptOrLoss(backend, from);
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
      fitMs: [...epochMs.values()].reduce((sum, ms) => sum + ms, 0),
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

/** What the run's backend line says after a loss in `epoch` (the one in training): where the fit went on. */
export function lossReason(epoch: number, backend: BackendName, from: MlpCheckpoint | null): string {
  return from === null
    ? `WebGPU device lost at epoch ${epoch}: started again on ${backend} (no checkpoint yet).`
    : `WebGPU device lost at epoch ${epoch}: continued on ${backend} from the checkpoint of epoch ${from.epoch}.`;
}
