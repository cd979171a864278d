import type { CasebookDb } from './db';

/*
 * The calibration of the training backend (issue 21), one row per device: which TensorFlow.js
 * backend trains fastest here, measured once (src/training/calibration.ts says what it holds and
 * validates it). A cache: a row that cannot be read or written only means measuring again, so a
 * failure is a console note, never an error, and clearing it loses nothing.
 */

/** What a calibration must carry to be kept: the rest is the training client's to validate. */
export interface CalibrationRow {
  readonly key: string;
  readonly measuredAt: string;
}

export class CalibrationStore {
  readonly #db: CasebookDb;
  readonly #warn: (message: string, cause: unknown) => void;

  constructor(
    db: CasebookDb,
    warn = (message: string, cause: unknown) => console.warn(`Casebook: ${message}`, cause),
  ) {
    this.#db = db;
    this.#warn = warn;
  }

  /** The calibration kept for this device key, unvalidated; null when none (or unreadable). */
  async get(key: string): Promise<unknown> {
    try {
      return (await this.#db.calibrations.get(key))?.value ?? null;
    } catch (e: unknown) {
      this.#warn('reading the backend calibration failed; it is measured again', e);
      return null;
    }
  }

  /** Keeps a calibration under its device key, replacing the one before. */
  async put(calibration: CalibrationRow): Promise<void> {
    try {
      await this.#db.calibrations.put({
        key: calibration.key,
        measuredAt: calibration.measuredAt,
        value: calibration,
      });
    } catch (e: unknown) {
      this.#warn('keeping the backend calibration failed; it is measured again next time', e);
    }
  }

  /** Forgets every device's calibration. */
  async clear(): Promise<void> {
    await this.#db.calibrations.clear();
  }
}
