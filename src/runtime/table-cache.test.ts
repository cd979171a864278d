import { IDBKeyRange } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { unitOf, type OutputOf } from '../cells/registry';
import { inProcessTraining } from '../cells/testing';
import type { SqlEngine } from '../data/engine';
import { createNodeEngine } from '../data/testing/node-engine';
import { parquetNode } from '../data/testing/parquet-node';
import { asCaseId, asCellId } from '../notebook/ids';
import { createCase, updateConfig } from '../notebook/ops';
import type { Case, CellKind, CellOf } from '../notebook/types';
import { MONITOR_DEFAULTS } from '../notebook/kinds/monitor';
import type { MonitorOutput } from '../cells/monitor/result';
import { CasebookDb } from '../storage/db';
import { TableCache } from '../storage/table-cache';
import { freshFactory } from '../storage/test-db';
import { RunCounters } from './counters';
import { Runtime } from './runtime.svelte';
import { exportToCache, restoreFromCache, type TableCachePort } from './table-cache';

/*
 * Reopening a case without recomputing it (issue 21, item 1). Each "page" is a fresh DuckDB
 * (DuckDB-WASM in Node) and a fresh runtime over the same IndexedDB (fake-indexeddb), as a
 * reload is; the table cache is storage's TableCache with parquet-wasm's Node build.
 */

const NOW = '2026-03-01T10:00:00.000Z';
const id = asCellId;

function sqlCell(cellId: string, sql: string, output: string, reads: string[] = []): CellOf<'sql'> {
  return { id: id(cellId), kind: 'sql', config: { sql, output, materialize: 'table' }, reads };
}

/** `a` makes t_a, `b` reads it, `c` cleans t_b with a mean to learn (a config edit on its first run). */
function threeCells(aSql = 'SELECT range AS x, range % 3 = 0 AS even3 FROM range(10)'): Case {
  const clean: CellOf<'clean'> = {
    id: id('c'),
    kind: 'clean',
    config: {
      input: 't_b',
      output: 't_c',
      steps: [{ id: 's1', enabled: true, recipe: 'impute', column: 'y', method: 'mean' }],
    },
    reads: ['t_b'],
  };
  return {
    ...createCase(asCaseId('case-cache'), 'Cache', NOW),
    cells: [
      sqlCell('a', aSql, 't_a'),
      sqlCell('b', 'SELECT x, CASE WHEN even3 THEN NULL ELSE x * 1.5 END AS y FROM t_a', 't_b', ['t_a']),
      clean,
    ],
  };
}

function cachePort(db: CasebookDb): TableCachePort {
  const store = new TableCache(db, { maxBytes: () => Promise.resolve(10_000_000) });
  return {
    codec: parquetNode,
    find: async (key) => {
      const found = await store.get(key);
      return found && { parquet: found.parquet, meta: found.record.meta };
    },
    save: async (entry) => void (await store.put(entry)),
  };
}

/** A page: a fresh engine and runtime over `doc`, the cache on `db`. */
async function openPage(db: CasebookDb, doc: Case) {
  const engine: SqlEngine = await createNodeEngine();
  const counters = new RunCounters();
  let current = doc;
  const runtime = new Runtime({
    engine,
    loadBlob: () => Promise.reject(new Error('no files here')),
    importSource: () => Promise.reject(new Error('no files here')),
    getCase: () => current,
    setReads: () => undefined,
    saveLearned: (cellId, kind, patch) => {
      current = updateConfig(current, cellId, kind, patch, NOW);
    },
    training: inProcessTraining(),
    runs: {
      findBatch: () => Promise.resolve(null),
      saveBatch: () => Promise.resolve(),
      findRun: () => Promise.resolve(null),
      findExplanation: () => Promise.resolve(null),
      saveExplanation: () => Promise.resolve(),
      findInterrupted: () => Promise.resolve(null),
      journal: () => Promise.reject(new Error('no training here')),
      saveEvaluation: (record) => Promise.resolve(record),
    },
    appVersion: 'test',
    models: {
      listCase: () => Promise.resolve({ versions: [] }),
      bundle: () => Promise.reject(new Error('no models here')),
    },
    tableCache: cachePort(db),
    counters,
  });
  await runtime.resume();
  await until(() => counters.snapshot().cachePending === 0);
  return { engine, runtime, counters, doc: () => current };
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done()).toBe(true);
}

async function rows(engine: SqlEngine, table: string): Promise<unknown[]> {
  return (await engine.query(`SELECT * FROM ${table} ORDER BY x`)).toArray().map((r) => ({ ...r }));
}

