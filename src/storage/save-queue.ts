import type { AppError } from '../lib/errors';
import { classifyStorageError } from './errors';

export interface SaveQueueOptions {
  readonly delayMs: number;
  /** A value waits at most this long while changes keep coming (default 2 s): edits cannot starve the save. */
  readonly maxWaitMs?: number;
  readonly onError: (e: AppError) => void;
  readonly onSaved?: () => void;
  /**
   * After a failed save, try again on a timer: first after this long, then twice as long each
   * time, up to `maxRetryMs` (a full disk freed, a transient failure). Absent: only at the next
   * change or flush.
   */
  readonly retryMs?: number;
  /** The longest wait between two retries (default a minute). */
  readonly maxRetryMs?: number;
}

const MAX_RETRY_MS = 60_000;

/**
 * Debounced autosave: the latest value wins, one save at a time, and a failed save keeps the
 * value in memory and tries again at the next change or flush, and on a timer (`retryMs`).
 * Nothing is dropped.
 */
export class SaveQueue<T> {
  readonly #save: (value: T) => Promise<void>;
  readonly #options: SaveQueueOptions;
  #pending: { value: T } | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** When the pending value's first change was scheduled (ms), or null. */
  #waitingSince: number | null = null;
  #inFlight: Promise<void> | null = null;
  #disposed = false;
  #failures = 0;
  #retry: ReturnType<typeof setTimeout> | null = null;

  constructor(save: (value: T) => Promise<void>, options: SaveQueueOptions) {
    this.#save = save;
    this.#options = options;
  }

  /** A value waits to be written (scheduled, or kept after a failed save); a save in flight is not counted. */
  get pending(): boolean {
    return this.#pending !== null;
  }

  /** A save is being written now. */
  get saving(): boolean {
    return this.#inFlight !== null;
  }

  schedule(value: T): void {
    if (this.#disposed) return;
    this.#pending = { value };
    const now = Date.now();
    this.#waitingSince ??= now;
    const maxWait = this.#options.maxWaitMs ?? 2_000;
    // Past the longest wait, a running timer is kept: the next change does not push it back.
    if (this.#timer !== null && now - this.#waitingSince >= maxWait) return;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), this.#options.delayMs);
  }

  /**
   * Writes what is pending now, after any save in flight. Resolves once it is written, or once a
   * failure has gone to `onError` (it never rejects for a failed save: check `pending`).
   */
  async flush(): Promise<void> {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#retry !== null) {
      clearTimeout(this.#retry);
      this.#retry = null;
    }
    this.#waitingSince = null;
    while (this.#inFlight) await this.#inFlight;
    const next = this.#pending;
    if (!next) return;
    this.#pending = null;
    this.#inFlight = this.#write(next);
    try {
      await this.#inFlight;
    } finally {
      this.#inFlight = null;
    }
  }

  /** Stops the timer and ignores later `schedule` calls; `flush()` first to write what is pending. */
  dispose(): void {
    this.#disposed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    if (this.#retry !== null) clearTimeout(this.#retry);
  }

  #scheduleRetry(): void {
    const base = this.#options.retryMs;
    if (base === undefined || this.#disposed || this.#retry !== null) return;
    const delay = Math.min(this.#options.maxRetryMs ?? MAX_RETRY_MS, base * 2 ** (this.#failures - 1));
    this.#retry = setTimeout(() => {
      this.#retry = null;
      void this.flush();
    }, delay);
  }

  async #write(next: { value: T }): Promise<void> {
    try {
      await this.#save(next.value);
    } catch (e: unknown) {
      // Keep the value unless a newer one arrived meanwhile; either way it is saved next time.
      this.#pending ??= next;
      this.#failures += 1;
      this.#scheduleRetry();
      this.#options.onError(classifyStorageError(e));
      return;
    }
    this.#failures = 0;
    // Outside the try: a throwing listener must not make a written value look unsaved.
    this.#options.onSaved?.();
  }
}
