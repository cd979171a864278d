import { describe, expect, it } from 'vitest';
import { asCaseId, asCellId, asRunId } from '../notebook/ids';
import type { LiveBatch, MlpCheckpoint } from '../notebook/runs';
import { freshFactory, openDb } from './test-db';
import { runBundle } from './test-runs';
import { Workspace } from './workspace';

const CHECKPOINT: MlpCheckpoint = {
  epoch: 5,
  weights: [{ name: 'w', shape: [2], values: Float32Array.from([0.5, -1]) }],
  optimizer: [{ name: 'iter', shape: [], values: Float32Array.from([40]) }],
  best: { epoch: 4, loss: 0.3, weights: [{ name: 'w', shape: [2], values: Float32Array.from([0.4, -1]) }] },
  curve: [{ step: 5, loss: 0.31, validationLoss: 0.3 }],
};

/** A batch in training: its first two runs finished, the third (a network) in training. */
function live(lock = 'casebook:training:batch-1'): Omit<LiveBatch, 'updatedAt'> {
  const { batch, runs, artifacts } = runBundle();
  return {
    batch: { ...batch, runIds: batch.runIds.slice(0, 2), best: null },
    runs: runs.slice(0, 2),
    artifacts: artifacts.slice(0, 2),
    current: { ...runs[2]!, status: 'interrupted', curve: [{ step: 5, loss: 0.31, validationLoss: 0.3 }] },
    lock,
  };
}

function workspace() {
  let clock = 0;
  const now = () => new Date(Date.UTC(2026, 2, 1, 10, 0, clock++)).toISOString();
  return new Workspace(openDb(freshFactory()), { now });
}

/** A periodic checkpoint of `run` in batch-1, as the live fit writes it every few epochs. */
const periodic = (w: Workspace, run: string, checkpoint: MlpCheckpoint) =>
  w.training.checkpoint({ runId: asRunId(run), batchId: 'batch-1', reason: 'periodic', checkpoint });

const KEY = ['case-1', 't1', 'c'.repeat(64)] as const;
const findInterrupted = (w: Workspace) =>
  w.training.findInterrupted(asCaseId(KEY[0]), asCellId(KEY[1]), KEY[2]);

