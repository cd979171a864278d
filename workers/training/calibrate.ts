import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../src/ml/models/prng';
import {
  budgetSpent,
  CALIBRATION_BUDGET_MS,
  medianMs,
  pickWinner,
  shareMs,
  TIMED_STEPS,
  type Calibration,
  type CalibrationEntry,
} from '../../src/training/calibration';
import type { BackendName } from './api';
import { Net, type Batch } from './mlp-net';

/*
 * The measuring half of the calibration (the pure half: src/training/calibration.ts): one real
 * training step of the app's own network, timed on each backend in turn.
 */

/** The network timed: the bench's MLP [64, 32] on 32 inputs, one batch of 1,024 rows. */
const INPUTS = 32;
const HIDDEN = [64, 32] as const;
const ROWS = 1_024;

/** One backend's training step, timed: its ms, or null when it did not finish within `limitMs`. */
export interface StepTimer {
  run(limitMs: number): Promise<number | null>;
  dispose(): void;
}

export interface MeasureOptions {
  /** Starts a backend (tf.setBackend); false when it does not initialise. */
  readonly start: (backend: BackendName) => Promise<boolean>;
  readonly budgetMs?: number;
  readonly now?: () => number;
  /** The step timed on the backend just started (tests give fake ones); the network's by default. */
  readonly step?: () => StepTimer;
}

/**
 * Measures `candidates` in order within the budget: each backend that starts gets one warm-up
 * step and up to `TIMED_STEPS` timed ones within its share (`shareMs`); one that finishes no
 * timed step within its share loses. Leaves TensorFlow.js on the last backend it started.
 */
export async function measureBackends(
  key: string,
  candidates: readonly BackendName[],
  options: MeasureOptions,
): Promise<Calibration> {
  const now = options.now ?? (() => performance.now());
  const budgetMs = options.budgetMs ?? CALIBRATION_BUDGET_MS;
  const started = now();
  const entries: CalibrationEntry[] = [];
  for (const [i, backend] of candidates.entries()) {
    if (budgetSpent(budgetMs, now() - started)) {
      entries.push({ backend, state: 'skipped' });
      continue;
    }
    const share = (): number => shareMs(budgetMs, now() - started, candidates.length - i);
    entries.push(await measureOne(backend, options, now, share));
  }
  return {
    version: 1,
    key,
    measuredAt: new Date().toISOString(),
    entries,
    winner: pickWinner(entries),
    totalMs: now() - started,
  };
}

async function measureOne(
  backend: BackendName,
  options: MeasureOptions,
  now: () => number,
  share: () => number,
): Promise<CalibrationEntry> {
  try {
    if (!(await options.start(backend)))
      return { backend, state: 'failed', message: 'it did not start in this browser' };
  } catch (e: unknown) {
    return { backend, state: 'failed', message: messageOf(e) };
  }
  // Starting a backend (compiling its wasm, making a GPU context) is paid once per worker, not per
  // step: the share counts from here, the budget from the first backend.
  const shareOfThis = share();
  const deadline = now() + shareOfThis;
  let step: StepTimer | null = null;
  try {
    step = options.step?.() ?? new NetworkStep();
    // The warm-up step compiles the kernels (shaders, on a GPU): not counted.
    if ((await step.run(deadline - now())) === null)
      return { backend, state: 'too-slow', shareMs: shareOfThis };
    const times: number[] = [];
    while (times.length < TIMED_STEPS && now() < deadline) {
      const t = await step.run(deadline - now());
      if (t === null) break;
      times.push(t);
    }
    if (times.length === 0) return { backend, state: 'too-slow', shareMs: shareOfThis };
    return { backend, state: 'measured', msPerStep: medianMs(times), steps: times.length };
  } catch (e: unknown) {
    return { backend, state: 'failed', message: messageOf(e) };
  } finally {
    step?.dispose();
  }
}

function messageOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 300);
}

/** The network, its optimizer and a fixed random batch on the current backend. */
class NetworkStep implements StepTimer {
  private readonly net: Net;
  private readonly optimizer: tf.Optimizer;
  private readonly batch: Batch;
  /** A step still running on the device when its time ran out: disposing waits for it. */
  private pending: Promise<unknown> = Promise.resolve();

  constructor() {
    this.net = new Net(
      { inputs: INPUTS, hidden: HIDDEN, outputs: 1, activation: 'relu', output: 'sigmoid' },
      0,
    );
    this.optimizer = tf.train.adam(0.001);
    const random = mulberry32(7);
    const x = Float32Array.from({ length: ROWS * INPUTS }, () => random() * 2 - 1);
    const xT = new Float32Array(x.length);
    for (let r = 0; r < ROWS; r++) for (let c = 0; c < INPUTS; c++) xT[c * ROWS + r] = x[r * INPUTS + c] ?? 0;
    const y = Float32Array.from({ length: ROWS }, () => (random() < 0.5 ? 0 : 1));
    this.batch = {
      x: tf.tensor2d(x, [ROWS, INPUTS]),
      xT: tf.tensor2d(xT, [INPUTS, ROWS]),
      target: tf.tensor2d(y, [ROWS, 1]),
      masks: [],
    };
  }

  /** One Adam step, read back (so that a GPU's queue is drained); its ms, or null past `limitMs`. */
  async run(limitMs: number): Promise<number | null> {
    if (limitMs <= 0) return null;
    const t0 = performance.now();
    const loss = this.net.trainStep(this.batch, this.optimizer, 0);
    const read = loss.data().finally(() => loss.dispose());
    this.pending = read;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), limitMs);
    });
    const values = await Promise.race([read, late]);
    clearTimeout(timer);
    if (values === null) return null;
    const value = values[0];
    if (value === undefined || !Number.isFinite(value)) throw new Error('the step gave no finite loss');
    return performance.now() - t0;
  }

  dispose(): void {
    const { net, optimizer, batch } = this;
    void this.pending
      .catch(() => undefined)
      .finally(() => {
        net.dispose();
        optimizer.dispose();
        tf.dispose([batch.x, batch.xT, batch.target]);
      });
  }
}
