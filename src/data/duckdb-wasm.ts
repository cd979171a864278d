import * as duckdb from '@duckdb/duckdb-wasm';
import { Table, type RecordBatch } from 'apache-arrow';
import ehWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import { markBoot } from '../lib/boot-marks';
import { AppError, errorMessage } from '../lib/errors';
import { SerialQueue } from '../lib/serial';
import { classifyDuckDbError, isFatal } from './duckdb-errors';
import type { QueryOptions, SqlEngine } from './engine';
import { quoteIdent, readTableNames } from './sql';

/** How long a cancelled query may take to stop before the worker is terminated. */
const CANCEL_GRACE_MS = 3000;

/**
 * What DuckDB says of every statement once a fatal error has invalidated the database (duckdb
 * #13456); `poison()` makes an instance answer with it.
 */
export const INVALIDATED_MESSAGE =
  'FATAL Error: Failed: database has been invalidated because of a previous fatal error. ' +
  'The database must be restarted prior to being used again.';

/** What the engine uses of a DuckDB connection: DuckDB-WASM's, or a test's stand-in. */
export interface DuckDbConnection {
  send(sql: string): Promise<{ readAll(): Promise<RecordBatch[]> }>;
  cancelSent(): Promise<boolean>;
  query(sql: string): Promise<unknown>;
  getTableNames(sql: string): Promise<string[]>;
  insertArrowFromIPCStream(ipc: Uint8Array, options: { name: string; create: boolean }): Promise<void>;
}

/** What the engine uses of one DuckDB instance (a worker and its two connections). */
export interface DuckDbParts {
  readonly work: DuckDbConnection;
  readonly interactive: DuckDbConnection;
  registerFile(name: string, file: Blob): Promise<void>;
  dropFile(name: string): Promise<unknown>;
  /** Ends the worker: whatever it was doing stops, and nothing it held survives. */
  terminate(): Promise<void>;
}

export interface EngineOptions {
  /** Starts one DuckDB instance: DuckDB-WASM in a worker unless a test gives a stand-in. */
  readonly start?: () => Promise<DuckDbParts>;
  /** How long a cancelled query may take to stop before its worker is terminated. */
  readonly cancelGraceMs?: number;
}

interface Instance extends DuckDbParts {
  /** Counts the instances this engine started: a failure restarts only the one it happened on. */
  readonly generation: number;
  /** Rejects when this instance is replaced: what was in flight on it will never answer. */
  readonly abandoned: Promise<never>;
  readonly abandon: (reason: AppError) => void;
}

/**
 * DuckDB-WASM in its own worker, behind `SqlEngine`. The single-threaded `eh` bundle is shipped:
 * it needs no cross-origin isolation (see shared/notes/duckdb-wasm.md on why `coi` stays opt-in).
 *
 * Two ways out of a stuck or broken instance, both ending in a fresh worker and `onRestart`: a
 * fatal error (DuckDB invalidates the database after one), and a cancelled query that has not
 * stopped `cancelGraceMs` after DuckDB was asked to interrupt it.
 */
