import { parseStoredTime, type ExportClockTimes } from './export-reminder';

/** Where the times live: the workspace's session store (`Workspace.getSession`/`setSession`). */
export interface SessionStore {
  getSession(key: string): Promise<unknown>;
  setSession(key: string, value: unknown): Promise<void>;
}

export const LAST_EXPORT_KEY = 'lastWorkspaceExportAt';
export const FIRST_VISIT_KEY = 'firstVisitAt';

/**
 * The last workspace export of this browser and its first visit, stored beside the data they
 * guard, for the export reminder (`export-reminder.ts`). Null until `load` has read them.
 */
export class ExportClock {
  times = $state<ExportClockTimes | null>(null);
  readonly #store: SessionStore;

  constructor(store: SessionStore) {
    this.#store = store;
  }

  /** Reads the times; the first visit is recorded now when none was (the clock starts here). */
  async load(now: Date): Promise<void> {
    const [lastExportAt, storedFirstVisit] = await Promise.all([
      this.#store.getSession(LAST_EXPORT_KEY).then(parseStoredTime),
      this.#store.getSession(FIRST_VISIT_KEY).then(parseStoredTime),
    ]);
    const firstVisitAt = storedFirstVisit ?? now.toISOString();
    if (storedFirstVisit === null) await this.#store.setSession(FIRST_VISIT_KEY, firstVisitAt);
    this.times = { lastExportAt, firstVisitAt };
  }

  /** A workspace file was downloaded: the reminder's clock starts again. */
  async exported(now: Date): Promise<void> {
    const at = now.toISOString();
    this.times = { lastExportAt: at, firstVisitAt: this.times?.firstVisitAt ?? at };
    await this.#store.setSession(LAST_EXPORT_KEY, at);
  }
}
