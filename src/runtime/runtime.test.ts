import { beforeAll, describe, expect, it } from 'vitest';
import { inProcessTraining } from '../cells/testing';
import type { SqlEngine } from '../data/engine';
import { createNodeEngine } from '../data/testing/node-engine';
import { asCaseId, asCellId, type CellId } from '../notebook/ids';
import { createCase } from '../notebook/ops';
import type { ModelStage, VersionState } from '../notebook/registry';
import type { Case, CellOf } from '../notebook/types';
import { HELD_MESSAGE, Runtime } from './runtime.svelte';

const NOW = '2026-03-01T10:00:00.000Z';

function sqlCell(id: string, sql: string, output: string, reads: string[] = []): CellOf<'sql'> {
  return { id: asCellId(id), kind: 'sql', config: { sql, output, materialize: 'table' }, reads };
}

/** A case of two SQL cells: `a` makes t_a, `b` reads it. */
function twoCells(): Case {
  return {
    ...createCase(asCaseId('case-held'), 'Held', NOW),
    cells: [sqlCell('a', 'SELECT 1 AS x', 't_a'), sqlCell('b', 'SELECT x + 1 AS y FROM t_a', 't_b', ['t_a'])],
  };
}

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});

function runtimeWith(
  held: readonly CellId[],
  versions: () => readonly VersionState[] = () => [],
  view: readonly CellId[] = [],
) {
  const saved: (readonly CellId[])[] = [];
  const viewed: (readonly CellId[])[] = [];
  let doc = twoCells();
  const runtime = new Runtime({
    engine,
    loadBlob: () => Promise.reject(new Error('no files here')),
    importSource: () => Promise.reject(new Error('no files here')),
    getCase: () => doc,
    setReads: (id, reads) => {
      doc = { ...doc, cells: doc.cells.map((c) => (c.id === id ? { ...c, reads } : c)) };
    },
    saveLearned: () => undefined,
    training: inProcessTraining(),
    runs: {
      findBatch: () => Promise.resolve(null),
      saveBatch: () => Promise.resolve(),
      findRun: () => Promise.resolve(null),
      findExplanation: () => Promise.resolve(null),
      saveExplanation: () => Promise.resolve(),
      saveEvaluation: (record) => Promise.resolve(record),
      findInterrupted: () => Promise.resolve(null),
      journal: () => Promise.reject(new Error('no training here')),
    },
    appVersion: 'test',
    models: {
      listCase: () => Promise.resolve({ versions: versions() }),
      bundle: () => Promise.reject(new Error('no models here')),
    },
    held: { initial: held, save: (ids) => saved.push(ids) },
    view: { initial: view, save: (ids) => viewed.push(ids) },
  });
  const setDoc = (next: Case) => {
    doc = next;
  };
  return { runtime, saved, viewed, setDoc };
}

describe('Runtime: cancelled cells stay cancelled across a reload (issue 19, item 21)', () => {
  it('resume runs nothing the user cancelled, nor what reads from it, and says why', async () => {
    const { runtime, saved } = runtimeWith([asCellId('a')]);
    await runtime.resume();
    const a = runtime.status(asCellId('a'));
    expect(a.state === 'error' && a.error.code === 'cancelled' && a.error.message).toBe(HELD_MESSAGE);
    expect(runtime.status(asCellId('b')).state).toBe('idle');
    expect(runtime.isHeld(asCellId('a'))).toBe(true);
    expect(saved).toEqual([]);
  });

  it('running the cell (or the stale cells) by hand lifts the hold and runs it', async () => {
    const { runtime, saved } = runtimeWith([asCellId('a')]);
    await runtime.resume();
    await runtime.runCell(asCellId('b'));
    expect(runtime.status(asCellId('a')).state).toBe('done');
    expect(runtime.status(asCellId('b')).state).toBe('done');
    expect(runtime.isHeld(asCellId('a'))).toBe(false);
    expect(saved).toEqual([[]]);
  });

  it('without holds, resume runs every stale cell; a hold on a deleted cell is forgotten', async () => {
    const { runtime, saved } = runtimeWith([asCellId('gone')]);
    await runtime.resume();
    expect(runtime.status(asCellId('a')).state).toBe('done');
    expect(runtime.status(asCellId('b')).state).toBe('done');
    expect(saved).toEqual([[]]);
  });

  it('cancelling a queued or running cell holds it', async () => {
    const { runtime, saved } = runtimeWith([]);
    const running = runtime.runAllStale();
    runtime.cancel(asCellId('b'));
    await running;
    expect(runtime.isHeld(asCellId('b'))).toBe(true);
    expect(saved.at(-1)).toEqual([asCellId('b')]);
  });
});

