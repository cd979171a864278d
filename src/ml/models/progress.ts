import { cancelledError, ModelError } from './errors';
import type { FitOptions } from './types';

/** How long a fit may hold the thread before it yields, so that a cancel message gets through. */
const YIELD_EVERY_MS = 50;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Reports progress, honours the AbortSignal and stops on a NaN loss. Fits run in a worker whose
 * abort arrives as a message, which can only be handled when the fit awaits: hence the yields.
 */
export class FitLoop {
  private lastYield = performance.now();

  constructor(private readonly options: FitOptions) {}

  throwIfAborted(): void {
    if (this.options.signal?.aborted === true) throw cancelledError();
  }

  /** Between units of work that report no loss: abort check and, now and then, a yield. */
  async tick(): Promise<void> {
    this.throwIfAborted();
    const now = performance.now();
    if (now - this.lastYield >= YIELD_EVERY_MS) {
      await yieldToEventLoop();
      this.lastYield = performance.now();
      this.throwIfAborted();
    }
  }

  async step(iteration: number, loss: number): Promise<void> {
    if (!Number.isFinite(loss)) {
      throw new ModelError(
        'diverged',
        `The training loss became ${String(loss)} at iteration ${iteration}: ` +
          'scale the features, lower the learning rate or raise the regularisation.',
      );
    }
    this.throwIfAborted();
    this.options.onProgress?.({ iteration, loss });
    await this.tick();
  }
}
