import { tableFromArrays, type RecordBatch } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import {
  DuckDbWasmEngine,
  INVALIDATED_MESSAGE,
  type DuckDbConnection,
  type DuckDbParts,
} from './duckdb-wasm';
import { isFatal } from './duckdb-errors';

/*
 * The engine's ways out of a broken or stuck DuckDB (issue 18, items 3 and 4), against stand-in
 * instances: a real DuckDB cannot be made to ignore an interrupt or die on demand. The stand-in
 * behaves as DuckDB-WASM's connection does: `send` answers when the statement is done, and
 * `cancelSent` interrupts it (its `send` then rejects) unless the statement `ignoresInterrupt`.
 */

const answer = (n: number): RecordBatch[] => tableFromArrays({ n: Int32Array.from([n]) }).batches;

class StandIn implements DuckDbConnection {
  readonly sent: string[] = [];
  cancels = 0;
  /** Statements that run until the worker is terminated, cancelled or not. */
  ignoresInterrupt = false;
  /** What every statement fails with (a fatal error), or null. */
  failWith: string | null = null;
  #stop: ((e: Error) => void) | null = null;

  constructor(readonly instance: number) {}

  send(sql: string): Promise<{ readAll(): Promise<RecordBatch[]> }> {
    this.sent.push(sql);
    if (this.failWith !== null) return Promise.reject(new Error(this.failWith));
    if (!sql.startsWith('SLOW'))
      return Promise.resolve({ readAll: () => Promise.resolve(answer(this.instance)) });
    // A long statement: it answers only when interrupted (or never).
    return new Promise((_, reject) => {
      this.#stop = reject;
    });
  }

  cancelSent(): Promise<boolean> {
    this.cancels += 1;
    if (!this.ignoresInterrupt) this.#stop?.(new Error('INTERRUPT Error: Interrupted!'));
    return Promise.resolve(!this.ignoresInterrupt);
  }

  query(sql: string): Promise<unknown> {
    return this.send(sql);
  }

  getTableNames(): Promise<string[]> {
    return Promise.resolve([]);
  }

  insertArrowFromIPCStream(): Promise<void> {
    return Promise.resolve();
  }
}

interface Started {
  readonly work: StandIn;
  readonly interactive: StandIn;
  terminated: boolean;
}

/** An engine over stand-in instances; `started` lists each instance it started, in order. */
function standInEngine(cancelGraceMs: number, setUp: (s: Started) => void = () => undefined) {
  const started: Started[] = [];
  const restarts: number[] = [];
  const start = (): Promise<DuckDbParts> => {
    const n = started.length + 1;
    const s: Started = { work: new StandIn(n), interactive: new StandIn(n), terminated: false };
    setUp(s);
    started.push(s);
    return Promise.resolve({
      work: s.work,
      interactive: s.interactive,
      registerFile: () => Promise.resolve(),
      dropFile: () => Promise.resolve(null),
      terminate: () => {
        s.terminated = true;
        return Promise.resolve();
      },
    });
  };
  const engine = DuckDbWasmEngine.start({ start, cancelGraceMs });
  engine.onRestart(() => restarts.push(started.length));
  return { engine, started, restarts };
}

async function failure(run: Promise<unknown>): Promise<AppError> {
  try {
    await run;
  } catch (e: unknown) {
    if (e instanceof AppError) return e;
    throw new Error(`expected an AppError, got ${String(e)}`);
  }
  throw new Error('expected the call to fail');
}

const instanceOf = async (engine: DuckDbWasmEngine): Promise<unknown> =>
  (await engine.query('SELECT n')).getChild('n')?.get(0);

const until = async (done: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!done()) throw new Error('timed out');
};