/** The status badge's text of a done cell, as the notebook shows it. */
function doneText<K extends CellKind>(runtime: Runtime, cell: CellOf<K>): string | null {
  const status = runtime.statusOf(cell);
  return status.state === 'done' ? unitOf(cell.kind).doneText(status.output) : null;
}

function database(): CasebookDb {
  return new CasebookDb('casebook', { indexedDB: freshFactory(), IDBKeyRange });
}

describe('Runtime with the table cache: a reopened case registers its tables instead of rebuilding them', () => {
  it('runs every cell the first time and none the second, with the same rows, status texts and outputs', async () => {
    const db = database();
    const first = await openPage(db, threeCells());
    expect(first.counters.snapshot()).toMatchObject({
      runs: { sql: 2, clean: 1 },
      restored: {},
      cacheWrites: 3,
    });
    const learned = first.doc(); // the clean cell saved its learned mean in its config

    const second = await openPage(db, learned);
    expect(second.counters.snapshot()).toMatchObject({ runs: {}, restored: { sql: 2, clean: 1 } });
    for (const table of ['t_a', 't_b', 't_c']) {
      expect(await rows(second.engine, table)).toEqual(await rows(first.engine, table));
    }
    const described = 'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?';
    const types = async (engine: SqlEngine) =>
      (await engine.query(described.replace('?', "'t_c'"))).toArray().map((r) => ({ ...r }));
    expect(await types(second.engine)).toEqual(await types(first.engine));
    for (const cell of learned.cells) {
      const before = first.runtime.status(cell.id);
      const after = second.runtime.status(cell.id);
      if (before.state !== 'done' || after.state !== 'done') throw new Error(`${cell.id} is not done`);
      expect(after.output).toEqual(
        cell.kind === 'clean' ? { ...before.output, learnedSteps: null } : before.output,
      );
      expect(doneText(second.runtime, cell)).toBe(doneText(first.runtime, cell));
    }
    expect(second.runtime.stale.size).toBe(0);
  }, 120_000);

  it('a changed upstream SQL rebuilds that cell and every cell below it', async () => {
    const db = database();
    const first = await openPage(db, threeCells());
    const edited = first.doc();
    const changed = {
      ...edited,
      cells: edited.cells.map((c) =>
        c.id === id('a') ? sqlCell('a', 'SELECT range AS x, false AS even3 FROM range(4)', 't_a') : c,
      ),
    };
    const second = await openPage(db, changed);
    expect(second.counters.snapshot()).toMatchObject({ runs: { sql: 2, clean: 1 }, restored: {} });
    expect(await rows(second.engine, 't_c')).toHaveLength(4);
  }, 120_000);

  it('a copy that is gone is rebuilt, and the cells around it still come from the cache', async () => {
    const db = database();
    const first = await openPage(db, threeCells());
    const doc = first.doc();
    // Only the bytes go (as when a write was cut short): the record alone is no copy.
    const keys = await db.tableCache.filter((r) => r.table === 't_b').primaryKeys();
    expect(keys).toHaveLength(1);
    await db.tableCacheData.bulkDelete(keys);
    const second = await openPage(db, doc);
    expect(second.counters.snapshot()).toMatchObject({ runs: { sql: 1 }, restored: { sql: 1, clean: 1 } });
    expect(await rows(second.engine, 't_c')).toEqual(await rows(first.engine, 't_c'));
  }, 120_000);

  it('a cell the user runs by hand runs, even when its table is cached', async () => {
    const db = database();
    const first = await openPage(db, threeCells());
    const second = await openPage(db, first.doc());
    await second.runtime.runCell(id('b'));
    expect(second.counters.snapshot().runs).toEqual({ sql: 1 });
  }, 120_000);
});