describe('Runtime: a deleted cell takes its table with it (issue 19, item 19)', () => {
  it('drops the table at once, and the cells that read it fail as they would after a reload', async () => {
    const { runtime, setDoc } = runtimeWith([]);
    await runtime.runAllStale();
    expect(runtime.status(asCellId('b')).state).toBe('done');
    const [, reader] = twoCells().cells;
    if (!reader) throw new Error('no reader');
    setDoc({ ...createCase(asCaseId('case-held'), 'Held', NOW), cells: [reader] });
    await runtime.removeCell(asCellId('a'), 't_a', [asCellId('b')]);
    const tables = await engine.query(
      "SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 't_a'",
    );
    expect(tables.getChild('n')?.get(0)).toBe(0);
    expect(runtime.status(asCellId('a')).state).toBe('idle');
    const b = runtime.status(asCellId('b'));
    expect(b.state).toBe('error');
    expect(b.state === 'error' ? b.error.message : '').toMatch(/t_a/);
  });
});

describe('Runtime.retryFailed: what could not run is run again, an edit waits for the user', () => {
  it('runs the failed cell again and leaves a cell the user edited meanwhile stale', async () => {
    const { runtime, setDoc } = runtimeWith([]);
    const table = 't_retry_later';
    await engine.exec(`DROP TABLE IF EXISTS ${table}`);
    const base = twoCells();
    const withReader: Case = {
      ...base,
      cells: [...base.cells, sqlCell('c', `SELECT * FROM ${table}`, 't_c', [table])],
    };
    setDoc(withReader);
    await runtime.resume();
    expect(runtime.status(asCellId('c')).state).toBe('error');
    // What the failed cell needed arrives (the sample's champion, here a table) …
    await engine.exec(`CREATE TABLE ${table} AS SELECT 7 AS v`);
    // … while the user edits a cell that had run.
    setDoc({ ...withReader, cells: [sqlCell('a', 'SELECT 2 AS x', 't_a'), ...withReader.cells.slice(1)] });
    expect(runtime.stale.has(asCellId('a'))).toBe(true);
    await runtime.retryFailed();
    expect(runtime.status(asCellId('c')).state).toBe('done');
    expect(runtime.stale.has(asCellId('a'))).toBe(true);
    expect(runtime.stale.has(asCellId('b'))).toBe(true);
    await engine.exec(`DROP TABLE ${table}`);
  });
});

describe('Runtime.runCell: a query typed a moment ago', () => {
  it('builds the stale tables it reads before it runs, though its cell had not learned them yet', async () => {
    const { runtime, setDoc } = runtimeWith([]);
    await engine.exec('DROP TABLE IF EXISTS t_a');
    // Run pressed before the pause in typing that makes the cell learn what it reads.
    const base = twoCells();
    setDoc({
      ...base,
      cells: [base.cells[0]!, { ...sqlCell('b', 'SELECT x + 1 AS y FROM t_a', 't_b'), reads: [] }],
    });
    await runtime.runCell(asCellId('b'));
    expect(runtime.status(asCellId('a')).state).toBe('done');
    expect(runtime.status(asCellId('b'))).toMatchObject({ state: 'done' });
  });
});

describe('Runtime.onSettled: told after each cell, before the next one starts', () => {
  it('calls the listener once per cell in graph order while the next still waits, until stopped', async () => {
    // A new sample registers its champion there, so the score cell further down finds it.
    const { runtime } = runtimeWith([]);
    const seen: string[] = [];
    const b = asCellId('b');
    const stop = runtime.onSettled((id) =>
      seen.push(`${id} ${runtime.status(id).state}, b ${runtime.status(b).state}`),
    );
    await runtime.resume();
    expect(seen).toEqual(['a done, b queued', 'b done, b done']);
    stop();
    await runtime.runCell(asCellId('a'));
    expect(seen).toHaveLength(2);
  });
});

describe('Runtime: a batch the user asks for goes ahead of what a reopened case runs by itself', () => {
  it('runs the user’s cell before the rest of the background batch, which then runs to its end', async () => {
    const { runtime, setDoc } = runtimeWith([]);
    const base = twoCells();
    setDoc({ ...base, cells: [...base.cells, sqlCell('u', 'SELECT 42 AS answer', 't_u')] });
    const order: string[] = [];
    const background = runtime.resume().then(() => order.push('background'));
    // Pressed while the reopened case's cells wait: it does not wait for them.
    const user = runtime.runCell(asCellId('u')).then(() => {
      order.push('user');
      // The background batch yielded before its first cell: that cell has not run yet.
      order.push(runtime.status(asCellId('a')).state === 'done' ? 'a done' : 'a not yet');
    });
    await Promise.all([background, user]);
    expect(order).toEqual(['user', 'a not yet', 'background']);
    for (const id of ['a', 'b', 'u']) expect(runtime.status(asCellId(id)).state).toBe('done');
    expect(runtime.stale.size).toBe(0);
  });

  it('takes over the upstream cell a background batch had queued, and both batches end with every cell fresh', async () => {
    const { runtime } = runtimeWith([]);
    const background = runtime.resume();
    await runtime.runCell(asCellId('b'));
    // b's upstream a was queued by the background batch: the user's batch ran it first.
    expect(runtime.status(asCellId('a')).state).toBe('done');
    expect(runtime.status(asCellId('b')).state).toBe('done');
    await background;
    expect(runtime.stale.size).toBe(0);
  });
});