export class DuckDbWasmEngine implements SqlEngine {
  #instance: Promise<Instance>;
  #generation = 0;
  readonly #start: () => Promise<DuckDbParts>;
  readonly #cancelGraceMs: number;
  readonly #lanes = { work: new SerialQueue(), interactive: new SerialQueue() };
  /**
   * Settles when the last query cancelled on each lane has stopped in the worker, or its worker
   * was replaced. Its caller heard "cancelled" at once; the lane's next statement waits for this,
   * so that it runs on a free engine rather than behind the cancelled query in a busy worker.
   */
  readonly #stopping: Record<'work' | 'interactive', Promise<void>> = {
    work: Promise.resolve(),
    interactive: Promise.resolve(),
  };
  readonly #restartListeners = new Set<() => void>();
  /** Instances that answer every statement as an invalidated DuckDB does (`poison`). */
  readonly #poisoned = new WeakSet<Instance>();

  readonly #ready: Promise<void>;

  private constructor(options: EngineOptions) {
    this.#start = options.start ?? startDuckDbWasm;
    this.#cancelGraceMs = options.cancelGraceMs ?? CANCEL_GRACE_MS;
    this.#instance = this.#startInstance();
    this.#ready = this.#instance.then(() => undefined);
    this.#ready.catch(() => undefined);
  }

  /**
   * Starts the engine and returns at once: the worker fetches and compiles DuckDB's wasm
   * (streaming) while the app loads and paints. Queries wait for it; `ready()` says when it is up.
   */
  static start(options: EngineOptions = {}): DuckDbWasmEngine {
    return new DuckDbWasmEngine(options);
  }

  static async create(options: EngineOptions = {}): Promise<DuckDbWasmEngine> {
    const engine = DuckDbWasmEngine.start(options);
    await engine.ready();
    return engine;
  }

  /** Resolves when the first instance is up; rejects with AppError 'engine-failed' if it could not start. */
  ready(): Promise<void> {
    return this.#ready;
  }

  async query(sql: string, options: QueryOptions = {}): Promise<Table> {
    const lane = options.lane ?? 'work';
    return this.#lanes[lane].run(() => this.#send(sql, lane, options.signal));
  }

  async exec(sql: string, options: QueryOptions = {}): Promise<void> {
    await this.query(sql, options);
  }

  async tableNames(sql: string): Promise<string[]> {
    return this.#lanes.interactive.run(() =>
      this.#onInstance('interactive', async (instance) => {
        try {
          this.#failIfPoisoned(instance);
          return await readTableNames((text) => instance.interactive.getTableNames(text), sql);
        } catch (e: unknown) {
          throw await this.#failed(e, sql, instance);
        }
      }),
    );
  }

  async registerFile(name: string, file: Blob): Promise<void> {
    const instance = await this.#instance;
    await instance.registerFile(name, file);
  }

  async dropFile(name: string): Promise<void> {
    const instance = await this.#instance;
    await instance.dropFile(name);
  }

  async insertArrowIpc(name: string, ipc: Uint8Array): Promise<void> {
    await this.#lanes.work.run(() =>
      this.#onInstance('work', async (instance) => {
        try {
          this.#failIfPoisoned(instance);
          await instance.work.query(
            `DROP TABLE IF EXISTS ${quoteIdent(name)}; DROP VIEW IF EXISTS ${quoteIdent(name)}`,
          );
          await instance.work.insertArrowFromIPCStream(ipc, { name, create: true });
        } catch (e: unknown) {
          throw await this.#failed(e, `insert into ${name}`, instance);
        }
      }),
    );
  }

  onRestart(listener: () => void): () => void {
    this.#restartListeners.add(listener);
    return () => this.#restartListeners.delete(listener);
  }

  async terminate(): Promise<void> {
    const instance = await this.#instance;
    await instance.terminate();
  }

  /**
   * For tests of the recovery (`window.__casebookTest`, e2e): from now on the current instance
   * answers every statement as DuckDB does once a fatal error invalidated it, so the next query
   * goes through the same restart as a real fatal error.
   */
  async poison(): Promise<void> {
    this.#poisoned.add(await this.#instance);
  }

  /** Runs `task` on the current instance; if that instance is replaced meanwhile, rejects at once. */
  async #onInstance<T>(lane: 'work' | 'interactive', task: (instance: Instance) => Promise<T>): Promise<T> {
    await this.#stopping[lane];
    const instance = await this.#instance;
    return Promise.race([task(instance), instance.abandoned]);
  }

  #failIfPoisoned(instance: Instance): void {
    if (this.#poisoned.has(instance)) throw new Error(INVALIDATED_MESSAGE);
  }

  async #send(sql: string, lane: 'work' | 'interactive', signal: AbortSignal | undefined): Promise<Table> {
    if (signal?.aborted) throw cancelled();
    await this.#stopping[lane];
    if (signal?.aborted) throw cancelled();
    const instance = await this.#instance;
    const conn = instance[lane];
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        void conn.cancelSent().catch(() => undefined);
        // If DuckDB does not stop in time, the worker goes: a restart is better than a stuck tab.
        const timer = setTimeout(() => void this.#restart(instance.generation), this.#cancelGraceMs);
        running.then(
          () => clearTimeout(timer),
          () => clearTimeout(timer),
        );
        this.#stopping[lane] = Promise.race([running, instance.abandoned]).then(
          () => undefined,
          () => undefined,
        );
        reject(cancelled());
      };
    });
    const running = (async () => {
      this.#failIfPoisoned(instance);
      return new Table(await (await conn.send(sql)).readAll());
    })();
    signal?.addEventListener('abort', onAbort ?? (() => undefined), { once: true });
    const startedAt = performance.now();
    try {
      const result = await Promise.race([running, aborted, instance.abandoned]);
      // Statement timings for `npm run bench` and the browser's performance panel.
      performance.measure('casebook:duckdb', {
        start: startedAt,
        end: performance.now(),
        detail: sql.slice(0, 200),
      });
      return result;
    } catch (e: unknown) {
      if (e instanceof AppError && (e.code === 'cancelled' || e.code === 'engine-restarted')) throw e;
      if (signal?.aborted) throw cancelled();
      throw await this.#failed(e, sql, instance);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      aborted.catch(() => undefined);
      running.catch(() => undefined);
    }
  }

  async #failed(e: unknown, sql: string, instance: Instance): Promise<AppError> {
    if (isFatal(errorMessage(e))) {
      await this.#restart(instance.generation);
      return new AppError(
        'engine-restarted',
        'The SQL engine hit an internal error and was restarted. Your case is safe: its tables are ' +
          'being rebuilt from the saved sources and cells.',
        { cause: e },
      );
    }
    return classifyDuckDbError(e, sql);
  }

  /**
   * Replaces instance `generation` with a fresh one and tells the listeners. A failure seen on an
   * instance that was already replaced (both lanes hit the same fatal error) restarts nothing more.
   */
  async #restart(generation: number): Promise<void> {
    if (generation !== this.#generation) {
      await this.#instance.catch(() => undefined);
      return;
    }
    const old = this.#instance;
    this.#instance = this.#startInstance();
    try {
      const previous = await old;
      previous.abandon(
        new AppError(
          'engine-restarted',
          'The SQL engine was restarted; this query did not finish. Run it again.',
        ),
      );
      await previous.terminate();
    } catch {
      // The old worker may already be gone; there is nothing left to release.
    }
    await this.#instance;
    for (const listener of this.#restartListeners) listener();
  }

  async #startInstance(): Promise<Instance> {
    const generation = ++this.#generation;
    const parts = await this.#start();
    let abandon: (reason: AppError) => void = () => undefined;
    const abandoned = new Promise<never>((_, reject) => {
      abandon = reject;
    });
    abandoned.catch(() => undefined);
    return {
      generation,
      work: parts.work,
      interactive: parts.interactive,
      registerFile: (name, file) => parts.registerFile(name, file),
      dropFile: (name) => parts.dropFile(name),
      terminate: () => parts.terminate(),
      abandoned,
      abandon,
    };
  }
}

