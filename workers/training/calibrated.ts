import type { Calibration } from '../../src/training/calibration';
import type { BackendName } from './api';
import { measureBackends } from './calibrate';

/** This device as the calibration sees it: its key, and the backends worth measuring. */
export interface CalibrationDevice {
  readonly key: string;
  readonly candidates: readonly BackendName[];
}

/**
 * The calibration a worker holds: one given by the page (read from IndexedDB) or measured here.
 * One measurement at a time; a held calibration of another device (the key changed: a browser
 * update, another adapter) is not used.
 */
export class CalibrationHolder {
  #held: Calibration | null = null;
  #measuring: Promise<Calibration> | null = null;
  /** How many times this worker measured: what tests count. */
  measurements = 0;

  constructor(
    private readonly device: () => Promise<CalibrationDevice>,
    private readonly start: (backend: BackendName) => Promise<boolean>,
    private readonly budgetMs?: number,
  ) {}

  /** This device's key, and the calibration held for it (null: none yet). */
  async state(): Promise<{ key: string; held: Calibration | null }> {
    const { key } = await this.device();
    return { key, held: this.#held?.key === key ? this.#held : null };
  }

  /** Holds a calibration kept by the page; false (and nothing held) when it is another device's. */
  async use(calibration: Calibration): Promise<boolean> {
    const { key } = await this.device();
    if (calibration.key !== key) return false;
    this.#held = calibration;
    return true;
  }

  /** Measures now (about 2 s), holds the result and returns it; calls during one share it. */
  measure(): Promise<Calibration> {
    this.#measuring ??= (async () => {
      const { key, candidates } = await this.device();
      this.measurements += 1;
      const result = await measureBackends(key, candidates, {
        start: this.start,
        ...(this.budgetMs === undefined ? {} : { budgetMs: this.budgetMs }),
      });
      this.#held = result;
      return result;
    })().finally(() => {
      this.#measuring = null;
    });
    return this.#measuring;
  }

  /** The held calibration; without one, measures when `measure`, else null. */
  async current(measure: boolean): Promise<Calibration | null> {
    // A measurement under way ("measure again") decides: training must not start in the middle of it.
    if (this.#measuring !== null) return this.#measuring;
    const { held } = await this.state();
    if (held !== null) return held;
    return measure ? this.measure() : null;
  }
}