describe('Runtime: a cell that scores with the champion goes stale when the champion changes (issue 16)', () => {
  const state = (id: string, stage: ModelStage): VersionState => {
    const caseId = asCaseId('case-held');
    return {
      version: {
        id,
        caseId,
        version: Number(id.slice(1)),
        createdAt: NOW,
        source: 'imported',
        runId: null,
        name: id,
        kind: 'logistic',
        task: 'binary',
        bundleSha256: '0'.repeat(64),
        importedFrom: null,
      },
      stage,
      since: {
        id: `e-${id}`,
        caseId,
        versionId: id,
        seq: 1,
        stage,
        at: NOW,
        by: 'Ana',
        why: '',
        evaluation: null,
      },
    };
  };
  const score = (id: string, version: number | null): CellOf<'score'> => ({
    id: asCellId(id),
    kind: 'score',
    config: { input: 't_a', version, output: `scores_${id}` },
    reads: ['t_a'],
  });

  it('reads the champion before a batch runs, and again when asked; a version picked by number does not care', async () => {
    let versions = [state('v1', 'champion'), state('v2', 'candidate')];
    const { runtime, setDoc } = runtimeWith([], () => versions);
    const base = twoCells();
    setDoc({ ...base, cells: [...base.cells, score('champ', null), score('pinned', 1)] });
    const fp = (id: string) => runtime.fingerprints.get(asCellId(id));
    const before = { champ: fp('champ'), pinned: fp('pinned'), a: fp('a') };
    await runtime.runCell(asCellId('a'));
    expect(runtime.champion).toBe('v1');
    expect(fp('champ')).not.toBe(before.champ);
    const withV1 = fp('champ');
    versions = [state('v1', 'retired'), state('v2', 'champion')];
    await runtime.refreshModels();
    expect(runtime.champion).toBe('v2');
    // What a view lists (a monitor's candidates) follows the same read, without a run.
    expect(runtime.versions.map((x) => [x.version.id, x.stage])).toEqual([
      ['v1', 'retired'],
      ['v2', 'champion'],
    ]);
    expect(fp('champ')).not.toBe(withV1);
    expect(fp('pinned')).toBe(before.pinned);
    expect(fp('a')).toBe(before.a);
    expect(runtime.stale.has(asCellId('a'))).toBe(false);
    versions = [state('v1', 'retired'), state('v2', 'retired')];
    await runtime.refreshModels();
    expect(runtime.champion).toBeNull();
    expect(fp('champ')).toBe(before.champ);
  });
});

describe('Runtime: a reopened case builds the cells on screen first (issue 21, item 1)', () => {
  /** a → b (b reads t_a), then c and d, which read nothing: graph order a, b, c, d. */
  function fourCells(): Case {
    const base = twoCells();
    return {
      ...base,
      cells: [...base.cells, sqlCell('c', 'SELECT 3 AS z', 't_c'), sqlCell('d', 'SELECT 4 AS w', 't_d')],
    };
  }

  function settledOrder(runtime: Runtime, onEach: (id: CellId) => void = () => undefined): string[] {
    const seen: string[] = [];
    runtime.onSettled((id) => {
      seen.push(id);
      onEach(id);
    });
    return seen;
  }

  it('runs the cells that were on screen, after their inputs, before the rest', async () => {
    const { runtime, setDoc } = runtimeWith([], () => [], [asCellId('b'), asCellId('d')]);
    setDoc(fourCells());
    const seen = settledOrder(runtime);
    await runtime.resume();
    expect(seen).toEqual(['a', 'b', 'd', 'c']);
    expect(runtime.stale.size).toBe(0);
  });

  it('with nothing on screen keeps graph order; a cell scrolled to mid-build runs next, after the one running', async () => {
    const { runtime, setDoc, viewed } = runtimeWith([]);
    setDoc(fourCells());
    const seen = settledOrder(runtime, (id) => {
      if (id === 'a') runtime.setVisible([asCellId('d')]);
    });
    await runtime.resume();
    expect(seen).toEqual(['a', 'd', 'b', 'c']);
    // The view is saved when it changes, not when it is told the same again.
    runtime.setVisible([asCellId('d')]);
    expect(viewed).toEqual([['d']]);
  });

  it('says which table a queued cell waits for, instead of an error', async () => {
    const { runtime } = runtimeWith([]);
    const done = runtime.resume();
    expect(runtime.status(asCellId('b')).state).toBe('queued');
    expect(runtime.waitingFor(asCellId('b'))).toBe('t_a');
    expect(runtime.waitingFor(asCellId('a'))).toBeNull();
    await done;
    expect(runtime.waitingFor(asCellId('b'))).toBeNull();
    expect(runtime.status(asCellId('b')).state).toBe('done');
  });
});
