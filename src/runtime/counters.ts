import type { CellKind } from '../notebook/types';

/** What the counters read at one moment (plain data: e2e tests read it through the page). */
export interface RunCountsSnapshot {
  /** Cells run, by kind. */
  readonly runs: Readonly<Partial<Record<CellKind, number>>>;
  /** Cells registered from the table cache instead of run, by kind. */
  readonly restored: Readonly<Partial<Record<CellKind, number>>>;
  /** Tables written to the table cache, and writes still in flight. */
  readonly cacheWrites: number;
  readonly cachePending: number;
}

/**
 * Counts what the runtime did in this page: how many cells of each kind ran, how many came from
 * the table cache, and the cache's writes. Read only from outside: it changes no result, so the
 * app exposes it in every build (e2e/cache.spec.ts checks through it that a reopen runs nothing).
 */
export class RunCounters {
  readonly #runs = new Map<CellKind, number>();
  readonly #restored = new Map<CellKind, number>();
  #cacheWrites = 0;
  #cachePending = 0;

  ran(kind: CellKind): void {
    this.#runs.set(kind, (this.#runs.get(kind) ?? 0) + 1);
  }

  restored(kind: CellKind): void {
    this.#restored.set(kind, (this.#restored.get(kind) ?? 0) + 1);
  }

  /** Counts a cache write from its start until it settles. */
  track(write: Promise<void>): void {
    this.#cachePending += 1;
    void write.finally(() => {
      this.#cachePending -= 1;
      this.#cacheWrites += 1;
    });
  }

  snapshot(): RunCountsSnapshot {
    return {
      runs: Object.fromEntries(this.#runs),
      restored: Object.fromEntries(this.#restored),
      cacheWrites: this.#cacheWrites,
      cachePending: this.#cachePending,
    };
  }
}