describe('DuckDbWasmEngine: cancel, and the forced restart after the grace period', () => {
  it('a query that stops when interrupted is cancelled at once, and the worker stays', async () => {
    const { engine, started, restarts } = standInEngine(40);
    const controller = new AbortController();
    const slow = engine.query('SLOW cross join', { signal: controller.signal });
    await until(() => started[0]?.work.sent.length === 1);
    controller.abort();
    expect((await failure(slow)).code).toBe('cancelled');
    expect(started[0]?.work.cancels).toBe(1);
    await new Promise((r) => setTimeout(r, 80));
    expect(started).toHaveLength(1);
    expect(started[0]?.terminated).toBe(false);
    expect(restarts).toEqual([]);
    expect(await instanceOf(engine)).toBe(1);
    expect(started[0]?.work.sent).toEqual(['SLOW cross join', 'SELECT n']);
  });

  it(
    'a query that ignores the interrupt: cancelled at once, its worker terminated after the grace period, a fresh one answers',
    { timeout: 5_000 },
    async () => {
      const { engine, started, restarts } = standInEngine(60, (s) => {
        s.work.ignoresInterrupt = true;
      });
      const controller = new AbortController();
      const slow = engine.query('SLOW regexp over one huge string', { signal: controller.signal });
      await until(() => started[0]?.work.sent.length === 1);
      const cancelledAt = performance.now();
      controller.abort();
      expect((await failure(slow)).code).toBe('cancelled');
      expect(performance.now() - cancelledAt).toBeLessThan(60);
      // The next statement waits for the old worker to stop (it never does, so it is replaced),
      // then runs on the fresh one: it neither queues inside the busy worker nor fails.
      const next = engine.query('SELECT n');
      expect(started).toHaveLength(1);
      expect((await next).getChild('n')?.get(0)).toBe(2);
      expect(performance.now() - cancelledAt).toBeGreaterThanOrEqual(55);
      expect(started[0]?.work.sent).toEqual(['SLOW regexp over one huge string']);
      expect(started[0]?.terminated).toBe(true);
      expect(started).toHaveLength(2);
      expect(restarts).toEqual([2]);
    },
  );
});

describe('DuckDbWasmEngine: a fatal error restarts the worker', () => {
  it('the message DuckDB gives once invalidated is one the engine treats as fatal', () => {
    expect(isFatal(INVALIDATED_MESSAGE)).toBe(true);
  });

  it('restarts once when both lanes meet the same fatal error, and the next query answers', async () => {
    const { engine, started, restarts } = standInEngine(1000, (s) => {
      if (s.work.instance === 1) {
        s.work.failWith = 'RuntimeError: memory access out of bounds';
        s.interactive.failWith = INVALIDATED_MESSAGE;
      }
    });
    const [work, interactive] = await Promise.all([
      failure(engine.query('SELECT 1')),
      failure(engine.query('SELECT 2', { lane: 'interactive' })),
    ]);
    expect([work.code, interactive.code]).toEqual(['engine-restarted', 'engine-restarted']);
    expect(work.message).toContain('Your case is safe');
    expect(started).toHaveLength(2);
    expect(started[0]?.terminated).toBe(true);
    expect(restarts).toEqual([2]);
    expect(await instanceOf(engine)).toBe(2);
  });

  it('poison(): the next statement fails as an invalidated DuckDB does, and goes through the same restart', async () => {
    const { engine, started, restarts } = standInEngine(1000);
    expect(await instanceOf(engine)).toBe(1);
    await engine.poison();
    const e = await failure(engine.query('SELECT n FROM kept'));
    expect(e.code).toBe('engine-restarted');
    expect(e.cause instanceof Error ? e.cause.message : e.cause).toBe(INVALIDATED_MESSAGE);
    // The poisoned worker never saw the statement: DuckDB would have refused it.
    expect(started[0]?.work.sent).toEqual(['SELECT n']);
    expect(started[0]?.terminated).toBe(true);
    expect(restarts).toEqual([2]);
    expect(await instanceOf(engine)).toBe(2);
  });

  it('an error that is not fatal restarts nothing', async () => {
    const { engine, started, restarts } = standInEngine(1000, (s) => {
      s.work.failWith = 'Catalog Error: Table with name nope does not exist!';
    });
    expect((await failure(engine.query('SELECT * FROM nope'))).code).toBe('sql');
    expect(started).toHaveLength(1);
    expect(restarts).toEqual([]);
  });
});
