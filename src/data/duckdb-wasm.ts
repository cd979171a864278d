import * as duckdb from '@duckdb/duckdb-wasm';
import { Table } from 'apache-arrow';
import ehWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { markBoot } from '../lib/boot-marks';
import { AppError, errorMessage } from '../lib/errors';
import { SerialQueue } from '../lib/serial';
import { classifyDuckDbError, isFatal } from './duckdb-errors';
import type { QueryOptions, SqlEngine } from './engine';
import { quoteIdent, readTableNames } from './sql';

/** How long a cancelled query may take to stop before the worker is terminated. */
const CANCEL_GRACE_MS = 3000;

interface Instance {
  readonly db: duckdb.AsyncDuckDB;
  readonly work: duckdb.AsyncDuckDBConnection;
  readonly interactive: duckdb.AsyncDuckDBConnection;
  /** Rejects when this instance is replaced: what was in flight on it will never answer. */
  readonly abandoned: Promise<never>;
  readonly abandon: (reason: AppError) => void;
}

/**
 * DuckDB-WASM in its own worker, behind `SqlEngine`. The single-threaded `eh` bundle is shipped:
 * it needs no cross-origin isolation (see shared/notes/duckdb-wasm.md on why `coi` stays opt-in).
 */
export class DuckDbWasmEngine implements SqlEngine {
  #instance: Promise<Instance>;
  readonly #lanes = { work: new SerialQueue(), interactive: new SerialQueue() };
  readonly #restartListeners = new Set<() => void>();

  readonly #ready: Promise<void>;

  private constructor() {
    this.#instance = startInstance();
    this.#ready = this.#instance.then(() => undefined);
    this.#ready.catch(() => undefined);
  }

  /**
   * Starts the engine and returns at once: the worker fetches and compiles DuckDB's wasm
   * (streaming) while the app loads and paints. Queries wait for it; `ready()` says when it is up.
   */
  static start(): DuckDbWasmEngine {
    return new DuckDbWasmEngine();
  }

  static async create(): Promise<DuckDbWasmEngine> {
    const engine = DuckDbWasmEngine.start();
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
      this.#onInstance(async ({ interactive }) => {
        try {
          return await readTableNames((text) => interactive.getTableNames(text), sql);
        } catch (e: unknown) {
          throw classifyDuckDbError(e, sql);
        }
      }),
    );
  }

  async registerFile(name: string, file: Blob): Promise<void> {
    const { db } = await this.#instance;
    // BROWSER_FILEREADER reads lazily from the Blob: a 2 GB file is not copied into the wasm heap.
    await db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  }

  async dropFile(name: string): Promise<void> {
    const { db } = await this.#instance;
    await db.dropFile(name);
  }

  async insertArrowIpc(name: string, ipc: Uint8Array): Promise<void> {
    await this.#lanes.work.run(() =>
      this.#onInstance(async ({ work }) => {
        try {
          await work.query(
            `DROP TABLE IF EXISTS ${quoteIdent(name)}; DROP VIEW IF EXISTS ${quoteIdent(name)}`,
          );
          await work.insertArrowFromIPCStream(ipc, { name, create: true });
        } catch (e: unknown) {
          throw await this.#failed(e, `insert into ${name}`);
        }
      }),
    );
  }

  onRestart(listener: () => void): () => void {
    this.#restartListeners.add(listener);
    return () => this.#restartListeners.delete(listener);
  }

  async terminate(): Promise<void> {
    const { db } = await this.#instance;
    await db.terminate();
  }

  /** Runs `task` on the current instance; if that instance is replaced meanwhile, rejects at once. */
  async #onInstance<T>(task: (instance: Instance) => Promise<T>): Promise<T> {
    const instance = await this.#instance;
    return Promise.race([task(instance), instance.abandoned]);
  }

  async #send(sql: string, lane: 'work' | 'interactive', signal: AbortSignal | undefined): Promise<Table> {
    if (signal?.aborted) throw cancelled();
    const instance = await this.#instance;
    const conn = instance[lane];
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        void conn.cancelSent();
        // If DuckDB does not stop in time, the worker goes: a restart is better than a stuck tab.
        const timer = setTimeout(() => void this.#restart(), CANCEL_GRACE_MS);
        running.finally(() => clearTimeout(timer)).catch(() => undefined);
        reject(cancelled());
      };
    });
    const running = (async () => new Table(await (await conn.send(sql)).readAll()))();
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
      throw await this.#failed(e, sql);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      aborted.catch(() => undefined);
      running.catch(() => undefined);
    }
  }

  async #failed(e: unknown, sql: string): Promise<AppError> {
    if (isFatal(errorMessage(e))) {
      await this.#restart();
      return new AppError(
        'engine-restarted',
        'The SQL engine hit an internal error and was restarted. Your case is safe: its tables are ' +
          'being rebuilt from the saved sources and cells.',
        { cause: e },
      );
    }
    return classifyDuckDbError(e, sql);
  }

  async #restart(): Promise<void> {
    const old = this.#instance;
    this.#instance = startInstance();
    try {
      const previous = await old;
      previous.abandon(
        new AppError(
          'engine-restarted',
          'The SQL engine was restarted; this query did not finish. Run it again.',
        ),
      );
      await previous.db.terminate();
    } catch {
      // The old worker may already be gone; there is nothing left to release.
    }
    await this.#instance;
    for (const listener of this.#restartListeners) listener();
  }
}

function cancelled(): AppError {
  return new AppError('cancelled', 'The query was cancelled.');
}

async function startInstance(): Promise<Instance> {
  markBoot('engine-start');
  try {
    const worker = new Worker(ehWorkerUrl);
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(ehWasmUrl, null);
    await db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
    const work = await db.connect();
    // Autoloading fetches extensions from DuckDB's host: an offline trap and a privacy leak.
    await work.query('SET autoload_known_extensions = false; SET autoinstall_known_extensions = false');
    const interactive = await db.connect();
    markBoot('engine');
    let abandon: (reason: AppError) => void = () => undefined;
    const abandoned = new Promise<never>((_, reject) => {
      abandon = reject;
    });
    abandoned.catch(() => undefined);
    return { db, work, interactive, abandoned, abandon };
  } catch (e: unknown) {
    throw new AppError(
      'engine-failed',
      `The SQL engine (DuckDB-WASM) could not start: ${errorMessage(e)}. Reload the page; if it ` +
        'persists, this browser may lack WebAssembly exceptions or workers.',
      { cause: e },
    );
  }
}
