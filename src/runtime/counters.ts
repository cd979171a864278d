import type { CellKind } from '../notebook/types';

/** What the counters read at one moment (plain data: e2e tests read it through the page). */
export interface RunCountsSnapshot {
  /** Cells run, by kind. */
  readonly runs: Readonly<Partial<Record<CellKind, number>>>;
  /** Cells registered from the table cache instead of run, by kind. */
  readonly restored: Readonly<Partial<Record<CellKind, number>>>;
  /** Tables written to the table cache, and those queued or in flight. */
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

  /** Tables a batch is about to write to the cache: pending from now until each is written or skipped. */
  queued(count: number): void {
    this.#cachePending += count;
  }

  /** A queued table's write, pending until it settles. */
  track(write: Promise<void>): void {
    void write.finally(() => {
      this.#cachePending -= 1;
      this.#cacheWrites += 1;
    });
  }

  /** A queued table that was not written (it changed meanwhile, or has a type the cache does not keep). */
  skipped(): void {
    this.#cachePending -= 1;
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
