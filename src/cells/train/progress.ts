import type { BackendReport, TrainEvent } from '../../../workers/training/api';
import { assertNever } from '../../lib/errors';
import type { CurvePoint, TrainCellProgress } from './result';

/** Reports at most this often while a run trains; a run's start and end are always reported. */
export const REPORT_INTERVAL_MS = 100;

/**
 * Turns the worker's events into the cell's progress: the curve of the run in training, the
 * runs done and planned. Epoch and iteration events can come every millisecond; the page needs
 * a few a second.
 */
export class ProgressReporter {
  readonly #report: (progress: TrainCellProgress) => void;
  readonly #now: () => number;
  readonly #total: number;
  #done = 0;
  #label = '';
  #backend: BackendReport | null = null;
  #curve: CurvePoint[] = [];
  #lastMs = -Infinity;

  constructor(
    report: (progress: TrainCellProgress) => void,
    total: number,
    now: () => number = () => performance.now(),
  ) {
    this.#report = report;
    this.#total = total;
    this.#now = now;
  }

  /** A run starts: a fresh curve. */
  start(label: string): void {
    this.#label = label;
    this.#backend = null;
    this.#curve = [];
    this.#send();
  }

  /** A resumed run: the curve of the epochs its checkpoint holds comes first. */
  resumeFrom(curve: readonly CurvePoint[]): void {
    this.#curve = [...curve];
  }

  /** One event of the run in training. */
  event(event: TrainEvent): void {
    switch (event.type) {
      case 'started':
        this.#backend = event.backend;
        break;
      case 'epoch':
        // A fit continued from a checkpoint after a lost device trains the epochs after it again.
        while ((this.#curve.at(-1)?.step ?? 0) >= event.epoch) this.#curve.pop();
        this.#curve.push({ step: event.epoch, loss: event.loss, validationLoss: event.validationLoss });
        break;
      case 'progress':
        this.#curve.push({ step: event.iteration, loss: event.loss, validationLoss: null });
        break;
      case 'done':
        this.#backend = event.backend;
        return;
      case 'failed':
      case 'checkpoint':
        return;
      default:
        return assertNever(event);
    }
    if (this.#now() - this.#lastMs >= REPORT_INTERVAL_MS) this.#send();
  }

  /** Counts runs that will not be trained after all (the folds of a model that failed). */
  skip(runs: number): void {
    this.#done += runs;
  }

  /** The run ended (done, failed or skipped): counted, and reported whatever the interval. */
  finish(): readonly CurvePoint[] {
    this.#done++;
    this.#send();
    return this.#curve;
  }

  /** The curve of the run in training so far. */
  get curve(): readonly CurvePoint[] {
    return this.#curve;
  }

  get backend(): BackendReport | null {
    return this.#backend;
  }

  #send(): void {
    this.#lastMs = this.#now();
    this.#report({
      kind: 'train',
      label: this.#label,
      done: this.#done,
      total: this.#total,
      backend: this.#backend,
      curve: [...this.#curve],
    });
  }
}