function cancelled(): AppError {
  return new AppError('cancelled', 'The query was cancelled.');
}

/** One DuckDB-WASM instance in a new worker, with the app's settings. */
async function startDuckDbWasm(): Promise<DuckDbParts> {
  markBoot('engine-start');
  try {
    // DuckDB's own worker code, run so that the browser caches its compiled wasm (workers/duckdb).
    const worker = new Worker(new URL('../../workers/duckdb/engine.worker.ts', import.meta.url), {
      type: 'module',
    });
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(ehWasmUrl, null);
    await db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
    const work = await db.connect();
    // Autoloading fetches extensions from DuckDB's host: an offline trap and a privacy leak.
    await work.query('SET autoload_known_extensions = false; SET autoinstall_known_extensions = false');
    const interactive = await db.connect();
    markBoot('engine');
    return {
      work,
      interactive,
      // BROWSER_FILEREADER reads lazily from the Blob: a 2 GB file is not copied into the wasm heap.
      registerFile: (name, file) =>
        db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true),
      dropFile: (name) => db.dropFile(name),
      terminate: () => db.terminate(),
    };
  } catch (e: unknown) {
    throw new AppError(
      'engine-failed',
      `The SQL engine (DuckDB-WASM) could not start: ${errorMessage(e)}. Reload the page; if it ` +
        'persists, this browser may lack WebAssembly exceptions or workers.',
      { cause: e },
    );
  }
}