describe('cells below a table written from stored runs (a train cell’s predictions)', () => {
  /**
   * A case whose train cell writes `predictions` (its runner stubbed: it writes the rows of the
   * runs `stored` holds, as the real one does from its stored batch), and a SQL cell that counts
   * them by run. The SQL cell's fingerprint is the same whatever the stored runs are.
   */
  function trainedCase(): Case {
    const trainCell: CellOf<'train'> = {
      id: id('t'),
      kind: 'train',
      config: {
        input: 'features',
        output: 'predictions',
        models: [],
        backend: 'auto',
        folds: null,
        search: null,
      },
      reads: [],
    };
    return {
      ...createCase(asCaseId('case-stored'), 'Stored', NOW),
      cells: [
        trainCell,
        sqlCell('q', 'SELECT run_id AS x, count(*) AS n FROM predictions GROUP BY run_id', 'by_run', [
          'predictions',
        ]),
      ],
    };
  }

  function storedRuns(runIds: string[]): void {
    vi.spyOn(unitOf('train'), 'run').mockImplementation(async (ctx) => {
      const values = runIds.map((r) => `('${r}', 1), ('${r}', 2)`).join(', ');
      await ctx.engine.exec(
        `CREATE OR REPLACE TABLE predictions AS SELECT * FROM (VALUES ${values}) t(run_id, row_id)`,
      );
      // The runtime reads nothing of a train cell's output but its kind here.
      return { kind: 'train' } as unknown as OutputOf<'train'>;
    });
  }

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('are not restored from the cache once those runs changed (a run deleted for good, a batch trained again)', async () => {
    const db = database();
    storedRuns(['run-1', 'run-2']);
    const first = await openPage(db, trainedCase());
    expect(first.counters.snapshot()).toMatchObject({ runs: { train: 1, sql: 1 }, cacheWrites: 1 });
    expect(await rows(first.engine, 'by_run')).toHaveLength(2);

    // The same runs: the SQL cell comes from the cache.
    const same = await openPage(db, first.doc());
    expect(same.counters.snapshot()).toMatchObject({ runs: { train: 1 }, restored: { sql: 1 } });

    // One run deleted for good: the predictions hold one run, and so does the SQL cell's table.
    vi.restoreAllMocks();
    storedRuns(['run-1']);
    const deleted = await openPage(db, first.doc());
    expect(deleted.counters.snapshot()).toMatchObject({ runs: { train: 1, sql: 1 }, restored: {} });
    expect(await rows(deleted.engine, 'by_run')).toEqual([{ x: 'run-1', n: 2 }]);

    // Trained again: other run ids, the same count of rows.
    vi.restoreAllMocks();
    storedRuns(['run-3', 'run-4']);
    const retrained = await openPage(db, first.doc());
    expect(retrained.counters.snapshot()).toMatchObject({ runs: { train: 1, sql: 1 }, restored: {} });
    expect((await rows(retrained.engine, 'by_run')).map((r) => Reflect.get(Object(r), 'x'))).toEqual([
      'run-3',
      'run-4',
    ]);
  }, 120_000);
});

describe('the table cache keeps an output without a table, for a kind that asks (a monitor)', () => {
  const monitor: CellOf<'monitor'> = {
    id: id('m'),
    kind: 'monitor',
    config: {
      version: 1,
      reference: '',
      input: 'batch',
      batchColumn: '',
      label: '',
      ...MONITOR_DEFAULTS,
      challenger: null,
      compareBatch: '',
      disagreements: 'disagreements',
    },
    reads: ['batch'],
  };
  const output: MonitorOutput = {
    kind: 'monitor',
    model: {
      version: 1,
      stage: 'champion',
      name: 'Logistic regression',
      sha256: 'a'.repeat(64),
      task: 'binary',
      threshold: 0.3,
      classes: null,
      trainedOn: 'train',
    },
    reference: { table: 'train', rows: 100 },
    batches: [],
    alerts: [],
    notes: ['date: not watched'],
    thresholds: { moderate: 0.1, major: 0.25 },
    comparison: null,
    featureSql: 'SELECT 1',
    retrain: 'retrain by hand',
  };

  let engine: SqlEngine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  }, 60_000);
  afterAll(() => engine.terminate());

  it('writes it with no bytes, reads it back equal, and registers no table', async () => {
    const db = database();
    const port = cachePort(db);
    const kept = await exportToCache(port, engine, {
      cell: monitor,
      output,
      key: 'k1',
      caseId: 'case-cache',
    });
    await kept?.written;
    expect(await db.tableCache.get('k1')).toMatchObject({ table: '', sizeBytes: 0 });
    expect(await restoreFromCache(port, engine, monitor, 'k1')).toEqual(output);
    expect(await restoreFromCache(port, engine, monitor, 'k2')).toBeNull();
    const tables = await engine.query("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ''");
    expect(Number(tables.getChild('n')?.get(0))).toBe(0);
  });

  it('a kept output that does not read as a run’s is not used (the cell runs)', async () => {
    const db = database();
    const port = cachePort(db);
    const broken = { ...output, batches: [{ label: 'm1' }] };
    await port.save({
      key: 'k3',
      caseId: 'case-cache',
      cellId: 'm',
      table: '',
      parquet: new Uint8Array(0),
      meta: { rowCount: 0, columns: [], output: broken },
    });
    expect(await restoreFromCache(port, engine, monitor, 'k3')).toBeNull();
  });
});