describe('TrainingJournal: a crash while training', () => {
  it('leaves a batch whose tab is alive alone, and saves one whose tab is gone as interrupted', async () => {
    const w = workspace();
    await w.training.write(live());
    await periodic(w, 'run-2', CHECKPOINT);
    expect(await w.training.recover(() => true)).toBe(0);
    expect(await findInterrupted(w)).toBeNull();

    expect(await w.training.recover(() => false)).toBe(1);
    const found = await findInterrupted(w);
    expect(found?.bundle.runs.map((r) => [r.id, r.status, r.index])).toEqual([
      ['run-0', 'done', 0],
      ['run-1', 'done', 1],
      ['run-2', 'interrupted', 2],
    ]);
    expect(found?.run.curve).toEqual([{ step: 5, loss: 0.31, validationLoss: 0.3 }]);
    expect(found?.run.message).toMatch(/Resume continues from the checkpoint of epoch 5/);
    expect(found?.checkpoint?.checkpoint).toEqual(CHECKPOINT);
    // It lists with the case's runs, and is never reused as a finished batch of its key.
    expect((await w.runs.listCase(asCaseId('case-1'))).runs.map((r) => r.status)).toContain('interrupted');
    expect(await w.runs.findBatch(asCaseId(KEY[0]), asCellId(KEY[1]), KEY[2])).toBeNull();
    // A second pass finds nothing left to recover.
    expect(await w.training.recover(() => false)).toBe(0);
  });

  it('the resumed batch replaces the interrupted one in one transaction, keeping notes; periodic checkpoints go', async () => {
    const w = workspace();
    await w.training.write(live());
    await periodic(w, 'run-2', CHECKPOINT);
    await w.training.recover(() => false);
    await w.runs.annotate(asRunId('run-0'), ['kept'], 'tagged while interrupted');
    await expect(w.runs.saveBatch(runBundle())).rejects.toThrow();
    await w.runs.saveBatch(runBundle(), { replacing: true });
    expect(await findInterrupted(w)).toBeNull();
    const bundle = await w.runs.findBatch(asCaseId(KEY[0]), asCellId(KEY[1]), KEY[2]);
    expect(bundle?.runs.map((r) => r.status)).toEqual(['done', 'done', 'done', 'failed']);
    expect(await w.training.getCheckpoint(asRunId('run-2'))).toBeUndefined();
    expect((await w.runs.listCase(asCaseId('case-1'))).notes.map((n) => n.note)).toEqual([
      'tagged while interrupted',
    ]);
    // Replacing is only for an interrupted batch: a finished one is never overwritten.
    await expect(w.runs.saveBatch(runBundle(), { replacing: true })).rejects.toThrow(/not stored any more/);
  });

  it('a resumed batch interrupted again replaces the older interrupted one, at its later checkpoint', async () => {
    const w = workspace();
    await w.training.write(live());
    await periodic(w, 'run-2', CHECKPOINT);
    expect(await w.training.recover(() => false)).toBe(1);
    await w.runs.annotate(asRunId('run-0'), ['kept'], 'noted while interrupted');

    // Resume: the same batch and run ids journaled again, on from epoch 5, then a crash.
    const later: MlpCheckpoint = {
      ...CHECKPOINT,
      epoch: 10,
      curve: Array.from({ length: 10 }, (_, i) => ({
        step: i + 1,
        loss: 0.5 - i / 100,
        validationLoss: 0.4,
      })),
    };
    const resumed = live();
    await w.training.write({
      ...resumed,
      current: resumed.current && { ...resumed.current, curve: later.curve.slice(0, 8) },
    });
    await periodic(w, 'run-2', later);
    expect(await w.training.recover(() => false)).toBe(1);

    const found = await findInterrupted(w);
    expect(found?.bundle.batch.id).toBe('batch-1');
    expect(found?.bundle.runs.map((r) => [r.id, r.status])).toEqual([
      ['run-0', 'done'],
      ['run-1', 'done'],
      ['run-2', 'interrupted'],
    ]);
    expect(found?.checkpoint?.checkpoint.epoch).toBe(10);
    expect(found?.run.curve.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(found?.run.message).toMatch(/^Interrupted after step 10: .*checkpoint of epoch 10/);
    expect((await w.runs.listCase(asCaseId('case-1'))).runs).toHaveLength(3);
    expect((await w.runs.listCase(asCaseId('case-1'))).notes.map((n) => n.note)).toEqual([
      'noted while interrupted',
    ]);
    expect(await w.training.recover(() => false)).toBe(0);
  });

  it("a resumed batch interrupted on a later run drops the finished run's checkpoint", async () => {
    const w = workspace();
    const first = live();
    await w.training.write({
      ...first,
      runs: first.runs.slice(0, 1),
      current: { ...first.runs[1]!, status: 'interrupted' },
      batch: { ...first.batch, runIds: first.batch.runIds.slice(0, 1) },
    });
    await periodic(w, 'run-1', CHECKPOINT);
    expect(await w.training.recover(() => false)).toBe(1);
    // Resumed: run-1 finished, run-2 in training at its first checkpoint, then a crash.
    await w.training.write(live());
    await periodic(w, 'run-2', CHECKPOINT);
    expect(await w.training.recover(() => false)).toBe(1);
    const found = await findInterrupted(w);
    expect(found?.run.id).toBe('run-2');
    expect(found?.bundle.runs.map((r) => r.status)).toEqual(['done', 'done', 'interrupted']);
    expect(await w.training.getCheckpoint(asRunId('run-1'))).toBeUndefined();
    expect((await w.training.getCheckpoint(asRunId('run-2')))?.checkpoint.epoch).toBe(5);
  });

  it('a diverged run keeps its best checkpoint after its batch is saved', async () => {
    const w = workspace();
    await w.training.write(live());
    await w.training.checkpoint({
      runId: asRunId('run-2'),
      batchId: 'batch-1',
      reason: 'best',
      checkpoint: CHECKPOINT,
    });
    await w.runs.saveBatch(runBundle());
    expect((await w.training.getCheckpoint(asRunId('run-2')))?.reason).toBe('best');
    expect(await w.training.recover(() => false)).toBe(0);
  });

  it('a live record that outlived its saved batch (a late write) never overwrites the saved batch', async () => {
    const w = workspace();
    await w.runs.saveBatch(runBundle());
    await w.training.write(live());
    expect(await w.training.recover(() => false)).toBe(0);
    const bundle = await w.runs.findBatch(asCaseId(KEY[0]), asCellId(KEY[1]), KEY[2]);
    expect(bundle?.runs).toHaveLength(4);
  });

  it('discards a batch that ended without anything to keep, checkpoints included', async () => {
    const w = workspace();
    await w.training.write(live());
    await periodic(w, 'run-2', CHECKPOINT);
    await w.training.discard('batch-1');
    expect(await w.training.recover(() => false)).toBe(0);
    expect(await w.training.getCheckpoint(asRunId('run-2'))).toBeUndefined();
  });
});

describe('Trash', () => {
  it('lists deleted cases newest first; a purge after 30 days removes them with their runs', async () => {
    const w = workspace();
    const { sampleCase } = await import('../notebook/test-helpers');
    await w.createCase(sampleCase());
    await w.createCase({ ...sampleCase(), id: asCaseId('case-2'), title: 'Other' });
    await w.runs.saveBatch(runBundle());
    await w.runs.saveBatch(runBundle({ batchId: 'b2', caseId: 'case-2', prefix: 'other' }));
    await w.putBlob('a'.repeat(64), new Blob(['x']));
    await w.deleteCase(asCaseId('case-1'));
    await w.deleteCase(asCaseId('case-2'));
    expect((await w.listTrash()).map((t) => t.id)).toEqual(['case-2', 'case-1']);
    await w.undeleteCase(asCaseId('case-2'));
    expect((await w.listTrash()).map((t) => t.id)).toEqual(['case-1']);

    expect(await w.purgeDeleted('2026-01-01T00:00:00.000Z')).toBe(0);
    expect(await w.purgeDeleted('2027-01-01T00:00:00.000Z')).toBe(1);
    expect(await w.listTrash()).toEqual([]);
    expect((await w.runs.listCase(asCaseId('case-1'))).runs).toEqual([]);
    expect((await w.runs.listCase(asCaseId('case-2'))).runs).toHaveLength(4);
    // The file only case-1 referred to is gone too (case-2's doc refers to the same hash: kept).
    expect(await w.hasBlob('a'.repeat(64))).toBe(true);
  });
});
