import type { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { asCaseId, asCellId, asRunId } from '../notebook/ids';
import type { CasebookDb } from './db';
import { RunStore } from './runs';
import { freshFactory, openDb } from './test-db';
import { runBundle } from './test-runs';

let factory: IDBFactory;
let db: CasebookDb;
let clock = 0;
const now = () => new Date(Date.UTC(2026, 3, 1, 0, 0, clock++)).toISOString();
const store = () => new RunStore(db, { now });
const find = (s: RunStore, key = 'c'.repeat(64), cell = 't1', c = 'case-1') =>
  s.findBatch(asCaseId(c), asCellId(cell), key);

beforeEach(() => {
  factory = freshFactory();
  db = openDb(factory);
  clock = 0;
});

describe('RunStore: batches', () => {
  it('saves a batch and finds it by case, cell and key, unchanged (typed arrays too)', async () => {
    const bundle = runBundle();
    await store().saveBatch(bundle);
    const found = await find(new RunStore(openDb(factory)));
    expect(found).toEqual(bundle);
    expect(found?.batch.validationRowIds).toBeInstanceOf(Int32Array);
    expect(found?.artifacts[0]?.scores).toBeInstanceOf(Float32Array);
    expect(Number.isNaN(found?.runs[2]?.curve[1]?.loss)).toBe(true);
    expect(await find(store(), 'f'.repeat(64))).toBeNull();
    expect(await find(store(), undefined, 'other-cell')).toBeNull();
    expect(await find(store(), undefined, undefined, 'other-case')).toBeNull();
  });

  it('finds the newest complete batch of a key', async () => {
    const s = store();
    await s.saveBatch(runBundle({ batchId: 'old', prefix: 'old', finishedAt: '2026-03-01T00:00:00.000Z' }));
    await s.saveBatch(runBundle({ batchId: 'new', prefix: 'new', finishedAt: '2026-03-02T00:00:00.000Z' }));
    expect((await find(s))?.batch.id).toBe('new');
    // A run of the newest missing without having been deleted (a damaged store): passed over.
    await db.runs.delete(asRunId('new-1'));
    expect((await find(s))?.batch.id).toBe('old');
  });

  it('keeps a batch valid when some of its runs are deleted for good: the rest is restored, nothing retrains', async () => {
    const s = store();
    const bundle = runBundle();
    await s.saveBatch(bundle);
    await s.deleteForGood([asRunId('run-1')]);
    const found = await find(s);
    expect(found?.batch).toEqual(bundle.batch);
    expect(found?.runs.map((r) => r.id)).toEqual(['run-0', 'run-2', 'run-3']);
    expect(found?.artifacts.map((a) => a.runId)).toEqual(['run-0', 'run-2', 'run-3']);
    expect(await s.getBatch(bundle.batch.id)).toEqual(found);
    // Only the ids are kept of what was deleted: when, and from which batch and case.
    expect(await db.runDeletions.toArray()).toEqual([
      { runId: 'run-1', batchId: bundle.batch.id, caseId: 'case-1', deletedAt: '2026-04-01T00:00:00.000Z' },
    ]);
    expect((await s.listCase(asCaseId('case-1'))).deletions).toHaveLength(1);
    // Its last runs deleted, the batch goes, and the record of the deletion with it.
    await s.deleteForGood([asRunId('run-0'), asRunId('run-2'), asRunId('run-3')]);
    expect(await find(s)).toBeNull();
    expect(await db.runBatches.count()).toBe(0);
    expect(await db.runDeletions.count()).toBe(0);
  });

  it('never overwrites: a batch saved again, or a run id already stored, is refused whole', async () => {
    const s = store();
    const bundle = runBundle();
    await s.saveBatch(bundle);
    const changed = { ...bundle, runs: bundle.runs.map((r) => ({ ...r, label: 'rewritten' })) };
    await expect(s.saveBatch(changed)).rejects.toMatchObject({ code: 'storage' });
    // Another batch reusing a stored run id: nothing of it is written.
    await expect(s.saveBatch(runBundle({ batchId: 'other' }))).rejects.toMatchObject({ code: 'storage' });
    expect(await db.runBatches.count()).toBe(1);
    expect(await find(s)).toEqual(bundle);
  });

  it('refuses a bundle whose runs do not match its batch', async () => {
    const bundle = runBundle();
    await expect(store().saveBatch({ ...bundle, runs: bundle.runs.slice(1) })).rejects.toMatchObject({
      code: 'internal',
    });
    expect(await db.runs.count()).toBe(0);
  });
});

describe('RunStore: notes, hiding and deleting for good', () => {
  it('lists a case’s batches, runs and notes; tags and notes never touch the run records', async () => {
    const s = store();
    const bundle = runBundle();
    await s.saveBatch(bundle);
    await s.saveBatch(runBundle({ batchId: 'elsewhere', prefix: 'x', caseId: 'case-2' }));
    const notes = await s.annotate(asRunId('run-1'), [' best ', 'best', '', 'v1'], 'Ship this one.');
    expect(notes).toMatchObject({
      runId: 'run-1',
      tags: ['best', 'v1'],
      note: 'Ship this one.',
      hiddenAt: null,
    });
    const listed = await s.listCase(asCaseId('case-1'));
    expect(listed.batches.map((b) => b.id)).toEqual(['batch-1']);
    expect(listed.runs).toEqual(bundle.runs);
    expect(listed.notes).toEqual([notes]);
    expect(await find(s)).toEqual(bundle);
  });

  it('refuses tags and notes that do not fit, saying what to change', async () => {
    const s = store();
    await s.saveBatch(runBundle());
    await expect(s.annotate(asRunId('run-1'), ['x'.repeat(41)], '')).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringMatching(/longer than 40 characters: shorten it/),
    });
    const many = Array.from({ length: 21 }, (_, i) => `t${i}`);
    await expect(s.annotate(asRunId('run-1'), many, '')).rejects.toMatchObject({ code: 'bad-input' });
    await expect(s.annotate(asRunId('run-1'), [], 'n'.repeat(10_001))).rejects.toMatchObject({
      code: 'bad-input',
    });
    await expect(s.annotate(asRunId('nope'), ['a'], '')).rejects.toMatchObject({ code: 'storage' });
  });

  it('hides and unhides (reversible), keeping tags and the records', async () => {
    const s = store();
    const bundle = runBundle();
    await s.saveBatch(bundle);
    await s.annotate(asRunId('run-2'), ['keep'], '');
    await s.hide([asRunId('run-2'), asRunId('run-3')]);
    let notes = (await s.listCase(asCaseId('case-1'))).notes;
    expect(notes.map((n) => [n.runId, n.hiddenAt !== null, n.tags])).toEqual([
      ['run-2', true, ['keep']],
      ['run-3', true, []],
    ]);
    await s.unhide([asRunId('run-2')]);
    notes = (await s.listCase(asCaseId('case-1'))).notes;
    expect(notes.map((n) => [n.runId, n.hiddenAt])).toEqual([
      ['run-2', null],
      ['run-3', expect.any(String)],
    ]);
    expect(await find(s)).toEqual(bundle);
  });

  it('deletes for good: records, models, scores and notes; the batch goes with its last run', async () => {
    const s = store();
    await s.saveBatch(runBundle());
    await s.annotate(asRunId('run-0'), ['gone'], '');
    await s.deleteForGood([asRunId('run-0'), asRunId('run-1')]);
    expect(await s.getArtifact(asRunId('run-0'))).toBeUndefined();
    expect(await db.runNotes.count()).toBe(0);
    const listed = await s.listCase(asCaseId('case-1'));
    expect(listed.runs.map((r) => r.id)).toEqual(['run-2', 'run-3']);
    expect(listed.batches).toHaveLength(1);
    await s.deleteForGood([asRunId('run-2'), asRunId('run-3')]);
    expect(await db.runBatches.count()).toBe(0);
    expect(await db.runArtifacts.count()).toBe(0);
  });
});
